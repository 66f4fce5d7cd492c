import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createHttpSmsProvider, logSmsProvider } from ".";

let server: Server;
let base = "";
let behaviour: (req: IncomingMessage, res: ServerResponse, body: string) => void = () => {};
const received: { headers: IncomingMessage["headers"]; body: unknown }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: JSON.parse(body || "null") });
      behaviour(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const message = { mobile: "13800138000", text: "请及时接收。", signature: "【渝中区督查室】" };

describe("HTTP SMS gateway provider", () => {
  it("posts the signed text as JSON with the credentials and reads the gateway's id", async () => {
    behaviour = (_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ msgId: "abc-1" }));
    received.length = 0;
    const provider = createHttpSmsProvider({ url: base, timeoutMs: 2000, credentials: { token: "t0ken" } });
    expect(await provider.send(message)).toEqual({ ok: true, providerId: "abc-1" });
    expect(received).toHaveLength(1);
    expect(received[0]!.body).toEqual({ mobile: "13800138000", content: "【渝中区督查室】请及时接收。" });
    expect(received[0]!.headers.authorization).toBe("Bearer t0ken");
  });

  it("uses basic authentication without a token", async () => {
    behaviour = (_req, res) => res.writeHead(204).end();
    received.length = 0;
    const provider = createHttpSmsProvider({ url: base, timeoutMs: 2000, credentials: { username: "dcs", password: "pw" } });
    expect(await provider.send(message)).toEqual({ ok: true, providerId: undefined });
    expect(received[0]!.headers.authorization).toBe(`Basic ${Buffer.from("dcs:pw").toString("base64")}`);
  });

  it("reports a non-2xx answer with its status and text", async () => {
    behaviour = (_req, res) => res.writeHead(503).end("gateway busy");
    const result = await createHttpSmsProvider({ url: base, timeoutMs: 2000 }).send(message);
    expect(result.ok).toBe(false);
    expect(result.error).toBe("短信网关返回 HTTP 503：gateway busy");
  });

  it("reports a time-out", async () => {
    behaviour = () => {}; // never answers
    const result = await createHttpSmsProvider({ url: base, timeoutMs: 300 }).send(message);
    expect(result).toEqual({ ok: false, error: "短信网关超时（0.3 秒内无应答）" });
  });

  it("reports a refused connection and a missing URL", async () => {
    const refused = await createHttpSmsProvider({ url: "http://127.0.0.1:1/sms", timeoutMs: 2000 }).send(message);
    expect(refused.ok).toBe(false);
    expect(refused.error).toContain("无法连接短信网关");
    expect(await createHttpSmsProvider({ url: "", timeoutMs: 2000 }).send(message)).toEqual({ ok: false, error: "未配置短信网关地址（系统参数）" });
  });
});

describe("log provider", () => {
  it("logs the message with the number masked and counts it as sent", async () => {
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    expect(await logSmsProvider.send(message)).toEqual({ ok: true });
    expect(info).toHaveBeenCalledWith("[sms:log] → 138****8000：【渝中区督查室】请及时接收。");
    expect(JSON.stringify(info.mock.calls)).not.toContain("13800138000");
    info.mockRestore();
  });
});
