import { generatedSecret } from "@/lib/generated-secret";
import { normalizeMobile } from "@/lib/domain/messages";
import { blindIndex, open, piiKey, piiKeyring, seal, type PiiKeyring } from "./sm4-field";

/**
 * The process's personal-data keyring, from the configuration:
 *   PII_KEY       the current SM4 master key, 32 hex digits (128 bits); unset → generated once into
 *                 $DATA_DIR/pii-key (like AUTH_SECRET), so a demo machine needs nothing
 *   PII_KEY_ID    its id, written into every value it seals (default k1)
 *   PII_OLD_KEYS  earlier keys still needed to read values sealed before a rotation: "k1:<hex>,k0:<hex>"
 * Rotation: README "个人信息加密（SM4）" and `npm run pii:rotate`.
 */
function generatedKeyHex(): string {
  return generatedSecret("pii-key", 16, "hex");
}

export function keyringFromEnv(source: NodeJS.ProcessEnv = process.env): PiiKeyring {
  const hex = source.PII_KEY || generatedKeyHex();
  return piiKeyring(piiKey(source.PII_KEY_ID || "k1", hex), source.PII_OLD_KEYS ?? "");
}

const globalForKeys = globalThis as unknown as { __dcdbPiiKeyring?: PiiKeyring };

export function currentKeyring(): PiiKeyring {
  globalForKeys.__dcdbPiiKeyring ??= keyringFromEnv();
  return globalForKeys.__dcdbPiiKeyring;
}

/** Tests: forget the loaded keyring (the next use reads the configuration again), or install one. */
export function setKeyring(ring: PiiKeyring | undefined): void {
  globalForKeys.__dcdbPiiKeyring = ring;
}

export function encryptPii(plain: string): string {
  return seal(currentKeyring(), plain);
}

export function decryptPii(sealed: string): string {
  return open(currentKeyring(), sealed);
}

/** What the blind index is computed over: the normalised mainland number, else the trimmed text as stored. */
function mobileIndexInput(value: string): string {
  return normalizeMobile(value) ?? value.trim();
}

/** The blind index a stored mobile number gets (current key); null for no number. */
export function mobileIndex(mobile: string | null | undefined): string | null {
  if (!mobile) return null;
  return blindIndex(currentKeyring().current, mobileIndexInput(mobile));
}

/** Every index a number may be stored under (current and old keys): exact search during a rotation. */
export function mobileIndexes(mobile: string): string[] {
  return currentKeyring().all.map((k) => blindIndex(k, mobileIndexInput(mobile)));
}

/** The mobile columns of a row (`mobile` is encrypted by its column type; `mobileIndex` is written beside it). */
export function mobileColumns(mobile: string | null | undefined): { mobile: string | null; mobileIndex: string | null } {
  return { mobile: mobile || null, mobileIndex: mobileIndex(mobile) };
}

/** A 变更申请's details as stored: the mobile inside the jsonb sealed like the column values. */
export function sealMemberChangeDetails<T extends { mobile?: string }>(details: T): T {
  return details.mobile ? { ...details, mobile: encryptPii(details.mobile) } : details;
}

/** The stored details with the mobile opened (the reader's `memberChangeDetails` then checks the shape). */
export function openMemberChangeDetails(details: unknown): unknown {
  if (!details || typeof details !== "object") return details;
  const d = details as Record<string, unknown>;
  return typeof d.mobile === "string" && d.mobile ? { ...d, mobile: decryptPii(d.mobile) } : d;
}
