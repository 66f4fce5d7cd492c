import { maskMobile, redactMobiles } from "@/lib/domain/messages";
import { smsContent, type SmsProvider } from "./types";

/**
 * The default provider: no gateway, the message goes to the server log (every number in it masked) and counts as
 * sent, so a demo or a test installation shows the whole flow without sending anything.
 */
export const logSmsProvider: SmsProvider = {
  name: "log",
  async send(message) {
    console.info(`[sms:log] → ${maskMobile(message.mobile)}：${redactMobiles(smsContent(message))}`);
    return { ok: true };
  },
};
