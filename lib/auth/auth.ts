import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { baseAuthConfig } from "./auth.config";
import { authenticate } from "@/lib/services/auth/authenticate";
import { getLockoutPolicy, getSessionIdleMinutes } from "@/lib/data/settings";
import { registerSessionIdleLoader } from "./idle-limit";
import { clientIp } from "./request-meta";
import { recordFailure, throttledMinutes } from "./ip-throttle";

/** Carries the reason a login was refused to the login action (Auth.js exposes `code`). */
class LoginRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

const base = baseAuthConfig();
// The idle limit saved in 系统参数; the proxy's copy of the jwt callback reads it through the same cache.
registerSessionIdleLoader(() => getSessionIdleMinutes());

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...base,
  logger: {
    // A refused login is an expected outcome (already in the audit log), not an error with a stack trace.
    error(error) {
      if ((error as { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
  },
  providers: [
    Credentials({
      credentials: { username: {}, password: {} },
      async authorize(credentials, request) {
        const username = typeof credentials?.username === "string" ? credentials.username : "";
        const password = typeof credentials?.password === "string" ? credentials.password : "";
        if (!username || !password) throw new LoginRefused("invalid");
        const ip = clientIp(request.headers);
        const waitMinutes = await throttledMinutes(ip);
        if (waitMinutes > 0) throw new LoginRefused(`throttled:${waitMinutes}`);
        const result = await authenticate(
          { username, password, ip, userAgent: request.headers.get("user-agent") },
          await getLockoutPolicy(),
        );
        if (!result.ok) await recordFailure(ip);
        if (!result.ok) throw new LoginRefused(result.reason === "locked" ? `locked:${result.minutesLeft}` : result.reason);
        return { id: result.user.id, name: result.user.displayName, sessionVersion: result.user.sessionVersion };
      },
    }),
  ],
});
