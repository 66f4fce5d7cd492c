import NextAuth from "next-auth";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { baseAuthConfig } from "@/lib/auth/auth.config";
import { contentSecurityPolicy, frameAncestors, newNonce, STATIC_SECURITY_HEADERS } from "@/lib/http/security-headers";

const { auth } = NextAuth(baseAuthConfig());
const dev = process.env.NODE_ENV !== "production";
const ancestors = frameAncestors(process.env.FRAME_ANCESTORS);

/**
 * Lets a page request through with the security headers: a fresh nonce per request, put in the CSP on
 * the request (Next reads the nonce from there and stamps it on its scripts) and on the response.
 */
function securedPage(request: NextRequest): NextResponse {
  const csp = contentSecurityPolicy(newNonce(), { dev, frameAncestors: ancestors });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  for (const [name, value] of Object.entries(STATIC_SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

const isApi = (request: NextRequest) => request.nextUrl.pathname.startsWith("/api/");
const isHelp = (request: NextRequest) => request.nextUrl.pathname === "/help" || request.nextUrl.pathname.startsWith("/help/");

// Re-issues the session cookie on every request (sliding idle expiry). Anonymous API calls get 401 JSON
// (a script cannot follow a redirect to a login page); anonymous page requests go to /login. This is a
// convenience, not the security boundary: every page, action and route handler checks the viewer
// against the database itself (lib/auth/viewer.ts).
const withSession = auth((request) => {
  if (!request.auth) {
    if (isApi(request)) {
      return NextResponse.json(
        { code: "UNAUTHENTICATED", message: "登录已失效，请重新登录" },
        { status: 401, headers: { "Cache-Control": "no-store", ...STATIC_SECURITY_HEADERS } },
      );
    }
    const login = new URL("/login", request.nextUrl);
    login.searchParams.set("callbackUrl", request.nextUrl.href);
    return NextResponse.redirect(login);
  }
  // Route handlers set their own headers (a download carries a sandbox CSP of its own).
  return isApi(request) ? NextResponse.next() : securedPage(request);
});

// Server actions accept at most 1 MB (next.config.ts). Refuse a larger declared body here with a plain
// 413 before anything reads it; a body without a declared length still meets Next's own limit.
const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

export default function proxy(request: NextRequest, event: NextFetchEvent) {
  if (request.method === "POST" && !isApi(request) && Number(request.headers.get("content-length")) > ACTION_BODY_LIMIT_BYTES) {
    return new Response("请求内容过大", { status: 413, headers: { "Content-Type": "text/plain; charset=utf-8", ...STATIC_SECURITY_HEADERS } });
  }
  // The login page is public, and must not have a session cookie re-issued under the login action's feet.
  // So is the 操作手册 (/help, its screenshots and PDF): the login page links to it, and whoever cannot log in
  // needs it most.
  if (request.nextUrl.pathname === "/login" || isHelp(request)) return securedPage(request);
  // auth(handler) is typed for route handlers; as the proxy it is called with the fetch event.
  return (withSession as unknown as (request: NextRequest, event: NextFetchEvent) => Promise<Response>)(request, event);
}

// Left out: Auth.js's own endpoints (the proxy's cookie refresh would race sign-out), the OA single sign-on
// entries under /sso/ (they are how a user without a session arrives; they set their own headers), the health check,
// static files (the app manifest, icons, the service worker and its offline page: public, and fetched
// without a session), and the upload route (exactly /api/attachments): with a proxy, Next buffers the request
// body and cuts it at 10 MB, which would break streaming uploads of up to 50 MB; that route checks the
// viewer itself and answers 401 JSON. Also the header's counts (exactly /api/badges): every open page polls it
// every 30 s, and through the proxy each poll re-issued the session cookie, so a tab left open never reached the
// idle limit (等保: a session unused for SESSION_IDLE_MINUTES ends). The route checks the viewer itself, idle
// limit included, and a route handler's auth() reads the cookie without re-issuing it.
export const config = {
  matcher: ["/((?!api/auth|sso/|api/health|api/attachments$|api/badges$|_next/static|_next/image|favicon.ico|icon.svg|manifest.webmanifest|icons/|sw.js$|offline.html$).*)"],
};
