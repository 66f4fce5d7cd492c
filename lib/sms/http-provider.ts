import { smsContent, type SmsProvider, type SmsResult } from "./types";

export interface GatewayCredentials {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Sent as HTTP Basic authentication when no token is set. */
  username?: string;
  password?: string;
}

/** SMS_GATEWAY_TOKEN, or SMS_GATEWAY_USERNAME + SMS_GATEWAY_PASSWORD: never stored in the database or shown. */
export function gatewayCredentialsFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayCredentials {
  return {
    token: env.SMS_GATEWAY_TOKEN || undefined,
    username: env.SMS_GATEWAY_USERNAME || undefined,
    password: env.SMS_GATEWAY_PASSWORD || undefined,
  };
}

export interface HttpProviderOptions {
  url: string;
  timeoutMs: number;
  credentials?: GatewayCredentials;
}

const MAX_ERROR_CHARS = 300;

/**
 * The intranet SMS gateway: POST {"mobile","content"} as JSON. 2xx = accepted (the id is taken from the
 * answer's `id`, `msgId` or `messageId` when it has one); any other status, a refused connection or no
 * answer within the time-out is a failure with the reason, and the worker retries it with back-off.
 */
export function createHttpSmsProvider(options: HttpProviderOptions): SmsProvider {
  return {
    name: "http",
    async send(message): Promise<SmsResult> {
      if (!options.url) return { ok: false, error: "未配置短信网关地址（系统参数）" };
      const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8" };
      const c = options.credentials ?? {};
      if (c.token) headers.authorization = `Bearer ${c.token}`;
      else if (c.username) headers.authorization = `Basic ${Buffer.from(`${c.username}:${c.password ?? ""}`).toString("base64")}`;
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: "POST",
          headers,
          body: JSON.stringify({ mobile: message.mobile, content: smsContent(message) }),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        const e = error as Error & { cause?: { code?: string } };
        if (e.name === "TimeoutError" || e.name === "AbortError") return { ok: false, error: `短信网关超时（${options.timeoutMs / 1000} 秒内无应答）` };
        return { ok: false, error: `无法连接短信网关：${e.cause?.code ?? e.message}` };
      }
      const body = await response.text().catch(() => "");
      if (!response.ok) {
        return { ok: false, error: `短信网关返回 HTTP ${response.status}${body ? `：${body.slice(0, MAX_ERROR_CHARS)}` : ""}` };
      }
      let providerId: string | undefined;
      try {
        const json = JSON.parse(body) as Record<string, unknown>;
        const id = json.id ?? json.msgId ?? json.messageId;
        if (typeof id === "string" || typeof id === "number") providerId = String(id);
      } catch {
        // A 2xx without JSON is still an accepted message.
      }
      return { ok: true, providerId };
    },
  };
}
