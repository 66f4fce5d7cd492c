import NextAuth from "next-auth";
import { baseAuthConfig } from "@/lib/auth/auth.config";

const { auth } = NextAuth(baseAuthConfig());

// Redirects anonymous page requests to /login and re-issues the session cookie on every request
// (sliding idle expiry). It is a convenience, not the security boundary: every page, action and route
// handler checks the viewer against the database itself (lib/auth/viewer.ts).
export default auth;

// The upload route (exactly /api/attachments) is left out: when a proxy runs, Next buffers the request
// body in memory and cuts it at 10 MB, which would break streaming uploads of up to 50 MB. The route
// checks the viewer itself and answers 401 JSON. Downloads (/api/attachments/<id>) still pass here, so
// an expired session gets the login page before the file.
export const config = {
  matcher: ["/((?!login|api/auth|api/health|api/attachments$|_next/static|_next/image|favicon.ico|manifest.webmanifest|icons/).*)"],
};
