import { DomainError } from "@/lib/domain/errors";

/**
 * The check Next applies to server actions, for route handlers that change something with the
 * session cookie (uploads, imports): the browser's Origin must name this host (X-Forwarded-Host, as
 * set by the proxy, or Host), and Sec-Fetch-Site must not say the request came from another site.
 * A request with neither header (curl, an old browser) is not a cross-site browser request and passes,
 * as it does for server actions; it still needs a valid session.
 */
export function isSameOrigin(headers: Headers): boolean {
  const fetchSite = headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") return false;
  const origin = headers.get("origin");
  if (!origin) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false; // "null" (sandboxed frames, file:) and garbage are not this site
  }
  const host = (headers.get("x-forwarded-host") ?? headers.get("host") ?? "").split(",")[0]!.trim();
  return host !== "" && originHost.toLowerCase() === host.toLowerCase();
}

/** Throws FORBIDDEN (403) for a cross-origin request; see isSameOrigin. */
export function assertSameOrigin(request: Request): void {
  if (!isSameOrigin(request.headers)) throw new DomainError("FORBIDDEN", "请求来源不被允许，请从本系统页面操作");
}
