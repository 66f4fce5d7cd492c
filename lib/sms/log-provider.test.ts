import { afterEach, describe, expect, it, vi } from "vitest";
import { logSmsProvider } from "./log-provider";
import { redactMobiles } from "@/lib/domain/messages";

describe("SMS log provider: no whole phone number in the server log", () => {
  afterEach(() => vi.restoreAllMocks());

  it("prints the recipient masked and masks any number inside the text", async () => {
    const lines: string[] = [];
    for (const level of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
    }
    const result = await logSmsProvider.send({ mobile: "13812345678", text: "请联系 139 8765 4321 或 +8613700001111。", signature: "渝中区督查室" });
    expect(result.ok).toBe(true);
    const out = lines.join("\n");
    expect(out).toContain("138****5678");
    expect(out).toContain("139****4321");
    expect(out).toContain("137****1111");
    for (const whole of ["13812345678", "13987654321", "139 8765 4321", "13700001111"]) expect(out).not.toContain(whole);
  });
});

describe("redactMobiles", () => {
  it("masks whole mainland numbers however written, and leaves other digits alone", () => {
    expect(redactMobiles("HTTP 400：号码 13812345678 不在白名单")).toBe("HTTP 400：号码 138****5678 不在白名单");
    expect(redactMobiles("138-1234-5678, +86 13912345678")).toBe("138****5678, 139****5678");
    expect(redactMobiles("订单 2026051312345678 金额 100")).toBe("订单 2026051312345678 金额 100");
    expect(redactMobiles("12345678901")).toBe("12345678901");
  });
});
