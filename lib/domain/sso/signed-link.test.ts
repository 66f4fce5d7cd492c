import { describe, expect, it } from "vitest";
import { checkSignedLink, CLOCK_SKEW_SECONDS, signLink } from "./signed-link";

const SECRET = "shared-secret-for-tests-0123456789";
const NOW = 1_800_000_000;
const NONCE = "n0nce-abcdefghijklmnop";

function link(overrides: Partial<{ user: string; ts: string; nonce: string; sig: string }> = {}) {
  const user = overrides.user ?? "zhangsan";
  const ts = overrides.ts ?? String(NOW - 10);
  const nonce = overrides.nonce ?? NONCE;
  return { user, ts, nonce, sig: overrides.sig ?? signLink(SECRET, user, ts, nonce) };
}

describe("checkSignedLink", () => {
  it("accepts a fresh link signed with the shared secret", () => {
    expect(checkSignedLink(link(), SECRET, NOW, 120)).toEqual({ ok: true, user: "zhangsan", nonce: NONCE, issuedAt: NOW - 10 });
  });

  it("refuses a link whose user, timestamp or nonce was changed after signing", () => {
    const good = link();
    expect(checkSignedLink({ ...good, user: "admin" }, SECRET, NOW, 120)).toEqual({ ok: false, reason: "bad_signature" });
    expect(checkSignedLink({ ...good, ts: String(NOW) }, SECRET, NOW, 120)).toEqual({ ok: false, reason: "bad_signature" });
    expect(checkSignedLink({ ...good, nonce: "another-nonce-abcdefgh" }, SECRET, NOW, 120)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a link signed with another secret", () => {
    const forged = link({ sig: signLink("guessed-secret", "zhangsan", String(NOW - 10), NONCE) });
    expect(checkSignedLink(forged, SECRET, NOW, 120)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses a link older than the window, or dated beyond the allowed clock skew", () => {
    expect(checkSignedLink(link({ ts: String(NOW - 120) }), SECRET, NOW, 120).ok).toBe(true);
    expect(checkSignedLink(link({ ts: String(NOW - 121) }), SECRET, NOW, 120)).toEqual({ ok: false, reason: "expired" });
    expect(checkSignedLink(link({ ts: String(NOW + CLOCK_SKEW_SECONDS) }), SECRET, NOW, 120).ok).toBe(true);
    expect(checkSignedLink(link({ ts: String(NOW + CLOCK_SKEW_SECONDS + 1) }), SECRET, NOW, 120)).toEqual({ ok: false, reason: "expired" });
  });

  it("refuses malformed links without throwing", () => {
    for (const bad of [
      {},
      { ...link(), user: "" },
      { ...link(), user: "a\u0000b" },
      { ...link(), ts: "yesterday" },
      { ...link(), nonce: "short" },
      { ...link(), nonce: "has spaces in it, sixteen+" },
      { ...link(), sig: "zz" },
      { ...link(), sig: "0".repeat(63) },
    ]) {
      expect(checkSignedLink(bad, SECRET, NOW, 120)).toEqual({ ok: false, reason: "malformed" });
    }
  });
});
