import NextAuth from "next-auth";
import { baseAuthConfig } from "@/lib/auth/auth.config";

const { auth } = NextAuth(baseAuthConfig());

// Redirects anonymous page requests to /login and re-issues the session cookie on every request
// (sliding idle expiry). It is a convenience, not the security boundary: every page, action and route
// handler checks the viewer against the database itself (lib/auth/viewer.ts).
export default auth;

export const config = {
  matcher: ["/((?!login|api/auth|api/health|_next/static|_next/image|favicon.ico|manifest.webmanifest|icons/).*)"],
};
