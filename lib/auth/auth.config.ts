import type { NextAuthConfig } from "next-auth";
import { getAuthSecret } from "./secret";
import { env } from "@/lib/env";
import { isIdleExpired } from "@/lib/domain/session";
import { MAX_SESSION_IDLE_MINUTES } from "@/lib/domain/settings";
import { sessionIdleLimit } from "./idle-limit";
import { configuredPublicUrl } from "@/lib/http/public-url";

/**
 * Secure cookies (`Secure` + the `__Secure-` prefix): always when PUBLIC_URL is https — behind a TLS proxy the
 * app itself may be spoken to over http, and a proxy that forgets X-Forwarded-Proto must not downgrade the
 * cookie. Otherwise Auth.js decides per request (https, or X-Forwarded-Proto: https, since trustHost is on).
 * The cookie is HttpOnly and SameSite=Lax in every case (Auth.js's defaults, held by lib/auth/cookies.int.test.ts).
 */
export function secureCookiesFromPublicUrl(raw: string | undefined): true | undefined {
  return configuredPublicUrl(raw)?.protocol === "https:" ? true : undefined;
}

/**
 * The database-free part of the Auth.js configuration, shared by the proxy (which refreshes the
 * session cookie on every page request, so activity keeps a session alive) and the full config.
 */
export function baseAuthConfig(): NextAuthConfig {
  const idleMinutes = env.sessionIdleMinutes;
  return {
    secret: getAuthSecret(),
    trustHost: true,
    useSecureCookies: secureCookiesFromPublicUrl(process.env.PUBLIC_URL),
    pages: { signIn: "/login" },
    // Credentials require JWT sessions. The cookie is re-issued on every request and lives as long as
    // the longest idle limit 系统参数 allows; the jwt callback enforces the limit in force (env
    // SESSION_IDLE_MINUTES until an admin saves one), read at every request (lib/auth/idle-limit.ts).
    session: { strategy: "jwt", maxAge: Math.max(idleMinutes, MAX_SESSION_IDLE_MINUTES) * 60, updateAge: 0 },
    providers: [],
    callbacks: {
      async jwt({ token, user }) {
        const now = Date.now();
        if (user) {
          token.uid = user.id;
          token.sv = (user as { sessionVersion?: number }).sessionVersion;
          // The login's row in user_sessions (a new one per login: the session registry, its limit and revocation).
          token.sid = (user as { sessionId?: string }).sessionId;
          // How the user came in (password, oidc, cas, link): 用户注销 offers the OA's logout after an OA login.
          token.via = (user as { via?: string }).via ?? "password";
        } else if (isIdleExpired(token.lastSeen as number | undefined, now, await sessionIdleLimit(idleMinutes))) {
          return null;
        }
        token.lastSeen = now;
        return token;
      },
      session({ session, token }) {
        session.user.id = token.uid as string;
        (session as { sessionVersion?: number }).sessionVersion = token.sv as number;
        (session as { sessionId?: string }).sessionId = token.sid as string | undefined;
        (session as { via?: string }).via = token.via as string | undefined;
        return session;
      },
      authorized({ auth }) {
        return Boolean(auth?.user);
      },
    },
  };
}
