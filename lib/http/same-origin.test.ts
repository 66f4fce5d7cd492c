import { describe, expect, it } from "vitest";
import { isSameOrigin } from "./same-origin";

describe("same-origin check for route handlers", () => {
  it.each([
    [{ host: "dc.example.gov.cn", origin: "https://dc.example.gov.cn" }, true],
    [{ host: "127.0.0.1:3221", origin: "http://127.0.0.1:3221", "sec-fetch-site": "same-origin" }, true],
    [{ host: "app:3000", "x-forwarded-host": "dc.example.gov.cn", origin: "https://dc.example.gov.cn" }, true],
    [{ host: "dc.example.gov.cn" }, true],
    [{ host: "dc.example.gov.cn", "sec-fetch-site": "none" }, true],
    [{ host: "dc.example.gov.cn", origin: "https://evil.example" }, false],
    [{ host: "dc.example.gov.cn", origin: "https://dc.example.gov.cn.evil.example" }, false],
    [{ host: "dc.example.gov.cn:443", origin: "https://dc.example.gov.cn:8443" }, false],
    [{ host: "dc.example.gov.cn", origin: "null" }, false],
    [{ host: "dc.example.gov.cn", "sec-fetch-site": "cross-site" }, false],
    [{ host: "dc.example.gov.cn", "sec-fetch-site": "same-site", origin: "https://dc.example.gov.cn" }, false],
    [{ origin: "https://dc.example.gov.cn" }, false],
  ])("%j → %s", (headers, expected) => {
    expect(isSameOrigin(new Headers(headers))).toBe(expected);
  });
});
