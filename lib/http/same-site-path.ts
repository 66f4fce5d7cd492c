/**
 * Where to go after a login: only a path on this site. An absolute or protocol-relative address (an open
 * redirect after login is a phishing aid), a back-slash trick or a control character falls back to "/";
 * the login page itself is never a destination.
 */
export function sameSitePath(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\") || /[\u0000-\u001f\\]/.test(next)) return "/";
  const url = new URL(next, "http://localhost");
  if (url.origin !== "http://localhost" || url.pathname.startsWith("/login")) return "/";
  return url.pathname + url.search;
}
