import "server-only";
import { ssoConfig, type OidcConfig } from "./config";
import { casLogoutUrl } from "./cas";
import type { SsoMethod } from "@/lib/services/auth/sso-login";

let discovered: { issuer: string; endSession: string | null; at: number } | undefined;

/** The OA's RP-initiated logout endpoint from its discovery document (cached for an hour; null if it has none or cannot be reached). */
async function endSessionEndpoint(oidc: OidcConfig): Promise<string | null> {
  if (discovered && discovered.issuer === oidc.issuer && Date.now() - discovered.at < 3_600_000) return discovered.endSession;
  try {
    const response = await fetch(`${oidc.issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(3000) });
    const document = response.ok ? ((await response.json()) as { end_session_endpoint?: unknown }) : {};
    const endSession = typeof document.end_session_endpoint === "string" ? document.end_session_endpoint : null;
    discovered = { issuer: oidc.issuer, endSession, at: Date.now() };
    return endSession;
  } catch {
    return null;
  }
}

/**
 * After 用户注销 of a user who came in from the OA: where "同时退出 OA" leads, or null when the OA offers no
 * logout for that method. OA_LOGOUT_URL, when set, is used for every method.
 */
export async function oaLogoutUrl(via: string | undefined): Promise<string | null> {
  const config = ssoConfig();
  const method = via as SsoMethod | undefined;
  if (method !== "oidc" && method !== "cas" && method !== "link") return null;
  if (config.oaLogoutUrl) return config.oaLogoutUrl;
  if (method === "cas" && config.cas) return casLogoutUrl(config.cas, `${config.cas.serviceBase}/login`);
  if (method === "oidc" && config.oidc) {
    const endpoint = await endSessionEndpoint(config.oidc);
    if (!endpoint) return null;
    const url = new URL(endpoint);
    url.searchParams.set("client_id", config.oidc.clientId);
    if (config.publicUrl) url.searchParams.set("post_logout_redirect_uri", `${config.publicUrl}/login`);
    return url.toString();
  }
  return null;
}
