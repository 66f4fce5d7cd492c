import { describe, expect, it } from "vitest";
import { describeUserAgent, isIdleExpired } from "./session";

describe("idle session expiry", () => {
  const now = Date.parse("2026-11-27T10:00:00Z");
  it("keeps a session used within the idle limit", () => {
    expect(isIdleExpired(now - 29 * 60_000, now, 30)).toBe(false);
    expect(isIdleExpired(now - 30 * 60_000, now, 30)).toBe(false);
  });
  it("ends a session idle for longer than the limit", () => {
    expect(isIdleExpired(now - 30 * 60_000 - 1, now, 30)).toBe(true);
  });
  it("ends a session that never recorded activity", () => {
    expect(isIdleExpired(undefined, now, 30)).toBe(true);
  });
});

describe("describeUserAgent (我的登录会话)", () => {
  it.each([
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36", "Chrome · Windows 电脑"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36 Edg/140.0.0.0", "Edge · Windows 电脑"],
    ["Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox · Linux 电脑"],
    ["Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Mobile Safari/537.36", "Chrome · Android 手机"],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800322c) NetType/WIFI Language/zh_CN",
      "微信 · iPhone",
    ],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", "Safari · Mac 电脑"],
    ["curl/8.5.0", "其他浏览器"],
  ])("%s → %s", (ua, expected) => {
    expect(describeUserAgent(ua)).toBe(expected);
  });
  it("says so when the browser sent none", () => {
    expect(describeUserAgent(null)).toBe("未知浏览器");
    expect(describeUserAgent("")).toBe("未知浏览器");
  });
});
