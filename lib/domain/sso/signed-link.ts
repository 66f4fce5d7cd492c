import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The OA's signed entry link (the simplest single sign-on many portals offer): the portal builds
 * `/sso/link?user=<OA account>&ts=<unix seconds>&nonce=<random>&sig=<hex>` where
 * `sig = HMAC-SHA256(shared secret, user + "\n" + ts + "\n" + nonce)`. The link is valid for a short window
 * after `ts` and, because its nonce is recorded when used (lib/services/auth/sso-login.ts), only once.
 */
export interface SignedLinkParams {
  user: string;
  ts: string;
  nonce: string;
  sig: string;
}

export type SignedLinkCheck =
  | { ok: true; user: string; nonce: string; issuedAt: number }
  | { ok: false; reason: "malformed" | "bad_signature" | "expired" };

/** A link may be dated this far in the future (the OA's clock runs ahead of ours). */
export const CLOCK_SKEW_SECONDS = 30;
const NONCE = /^[A-Za-z0-9_-]{16,128}$/;
const TIMESTAMP = /^\d{1,12}$/;
const SIGNATURE = /^[0-9a-f]{64}$/i;

export function signedLinkPayload(user: string, ts: string, nonce: string): string {
  return `${user}\n${ts}\n${nonce}`;
}

export function signLink(secret: string, user: string, ts: string, nonce: string): string {
  return createHmac("sha256", secret).update(signedLinkPayload(user, ts, nonce), "utf8").digest("hex");
}

/**
 * Checks a link's shape, signature (constant time) and age. The nonce's single use is checked against the
 * database by the caller; this function is pure.
 */
export function checkSignedLink(params: Partial<SignedLinkParams>, secret: string, nowSeconds: number, maxAgeSeconds: number): SignedLinkCheck {
  const { user, ts, nonce, sig } = params;
  if (!user || user.length > 128 || /[\u0000-\u001f]/.test(user) || !ts || !TIMESTAMP.test(ts) || !nonce || !NONCE.test(nonce) || !sig || !SIGNATURE.test(sig)) {
    return { ok: false, reason: "malformed" };
  }
  const expected = Buffer.from(signLink(secret, user, ts, nonce), "hex");
  if (!timingSafeEqual(expected, Buffer.from(sig.toLowerCase(), "hex"))) return { ok: false, reason: "bad_signature" };
  const issuedAt = Number(ts);
  if (issuedAt > nowSeconds + CLOCK_SKEW_SECONDS || nowSeconds - issuedAt > maxAgeSeconds) return { ok: false, reason: "expired" };
  return { ok: true, user, nonce, issuedAt };
}
