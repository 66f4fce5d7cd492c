import NextAuth, { CredentialsSignin, type User } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { OIDCConfig } from "next-auth/providers";
import { baseAuthConfig } from "./auth.config";
import { authenticate } from "@/lib/services/auth/authenticate";
import { consumeLinkNonce, recordSsoRefusal, ssoLogin, type SsoLoginResult, type SsoMethod } from "@/lib/services/auth/sso-login";
import { getLockoutPolicy, getSessionIdleMinutes } from "@/lib/data/settings";
import { checkSignedLink } from "@/lib/domain/sso/signed-link";
import { sameSitePath } from "@/lib/http/same-site-path";
import { registerSessionIdleLoader } from "./idle-limit";
import { clientIp } from "./request-meta";
import { recordFailure, throttledMinutes } from "./ip-throttle";
import { requestMeta } from "./request-context";
import { ssoConfig, type OidcConfig } from "./sso/config";
import { casServiceUrl, validateCasTicket } from "./sso/cas";

/** Carries the reason a login was refused to the login action (Auth.js exposes `code`). */
class LoginRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

const base = baseAuthConfig();
const sso = ssoConfig();
// The idle limit saved in 系统参数, read at every request; the proxy's copy of the jwt callback reads it through the same loader.
registerSessionIdleLoader(() => getSessionIdleMinutes());

/** What the session remembers about a login: the user, the session version, and how they came in. */
function sessionUser(result: Extract<SsoLoginResult, { ok: true }>, via: SsoMethod | "password"): User {
  return { id: result.user.id, name: result.user.displayName, sessionVersion: result.user.sessionVersion, sessionId: result.user.sessionId, via } as User;
}

/** The address throttle applies to the OA's entries as to passwords: a stream of forged links or tickets is slowed. */
async function throttled(request: Request): Promise<string | null> {
  const ip = clientIp(request.headers);
  const waitMinutes = await throttledMinutes(ip);
  if (waitMinutes > 0) throw new LoginRefused(`throttled:${waitMinutes}`);
  return ip;
}

async function ssoAuthorize(method: SsoMethod, externalId: string, request: Request, ip: string | null): Promise<User> {
  const result = await ssoLogin({ method, externalId, ip, userAgent: request.headers.get("user-agent") });
  if (!result.ok) {
    await recordFailure(ip);
    throw new LoginRefused(result.reason);
  }
  return sessionUser(result, method);
}

/** A refusal before any user was found (bad link, rejected ticket): audited, counted against the address. */
async function refuse(method: SsoMethod, reason: string, request: Request, ip: string | null, claimedUser?: string | null): Promise<never> {
  await recordSsoRefusal({ method, reason, claimedUser, ip, userAgent: request.headers.get("user-agent") });
  await recordFailure(ip);
  throw new LoginRefused(reason);
}

const str = (value: unknown) => (typeof value === "string" ? value : "");

/** OpenID Connect against the OA (the OA is the identity provider); the user is matched in the signIn callback. */
function oidcProvider(config: OidcConfig): OIDCConfig<Record<string, unknown>> {
  return {
    id: "oa",
    name: config.label,
    type: "oidc",
    issuer: config.issuer,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorization: { params: { scope: config.scope } },
    checks: ["pkce", "state", "nonce"],
    // The ID token is verified, then the claims are read from userinfo (OAs often keep the account name there).
    idToken: false,
    // The OA account (→ account.providerAccountId); without the claim nobody matches and the login is refused.
    profile(profile) {
      return { id: str(profile[config.usernameClaim]), name: str(profile.name) };
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth({
  ...base,
  // A failed OA round trip (state mismatch, OA down) comes back to the login page with ?error=…
  pages: { ...base.pages, error: "/login" },
  logger: {
    // A refused login is an expected outcome (already in the audit log), not an error with a stack trace.
    error(error) {
      if ((error as { type?: string }).type === "CredentialsSignin") return;
      console.error("[auth]", error);
    },
  },
  callbacks: {
    ...base.callbacks,
    /**
     * For the OA's OpenID Connect login: find the local user linked to the OA account. Auth.js passes this
     * same `user` object on to the jwt callback (no adapter, JWT sessions), so the local id replaces the
     * OA's here; a refusal sends the browser to the login page with the reason.
     */
    async signIn({ user, account }) {
      if (account?.provider !== "oa") return true;
      const meta = await requestMeta();
      if (!account.providerAccountId) {
        await recordSsoRefusal({ method: "oidc", reason: "missing_claim", ...meta });
        return "/login?sso=missing_claim";
      }
      // Auth.js gives `user` a random id and keeps what profile() returned as the account's providerAccountId.
      const result = await ssoLogin({ method: "oidc", externalId: account.providerAccountId, ...meta });
      if (!result.ok) {
        await recordFailure(meta.ip ?? null);
        return `/login?sso=${result.reason}`;
      }
      Object.assign(user, sessionUser(result, "oidc"));
      return true;
    },
  },
  providers: [
    Credentials({
      credentials: { username: {}, password: {} },
      async authorize(credentials, request) {
        const username = str(credentials?.username);
        const password = str(credentials?.password);
        if (!username || !password) throw new LoginRefused("invalid");
        const ip = await throttled(request);
        const result = await authenticate(
          { username, password, ip, userAgent: request.headers.get("user-agent") },
          await getLockoutPolicy(),
        );
        if (!result.ok) await recordFailure(ip);
        if (!result.ok) throw new LoginRefused(result.reason === "locked" ? `locked:${result.minutesLeft}` : result.reason);
        return sessionUser(result, "password");
      },
    }),
    ...(sso.cas
      ? [
          Credentials({
            id: "cas",
            name: sso.cas.label,
            credentials: { ticket: {}, next: {} },
            /** A CAS service ticket from the OA, validated with the OA for exactly our service URL. */
            async authorize(credentials, request) {
              const cas = sso.cas!;
              const ip = await throttled(request);
              const validation = await validateCasTicket(cas, casServiceUrl(cas, sameSitePath(str(credentials?.next))), str(credentials?.ticket));
              if (!validation.ok) return refuse("cas", validation.code === "OA_UNAVAILABLE" ? "oa_unavailable" : "ticket_rejected", request, ip);
              return ssoAuthorize("cas", validation.user, request, ip);
            },
          }),
        ]
      : []),
    ...(sso.link
      ? [
          Credentials({
            id: "oa-link",
            credentials: { user: {}, ts: {}, nonce: {}, sig: {} },
            /** The OA's signed entry link: signature, age, then single use of its nonce. */
            async authorize(credentials, request) {
              const link = sso.link!;
              const ip = await throttled(request);
              const params = { user: str(credentials?.user), ts: str(credentials?.ts), nonce: str(credentials?.nonce), sig: str(credentials?.sig) };
              const check = checkSignedLink(params, link.secret, Math.floor(Date.now() / 1000), link.maxAgeSeconds);
              if (!check.ok) return refuse("link", `link_${check.reason}`, request, ip, params.user);
              if (!(await consumeLinkNonce(check.nonce, link.maxAgeSeconds))) return refuse("link", "link_replayed", request, ip, check.user);
              return ssoAuthorize("link", check.user, request, ip);
            },
          }),
        ]
      : []),
    ...(sso.oidc ? [oidcProvider(sso.oidc)] : []),
  ],
});
