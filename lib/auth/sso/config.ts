import { configuredPublicUrl } from "@/lib/http/public-url";

/**
 * Which OA single sign-on methods are on, from the environment (the secrets never live in the database).
 * Each method is off unless its variables are set; a method set only in part is a mistake that stops the
 * server at start (instrumentation.ts) rather than a login button that fails for every user.
 */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The ID-token / userinfo claim holding the user's OA account, matched against users.external_id. */
  usernameClaim: string;
  scope: string;
  label: string;
}

export interface CasConfig {
  /**
   * This system's own address as the OA reaches it (PUBLIC_URL): the CAS service URL is built from it, never
   * from the request's Host header, which a caller can forge to replay a ticket issued to another service.
   */
  serviceBase: string;
  /** e.g. https://oa.example.gov/cas — /login, /serviceValidate (2.0) or /p3/serviceValidate (3.0) and /logout are below it. */
  baseUrl: string;
  version: "2.0" | "3.0";
  /** Take the OA account from this attribute (CAS 3.0) instead of <cas:user>. */
  userAttribute: string | null;
  label: string;
}

export interface SignedLinkConfig {
  secret: string;
  maxAgeSeconds: number;
}

export interface SsoConfig {
  /** PUBLIC_URL without a trailing slash (the OA's addresses back to this system are built from it). */
  publicUrl: string | null;
  oidc: OidcConfig | null;
  cas: CasConfig | null;
  link: SignedLinkConfig | null;
  /** Where "同时退出 OA" leads when the method has no logout of its own (the signed link), or to override it. */
  oaLogoutUrl: string | null;
}

type Env = Record<string, string | undefined>;

function value(source: Env, name: string): string | null {
  const raw = source[name]?.trim();
  return raw ? raw : null;
}

function httpUrl(source: Env, name: string): string | null {
  const raw = value(source, name);
  if (raw === null) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`环境变量 ${name} 不是有效的网址："${raw}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`环境变量 ${name} 应以 http:// 或 https:// 开头："${raw}"`);
  return raw.replace(/\/+$/, "");
}

/** All or none: naming the variables that are missing when only some of a method's are set. */
function allOrNone(source: Env, method: string, names: string[]): boolean {
  const missing = names.filter((n) => value(source, n) === null);
  if (missing.length === names.length) return false;
  if (missing.length > 0) throw new Error(`${method} 单点登录配置不完整：缺少环境变量 ${missing.join("、")}`);
  return true;
}

export function parseSsoConfig(source: Env): SsoConfig {
  const publicUrl = configuredPublicUrl(source.PUBLIC_URL)?.href.replace(/\/+$/, "") ?? null;
  const oidcOn = allOrNone(source, "OpenID Connect", ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"]);
  // The redirect URI registered with the OA is built from it (app/api/auth/[...nextauth]/route.ts).
  if (oidcOn && !publicUrl) {
    throw new Error("开启 OpenID Connect 单点登录须同时设置 PUBLIC_URL（本系统的对外访问地址，回调地址为 PUBLIC_URL/api/auth/callback/oa）");
  }
  const oidc: OidcConfig | null = oidcOn
    ? {
        issuer: httpUrl(source, "OIDC_ISSUER")!,
        clientId: value(source, "OIDC_CLIENT_ID")!,
        clientSecret: value(source, "OIDC_CLIENT_SECRET")!,
        usernameClaim: value(source, "OIDC_USERNAME_CLAIM") ?? "preferred_username",
        scope: value(source, "OIDC_SCOPE") ?? "openid profile",
        label: value(source, "OIDC_LABEL") ?? "OA 统一身份认证登录",
      }
    : null;

  let cas: CasConfig | null = null;
  const casBase = httpUrl(source, "CAS_BASE_URL");
  if (casBase) {
    const serviceBase = publicUrl;
    if (!serviceBase) throw new Error("开启 CAS 单点登录须同时设置 PUBLIC_URL（本系统的对外访问地址，如 https://dcdb.example.gov）");
    const version = value(source, "CAS_VERSION") ?? "3.0";
    if (version !== "2.0" && version !== "3.0") throw new Error(`环境变量 CAS_VERSION 只能是 2.0 或 3.0，当前为 "${version}"`);
    cas = { baseUrl: casBase, serviceBase, version, userAttribute: value(source, "CAS_USERNAME_ATTRIBUTE"), label: value(source, "CAS_LABEL") ?? "OA 门户登录（CAS）" };
  }

  let link: SignedLinkConfig | null = null;
  const secret = value(source, "SSO_LINK_SECRET");
  if (secret) {
    if (secret.length < 32) throw new Error("环境变量 SSO_LINK_SECRET 至少 32 个字符（与 OA 共享的签名密钥）");
    const rawAge = value(source, "SSO_LINK_MAX_AGE_SECONDS") ?? "120";
    const maxAgeSeconds = Number(rawAge);
    if (!Number.isInteger(maxAgeSeconds) || maxAgeSeconds < 10 || maxAgeSeconds > 600) {
      throw new Error(`环境变量 SSO_LINK_MAX_AGE_SECONDS 应为 10 到 600 之间的整数（秒），当前为 "${rawAge}"`);
    }
    link = { secret, maxAgeSeconds };
  }

  return { publicUrl, oidc, cas, link, oaLogoutUrl: httpUrl(source, "OA_LOGOUT_URL") };
}

let cached: { key: string; config: SsoConfig } | undefined;
const NAMES = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_USERNAME_CLAIM", "OIDC_SCOPE", "OIDC_LABEL", "CAS_BASE_URL", "CAS_VERSION", "CAS_USERNAME_ATTRIBUTE", "CAS_LABEL", "PUBLIC_URL", "SSO_LINK_SECRET", "SSO_LINK_MAX_AGE_SECONDS", "OA_LOGOUT_URL"];

/** The configuration in force (parsed once per distinct environment). */
export function ssoConfig(): SsoConfig {
  const key = NAMES.map((n) => process.env[n] ?? "").join("\u0000");
  if (!cached || cached.key !== key) cached = { key, config: parseSsoConfig(process.env) };
  return cached.config;
}
