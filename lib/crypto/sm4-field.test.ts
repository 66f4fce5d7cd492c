import { createCipheriv, getCiphers, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { blindIndex, isSealed, open, piiKey, piiKeyring, seal, sealedKeyId } from "./sm4-field";
import { keyringFromEnv, mobileIndex, mobileIndexes, setKeyring } from "./pii";

const hex = () => randomBytes(16).toString("hex");
const K1 = hex();
const K2 = hex();
const ring1 = piiKeyring(piiKey("k1", K1));

describe("SM4 field encryption", () => {
  it("uses SM4-CBC + HMAC-SM3 because this Node's OpenSSL has no SM4-GCM", () => {
    expect(getCiphers()).toContain("sm4-cbc");
    expect(getCiphers()).not.toContain("sm4-gcm");
  });

  it("round-trips, and the sealed text names its key and is not the clear text", () => {
    for (const plain of ["13800000001", "", "张三 13900000000 备注", "x".repeat(100)]) {
      const sealed = seal(ring1, plain);
      expect(isSealed(sealed)).toBe(true);
      expect(sealed.split(":")).toHaveLength(5);
      expect(sealedKeyId(sealed)).toBe("k1");
      if (plain) expect(sealed).not.toContain(plain);
      expect(open(ring1, sealed)).toBe(plain);
    }
  });

  it("uses a fresh random IV per value: the same number never seals to the same text", () => {
    const sealed = Array.from({ length: 50 }, () => seal(ring1, "13800000001"));
    expect(new Set(sealed).size).toBe(50);
    expect(new Set(sealed.map((s) => s.split(":")[2])).size).toBe(50);
  });

  it("refuses a tampered value (ciphertext, IV, tag or key id changed)", () => {
    const sealed = seal(ring1, "13800000001");
    const [v, kid, iv, ct, tag] = sealed.split(":") as [string, string, string, string, string];
    const flip = (s: string) => {
      const b = Buffer.from(s, "base64url");
      b[0] = b[0]! ^ 1;
      return b.toString("base64url");
    };
    for (const bad of [
      [v, kid, iv, flip(ct), tag],
      [v, kid, flip(iv), ct, tag],
      [v, kid, iv, ct, flip(tag)],
      [v, kid, iv, ct, ""],
    ]) {
      expect(() => open(ring1, bad.join(":"))).toThrow(/校验失败/);
    }
    // A value sealed by someone with only the SM4 key (no MAC key) is refused too.
    const forged = createCipheriv("sm4-cbc", piiKey("k1", K1).enc, Buffer.from(iv, "base64url"));
    const forgedCt = Buffer.concat([forged.update("13999999999"), forged.final()]).toString("base64url");
    expect(() => open(ring1, [v, kid, iv, forgedCt, tag].join(":"))).toThrow(/校验失败/);
    expect(() => open(ring1, "13800000001")).toThrow(/不是加密/);
  });

  it("refuses with the wrong key (same id, different key material) and an unknown key id", () => {
    const sealed = seal(ring1, "13800000001");
    expect(() => open(piiKeyring(piiKey("k1", K2)), sealed)).toThrow(/校验失败/);
    expect(() => open(piiKeyring(piiKey("k2", K2)), sealed)).toThrow(/未配置的密钥 k1/);
  });

  it("reads values sealed with an old key during a rotation, and seals new ones with the current key", () => {
    const old = seal(ring1, "13800000001");
    const rotated = piiKeyring(piiKey("k2", K2), `k1:${K1}`);
    expect(open(rotated, old)).toBe("13800000001");
    expect(sealedKeyId(seal(rotated, "13800000001"))).toBe("k2");
    expect(() => piiKeyring(piiKey("k2", K2), `k2:${K1}`)).toThrow(/重复/);
    expect(() => piiKeyring(piiKey("k2", K2), "k1-no-hex")).toThrow(/格式/);
    expect(() => piiKey("k1", "abc")).toThrow(/32 位十六进制/);
  });

  it("derives a separate blind-index key: deterministic per key, different across keys, not the SM4 key's output", () => {
    const k1 = piiKey("k1", K1);
    expect(blindIndex(k1, "13800000001")).toBe(blindIndex(k1, "13800000001"));
    expect(blindIndex(k1, "13800000001")).not.toBe(blindIndex(k1, "13800000002"));
    expect(blindIndex(k1, "13800000001")).not.toBe(blindIndex(piiKey("k2", K2), "13800000001"));
    expect(k1.index.equals(k1.mac)).toBe(false);
  });
});

describe("the configured keyring", () => {
  afterEach(() => setKeyring(undefined));

  it("takes PII_KEY / PII_KEY_ID / PII_OLD_KEYS from the environment", () => {
    const ring = keyringFromEnv({ PII_KEY: K2, PII_KEY_ID: "k2", PII_OLD_KEYS: `k1:${K1}` } as unknown as NodeJS.ProcessEnv);
    expect(ring.current.id).toBe("k2");
    expect(ring.all.map((k) => k.id)).toEqual(["k2", "k1"]);
    setKeyring(ring);
    // Search during a rotation looks under both keys; the index normalises the number as typed.
    expect(mobileIndexes("138 0000 0001")).toEqual([blindIndex(ring.all[0]!, "13800000001"), blindIndex(ring.all[1]!, "13800000001")]);
    expect(mobileIndex("+86 138-0000-0001")).toBe(blindIndex(ring.current, "13800000001"));
    expect(mobileIndex(null)).toBeNull();
  });

  it("without PII_KEY generates one key into $DATA_DIR/pii-key once (mode 600) and reuses it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pii-key-"));
    const saved = process.env.DATA_DIR;
    process.env.DATA_DIR = dir;
    try {
      const a = keyringFromEnv({} as unknown as NodeJS.ProcessEnv);
      const b = keyringFromEnv({} as unknown as NodeJS.ProcessEnv);
      const file = path.join(dir, "pii-key");
      expect(readFileSync(file, "utf8")).toMatch(/^[0-9a-f]{32}$/);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(a.current.enc.equals(b.current.enc)).toBe(true);
      expect(a.current.id).toBe("k1");
      expect(open(b, seal(a, "13800000001"))).toBe("13800000001");
    } finally {
      if (saved === undefined) delete process.env.DATA_DIR;
      else process.env.DATA_DIR = saved;
    }
  });
});
