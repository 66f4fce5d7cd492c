import { afterEach, describe, expect, it } from "vitest";
import { clientIp, clientIpFrom, normalizeAddress, parseTrustedProxies } from "./request-meta";

// server.mjs appends the TCP peer to X-Forwarded-For, so the last entry is always the real peer.
const none = parseTrustedProxies(undefined);

describe("client address with no trusted proxy (the default)", () => {
  it.each([
    ["10.1.2.3", "10.1.2.3"],
    ["203.0.113.9, 10.1.2.3", "10.1.2.3"],
    ["1.1.1.1, 2.2.2.2, 127.0.0.1", "127.0.0.1"],
    ["forged, ::ffff:192.168.0.7", "192.168.0.7"],
    ["203.0.113.9, 2001:db8::5", "2001:db8::5"],
  ])("X-Forwarded-For %j → %s (a forged left part never counts)", (xff, expected) => {
    expect(clientIpFrom(xff, none)).toBe(expected);
  });

  it("answers null without any address", () => {
    expect(clientIpFrom(null, none)).toBeNull();
    expect(clientIpFrom(" , ", none)).toBeNull();
  });

  it("treats an empty setting as trust nobody", () => {
    expect(parseTrustedProxies("  ")).toEqual({ kind: "count", hops: 0 });
  });
});

describe("TRUSTED_PROXIES as a hop count", () => {
  it.each([
    ["1", "203.0.113.9, 10.0.0.2", "203.0.113.9"],
    ["1", "6.6.6.6, 203.0.113.9, 10.0.0.2", "203.0.113.9"],
    ["2", "6.6.6.6, 203.0.113.9, 10.0.0.3, 10.0.0.2", "203.0.113.9"],
    ["1", "2001:db8::7, fd00::1", "2001:db8::7"],
    // Fewer hops than configured (a call from the proxy host itself): the leftmost.
    ["2", "10.0.0.2", "10.0.0.2"],
  ])("%s hop(s): %j → %s", (setting, xff, expected) => {
    expect(clientIpFrom(xff, parseTrustedProxies(setting))).toBe(expected);
  });
});

describe("TRUSTED_PROXIES as addresses and CIDRs", () => {
  const trusted = parseTrustedProxies("10.0.0.0/8, 192.168.1.5, fd00::/8, 2001:db8:1::1");
  it.each([
    ["203.0.113.9, 10.0.0.2", "203.0.113.9"],
    ["6.6.6.6, 203.0.113.9, 192.168.1.5, 10.9.9.9", "203.0.113.9"],
    ["203.0.113.9, 192.168.1.6", "192.168.1.6"],
    ["2001:db8::9, fd12::1", "2001:db8::9"],
    ["2001:db8::9, ::ffff:10.0.0.2", "2001:db8::9"],
    ["2001:db8::9, 2001:db8:1::1", "2001:db8::9"],
    ["10.0.0.3, 10.0.0.2", "10.0.0.3"],
  ])("%j → %s", (xff, expected) => {
    expect(clientIpFrom(xff, trusted)).toBe(expected);
  });

  it.each(["10.0.0.0/33", "fd00::/129", "not-an-ip", "10.0.0.0/8/1", "1.2.3.4/x"])("refuses %j with a clear message", (setting) => {
    expect(() => parseTrustedProxies(setting)).toThrow(/TRUSTED_PROXIES/);
  });
});

describe("address forms", () => {
  it.each([
    ["::ffff:10.1.2.3", "10.1.2.3"],
    ["[2001:DB8::1]:443", "2001:db8::1"],
    ["10.1.2.3:5000", "10.1.2.3"],
    [" 2001:db8::1 ", "2001:db8::1"],
  ])("%j → %s", (raw, expected) => {
    expect(normalizeAddress(raw)).toBe(expected);
  });
});

describe("clientIp reads TRUSTED_PROXIES from the environment", () => {
  afterEach(() => {
    delete process.env.TRUSTED_PROXIES;
  });
  it("ignores X-Real-IP and the forged part of X-Forwarded-For unless a proxy is trusted", () => {
    const headers = new Headers({ "x-forwarded-for": "203.0.113.9, 10.0.0.2", "x-real-ip": "198.51.100.1" });
    expect(clientIp(headers)).toBe("10.0.0.2");
    process.env.TRUSTED_PROXIES = "10.0.0.0/8";
    expect(clientIp(headers)).toBe("203.0.113.9");
    process.env.TRUSTED_PROXIES = "1";
    expect(clientIp(headers)).toBe("203.0.113.9");
  });
});
