import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, frameAncestors, newNonce } from "./security-headers";

describe("content security policy", () => {
  it("allows scripts only with this request's nonce, without eval in production", () => {
    const csp = contentSecurityPolicy("abc123", { dev: false, frameAncestors: "'self'" });
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("object-src 'none'");
    // The service worker is allowed from this origin (script-src's 'strict-dynamic' would ignore 'self').
    expect(csp).toContain("worker-src 'self'");
    expect(contentSecurityPolicy("n", { dev: true, frameAncestors: "'self'" })).toContain("'unsafe-eval'");
  });

  it("makes a fresh nonce each time", () => {
    expect(newNonce()).not.toBe(newNonce());
    expect(newNonce()).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });
});

describe("FRAME_ANCESTORS", () => {
  it.each([
    [undefined, "'self'"],
    ["", "'self'"],
    ["'none'", "'none'"],
    ["'self' https://oa.example.gov.cn", "'self' https://oa.example.gov.cn"],
    ["https://*.example.gov.cn:8443 http://10.1.2.3", "https://*.example.gov.cn:8443 http://10.1.2.3"],
  ])("%j → %s", (raw, expected) => {
    expect(frameAncestors(raw)).toBe(expected);
  });

  it.each(["'self'; script-src *", "'none' 'self'", "https://a.example,https://b.example", "'unsafe-inline'"])("refuses %j", (raw) => {
    expect(() => frameAncestors(raw)).toThrow(/FRAME_ANCESTORS/);
  });
});
