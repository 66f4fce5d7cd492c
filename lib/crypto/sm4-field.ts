import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Field encryption of personal data with the national algorithms (GB/T 39786-2021): SM4 for
 * confidentiality, SM3 for integrity. Node 20's OpenSSL 3.0 has `sm4-cbc` but no SM4-GCM/CCM
 * (`crypto.getCiphers()`), so a value is sealed as SM4-CBC with a random IV, then authenticated with
 * HMAC-SM3 over everything before the tag (encrypt-then-MAC; the tag is checked before any decryption).
 *
 *   v1:<kid>:<iv base64url>:<ciphertext base64url>:<tag base64url>
 *
 * The key id names the master key that sealed it, so keys can rotate: the current key seals, old keys
 * (still configured) open. From one 128-bit master key three keys are derived with HMAC-SM3 and a label:
 * the SM4 key, the MAC key and the blind-index key (a different key for each purpose).
 *
 * Pure: the keyring is passed in (lib/crypto/pii.ts loads it from the configuration).
 */

export const SEALED_PREFIX = "v1:";
const CIPHER = "sm4-cbc";
const KID_PATTERN = /^[A-Za-z0-9_-]{1,16}$/;

export interface PiiKey {
  id: string;
  enc: Buffer;
  mac: Buffer;
  index: Buffer;
}

export interface PiiKeyring {
  current: PiiKey;
  /** Every key that may open a value, current first. */
  all: PiiKey[];
}

export class PiiCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PiiCryptoError";
  }
}

const derive = (master: Buffer, label: string) => createHmac("sm3", master).update(`dcdb-pii/${label}`).digest();

/** A master key (32 hex digits = 128 bits) and its id → the derived keys. */
export function piiKey(id: string, hex: string): PiiKey {
  if (!KID_PATTERN.test(id)) throw new PiiCryptoError(`个人信息密钥编号“${id}”无效：只能用字母、数字、- 和 _，至多 16 个字符`);
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new PiiCryptoError(`个人信息密钥 ${id} 无效：须为 32 位十六进制（128 位 SM4 密钥）`);
  const master = Buffer.from(hex, "hex");
  return { id, enc: derive(master, "sm4").subarray(0, 16), mac: derive(master, "mac"), index: derive(master, "index") };
}

/** The current key plus the old ones kept for reading during a rotation ("kid:hex,kid:hex"). */
export function piiKeyring(current: PiiKey, oldKeys = ""): PiiKeyring {
  const all = [current];
  for (const part of oldKeys.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [id, hex, extra] = part.split(":");
    if (!id || !hex || extra !== undefined) throw new PiiCryptoError("PII_OLD_KEYS 格式应为 “编号:32位十六进制,编号:32位十六进制”");
    if (all.some((k) => k.id === id)) throw new PiiCryptoError(`个人信息密钥编号“${id}”重复`);
    all.push(piiKey(id, hex));
  }
  return { current, all };
}

const b64 = (b: Buffer) => b.toString("base64url");
const mac = (key: PiiKey, body: string) => createHmac("sm3", key.mac).update(body).digest();

export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX);
}

/** The key id a sealed value names (null when not a sealed value). */
export function sealedKeyId(value: string): string | null {
  if (!isSealed(value)) return null;
  return value.split(":")[1] ?? null;
}

export function seal(ring: PiiKeyring, plain: string): string {
  const key = ring.current;
  const iv = randomBytes(16);
  const cipher = createCipheriv(CIPHER, key.enc, iv);
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const body = `${SEALED_PREFIX}${key.id}:${b64(iv)}:${b64(ct)}`;
  return `${body}:${b64(mac(key, body))}`;
}

/** Opens a sealed value; refuses (throws) anything not sealed, tampered with, or sealed under an unknown key. */
export function open(ring: PiiKeyring, sealed: string): string {
  const parts = sealed.split(":");
  if (parts.length !== 5 || `${parts[0]}:` !== SEALED_PREFIX) throw new PiiCryptoError("不是加密的个人信息字段");
  const [, kid, ivText, ctText, tagText] = parts as [string, string, string, string, string];
  const key = ring.all.find((k) => k.id === kid);
  if (!key) throw new PiiCryptoError(`个人信息字段由未配置的密钥 ${kid} 加密（PII_OLD_KEYS 中缺少该密钥？）`);
  const tag = Buffer.from(tagText, "base64url");
  const expected = mac(key, sealed.slice(0, sealed.length - tagText.length - 1));
  if (tag.length !== expected.length || !timingSafeEqual(tag, expected)) throw new PiiCryptoError("个人信息字段校验失败（被篡改或密钥不符）");
  const iv = Buffer.from(ivText, "base64url");
  if (iv.length !== 16) throw new PiiCryptoError("个人信息字段格式错误");
  try {
    const decipher = createDecipheriv(CIPHER, key.enc, iv);
    return Buffer.concat([decipher.update(Buffer.from(ctText, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new PiiCryptoError("个人信息字段无法解密");
  }
}

/** Blind index: HMAC-SM3 of a normalised value under the key's index key (exact-match search only). */
export function blindIndex(key: PiiKey, normalized: string): string {
  return createHmac("sm3", key.index).update(normalized).digest("hex");
}
