import { XMLParser } from "fast-xml-parser";
import type { CasConfig } from "./config";

/**
 * CAS 2.0 / 3.0 service-ticket validation (the protocol many Chinese OA portals speak): the browser goes to
 * the OA's `/login?service=…`, comes back with `?ticket=ST-…`, and the server asks the OA's
 * `/serviceValidate` (2.0) or `/p3/serviceValidate` (3.0) whether the ticket was issued for exactly that
 * service. The service URL is always built here from our own address (never taken from the request), so a
 * ticket issued to another application cannot be replayed against this one.
 */
/** Where the OA sends the browser back with a ticket; `next` (a same-site path) rides along in it. */
export function casServiceUrl(cas: CasConfig, next: string): string {
  return `${cas.serviceBase}/sso/cas${next && next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`;
}

export function casLoginUrl(cas: CasConfig, service: string): string {
  return `${cas.baseUrl}/login?service=${encodeURIComponent(service)}`;
}

export function casLogoutUrl(cas: CasConfig, returnTo: string): string {
  return `${cas.baseUrl}/logout?service=${encodeURIComponent(returnTo)}`;
}

export function casValidateUrl(cas: CasConfig, service: string, ticket: string): string {
  const path = cas.version === "3.0" ? "/p3/serviceValidate" : "/serviceValidate";
  return `${cas.baseUrl}${path}?service=${encodeURIComponent(service)}&ticket=${encodeURIComponent(ticket)}`;
}

/** Service tickets start with ST- (CAS protocol §3.1.1); anything else is refused before the OA is asked. */
export function isServiceTicket(ticket: string): boolean {
  return /^ST-[\x21-\x7e]{1,252}$/.test(ticket);
}

export type CasValidation = { ok: true; user: string } | { ok: false; code: string };

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: false, parseTagValue: false, trimValues: true });

function text(node: unknown): string | null {
  if (typeof node === "string") return node.trim() || null;
  if (node && typeof node === "object" && "#text" in node) return text((node as { "#text": unknown })["#text"]);
  if (Array.isArray(node)) return text(node[0]);
  return null;
}

/** Reads a /serviceValidate answer: the OA account (from `userAttribute` when set) or the failure code. */
export function parseCasResponse(xml: string, userAttribute: string | null): CasValidation {
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch {
    return { ok: false, code: "INVALID_RESPONSE" };
  }
  const response = doc.serviceResponse as Record<string, unknown> | undefined;
  if (!response || typeof response !== "object") return { ok: false, code: "INVALID_RESPONSE" };
  const failure = response.authenticationFailure;
  if (failure !== undefined) {
    const code = failure && typeof failure === "object" ? (failure as Record<string, unknown>)["@_code"] : undefined;
    return { ok: false, code: typeof code === "string" && code ? code : "AUTHENTICATION_FAILURE" };
  }
  const success = response.authenticationSuccess as Record<string, unknown> | undefined;
  if (!success || typeof success !== "object") return { ok: false, code: "INVALID_RESPONSE" };
  const attributes = success.attributes as Record<string, unknown> | undefined;
  const user = userAttribute ? text(attributes?.[userAttribute]) : text(success.user);
  return user ? { ok: true, user } : { ok: false, code: userAttribute ? "MISSING_ATTRIBUTE" : "INVALID_RESPONSE" };
}

/** Asks the OA about a ticket; an OA that is down or slow is a refusal with its own code, not a hang. */
export async function validateCasTicket(
  cas: CasConfig,
  service: string,
  ticket: string,
  fetchImpl: typeof fetch = fetch,
  timeoutMs = 5000,
): Promise<CasValidation> {
  if (!isServiceTicket(ticket)) return { ok: false, code: "INVALID_TICKET" };
  try {
    const response = await fetchImpl(casValidateUrl(cas, service, ticket), { signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
    if (!response.ok) return { ok: false, code: "OA_UNAVAILABLE" };
    return parseCasResponse(await response.text(), cas.userAttribute);
  } catch {
    return { ok: false, code: "OA_UNAVAILABLE" };
  }
}
