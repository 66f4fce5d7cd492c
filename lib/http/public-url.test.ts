import { describe, expect, it } from "vitest";
import { publicUrl } from "./public-url";

const h = (init: Record<string, string>) => new Headers(init);

describe("publicUrl", () => {
  it("takes PUBLIC_URL when set", () => {
    expect(publicUrl("https://dcdb.example.gov.cn", h({ host: "10.0.0.5:3000" }))).toBe("https://dcdb.example.gov.cn/");
    expect(publicUrl(" http://10.1.2.3:8080/dcdb/ ", h({}))).toBe("http://10.1.2.3:8080/dcdb/");
  });

  it("refuses a PUBLIC_URL that is not an http(s) address, naming it", () => {
    expect(() => publicUrl("dcdb.example.gov.cn", h({}))).toThrow(/PUBLIC_URL 无法识别 "dcdb.example.gov.cn"/);
    expect(() => publicUrl("ftp://dcdb.example.gov.cn", h({}))).toThrow(/PUBLIC_URL 应以 http:\/\/ 或 https:\/\/ 开头/);
  });

  it("otherwise uses the request's host and protocol", () => {
    expect(publicUrl(undefined, h({ host: "10.0.0.5:3000" }))).toBe("http://10.0.0.5:3000/");
    expect(publicUrl("", h({ host: "app:3000", "x-forwarded-host": "DCDB.example.gov.cn", "x-forwarded-proto": "https" }))).toBe("https://dcdb.example.gov.cn/");
    // Several proxies: the first (outermost) value.
    expect(publicUrl(undefined, h({ host: "app", "x-forwarded-host": "a.gov.cn, b.internal", "x-forwarded-proto": "https, http" }))).toBe("https://a.gov.cn/");
    expect(publicUrl(undefined, h({ host: "[fd00::1]:3000" }))).toBe("http://[fd00::1]:3000/");
  });

  it("gives no address for a missing or malformed host", () => {
    expect(publicUrl(undefined, h({}))).toBe("");
    expect(publicUrl(undefined, h({ host: "evil.example/<script>" }))).toBe("");
  });
});
