import { describe, expect, it } from "vitest";
import { installConsoleRedaction, redactLogLine } from "./redact-console";

describe("console redaction", () => {
  it("masks whole numbers and hides credentials in a line", () => {
    expect(redactLogLine("POST failed for 13812345678: Authorization: Bearer abcdefgh12345678")).toBe("POST failed for 138****5678: Authorization: Bearer [已隐藏]");
    expect(redactLogLine('body {"password":"Linshi#2026","token": "xyz123"}')).toBe('body {"password":"[已隐藏]","token": "[已隐藏]"}');
    expect(redactLogLine("client_secret=s3cr3t&code=1")).toBe("client_secret=[已隐藏]&code=1");
  });

  it("once installed, every console level (also an Error's message) goes out redacted", () => {
    const out: string[] = [];
    const fake = { log: (s: string) => out.push(s), info: (s: string) => out.push(s), warn: (s: string) => out.push(s), error: (s: string) => out.push(s), debug: (s: string) => out.push(s) } as unknown as Console;
    installConsoleRedaction(fake);
    installConsoleRedaction(fake); // idempotent
    fake.error("[jobs] failed", new Error("gateway refused 13912345678 password=hunter22"));
    fake.info("%s → %s", "sms", "137 0000 1111");
    expect(out.join("\n")).not.toMatch(/13912345678|hunter22|137 0000 1111/);
    expect(out[0]).toContain("139****5678");
    expect(out[1]).toBe("sms → 137****1111");
  });
});
