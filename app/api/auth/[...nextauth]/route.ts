import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { ssoConfig } from "@/lib/auth/sso/config";

/**
 * Auth.js builds its addresses (the OA's OpenID Connect redirect URI, which must equal the one the sign-in
 * sent, and its own redirects) from the request URL. Behind server.mjs that URL carries the address the app
 * was started on (http://localhost:PORT), and Next's NextRequest rewrites any loopback host to "localhost"
 * (next-auth's own AUTH_URL swap goes through NextRequest, so it cannot help). The sign-in side builds its
 * addresses from the Host header, which the browser (or the proxy) sets to the public address; so here the
 * request is re-addressed to PUBLIC_URL as a plain Request, which keeps its URL exactly.
 */
function atPublicOrigin(request: NextRequest): NextRequest {
  const publicUrl = ssoConfig().publicUrl;
  // With AUTH_URL set, next-auth re-addresses the request itself (and needs a NextRequest to do it).
  if (!publicUrl || process.env.AUTH_URL) return request;
  const origin = new URL(publicUrl).origin;
  const url = new URL(request.url);
  if (url.origin === origin) return request;
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const init = { method: request.method, headers: request.headers, body: hasBody ? request.body : undefined, duplex: hasBody ? "half" : undefined };
  return new Request(`${origin}${url.pathname}${url.search}`, init as RequestInit) as NextRequest;
}

export const GET = (request: NextRequest) => handlers.GET(atPublicOrigin(request));
export const POST = (request: NextRequest) => handlers.POST(atPublicOrigin(request));
