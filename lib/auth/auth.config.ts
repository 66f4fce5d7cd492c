import type { NextAuthConfig } from "next-auth";
import { getAuthSecret } from "./secret";
import { env } from "@/lib/env";
import { isIdleExpired } from "@/lib/domain/session";

/**
 * The database-free part of the Auth.js configuration, shared by the proxy (which refreshes the
 * session cookie on every page request, so activity keeps a session alive) and the full config.
 */
export function baseAuthConfig(): NextAuthConfig {
  const idleMinutes = env.sessionIdleMinutes;
  return {
    secret: getAuthSecret(),
    trustHost: true,
    pages: { signIn: "/login" },
    // Credentials require JWT sessions. maxAge doubles as the idle limit: the cookie is re-issued on
    // every request, so it only lapses after `idleMinutes` without one.
    session: { strategy: "jwt", maxAge: idleMinutes * 60, updateAge: 0 },
    providers: [],
    callbacks: {
      jwt({ token, user }) {
        const now = Date.now();
        if (user) {
          token.uid = user.id;
          token.sv = (user as { sessionVersion?: number }).sessionVersion;
        } else if (isIdleExpired(token.lastSeen as number | undefined, now, idleMinutes)) {
          return null;
        }
        token.lastSeen = now;
        return token;
      },
      session({ session, token }) {
        session.user.id = token.uid as string;
        (session as { sessionVersion?: number }).sessionVersion = token.sv as number;
        return session;
      },
      authorized({ auth }) {
        return Boolean(auth?.user);
      },
    },
  };
}
