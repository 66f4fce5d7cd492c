import type { NextAuthConfig } from "next-auth";
import { getAuthSecret } from "./secret";
import { env } from "@/lib/env";
import { isIdleExpired } from "@/lib/domain/session";
import { MAX_SESSION_IDLE_MINUTES } from "@/lib/domain/settings";
import { sessionIdleLimit } from "./idle-limit";

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
    // Credentials require JWT sessions. The cookie is re-issued on every request and lives as long as
    // the longest idle limit 系统参数 allows; the jwt callback enforces the limit in force (env
    // SESSION_IDLE_MINUTES until an admin saves one), read through a short cache (lib/auth/idle-limit.ts).
    session: { strategy: "jwt", maxAge: Math.max(idleMinutes, MAX_SESSION_IDLE_MINUTES) * 60, updateAge: 0 },
    providers: [],
    callbacks: {
      async jwt({ token, user }) {
        const now = Date.now();
        if (user) {
          token.uid = user.id;
          token.sv = (user as { sessionVersion?: number }).sessionVersion;
          // How the user came in (password, oidc, cas, link): 用户注销 offers the OA's logout after an OA login.
          token.via = (user as { via?: string }).via ?? "password";
        } else if (isIdleExpired(token.lastSeen as number | undefined, now, await sessionIdleLimit(idleMinutes, now))) {
          return null;
        }
        token.lastSeen = now;
        return token;
      },
      session({ session, token }) {
        session.user.id = token.uid as string;
        (session as { sessionVersion?: number }).sessionVersion = token.sv as number;
        (session as { via?: string }).via = token.via as string | undefined;
        return session;
      },
      authorized({ auth }) {
        return Boolean(auth?.user);
      },
    },
  };
}
