import type { SmsProviderName } from "@/lib/domain/settings";
import { createHttpSmsProvider, gatewayCredentialsFromEnv } from "./http-provider";
import { logSmsProvider } from "./log-provider";
import type { SmsProvider } from "./types";

export type { SmsMessage, SmsProvider, SmsResult } from "./types";
export { createHttpSmsProvider, gatewayCredentialsFromEnv } from "./http-provider";
export { logSmsProvider } from "./log-provider";

export interface SmsConfig {
  provider: SmsProviderName;
  gatewayUrl: string;
  timeoutSeconds: number;
}

/** The provider 系统参数 selects; the gateway's credentials come from the environment only. */
export function smsProviderFor(config: SmsConfig): SmsProvider {
  if (config.provider === "http") {
    return createHttpSmsProvider({ url: config.gatewayUrl, timeoutMs: config.timeoutSeconds * 1000, credentials: gatewayCredentialsFromEnv() });
  }
  return logSmsProvider;
}
