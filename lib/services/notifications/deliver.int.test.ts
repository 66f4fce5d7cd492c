import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLogs, notifications, systemSettings, users } from "@/db/schema";
import { resetClock, setClock } from "@/lib/clock";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { expectDomainError } from "@/test/expect-error";
import { enqueueNotifications, usersById, type Recipient } from "./enqueue";
import { deliverDueNotifications } from "./deliver";
import { resendNotification } from "./resend";

/** 10:00 in Shanghai on a Tuesday. */
const MORNING = new Date("2026-12-01T10:00:00+08:00");
const minutes = (n: number) => new Date(MORNING.getTime() + n * 60_000);

let cleanup: () => Promise<void>;
let people: Recipient[];
let gateway: Server;
let gatewayUrl = "";
/** Per message (number + text): how many times the gateway refused it so far; every one it accepted. */
const refusals = new Map<string, number>();
const accepted: string[] = [];
let failFirst = 0;

async function setSettings(values: Record<string, unknown>) {
  for (const [key, value] of Object.entries(values)) {
    await getDb().insert(systemSettings).values({ key, value }).onConflictDoUpdate({ target: systemSettings.key, set: { value } });
  }
}

async function queue(recipients: Recipient[], opts: { urgent?: boolean; title?: string } = {}) {
  return getDb().transaction((tx) =>
    enqueueNotifications(tx, { kind: "dispatch", taskId: null, recipients, vars: { 任务标题: opts.title ?? "测试事项", 任务编号: "渝中督〔2026〕1号", 截止日期: "2026-12-10" }, sms: "all", urgent: opts.urgent, now: MORNING }),
  );
}

async function rows() {
  return getDb().select().from(notifications).orderBy(notifications.createdAt, notifications.channel);
}

beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
  const ids = await getDb().select({ id: users.id }).from(users).where(inArray(users.username, ["jw_jbr", "jw_ld", "mz_jbr"]));
  people = await getDb().transaction((tx) => usersById(tx, ids.map((r) => r.id)));
  gateway = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const { mobile, content } = JSON.parse(body) as { mobile: string; content: string };
      const key = `${mobile}|${content}`;
      const seen = refusals.get(key) ?? 0;
      if (seen < failFirst) {
        refusals.set(key, seen + 1);
        res.writeHead(502).end("upstream down");
        return;
      }
      accepted.push(key);
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: `m${accepted.length}` }));
    });
  });
  await new Promise<void>((r) => gateway.listen(0, "127.0.0.1", r));
  gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/send`;
});

afterAll(async () => {
  resetClock();
  gateway.closeAllConnections();
  await new Promise((r) => gateway.close(r));
  await cleanup();
});

beforeEach(async () => {
  await getDb().delete(notifications).where(eq(notifications.kind, "dispatch"));
  await setSettings({ smsProvider: "log", smsGatewayUrl: "", smsDailyCap: 20, smsQuietStart: "22:00", smsQuietEnd: "07:00" });
  refusals.clear();
  accepted.length = 0;
  failFirst = 0;
  setClock(MORNING);
});

describe("deliverDueNotifications", () => {
  it("sends in-app messages and SMS, and never an unreachable one", async () => {
    const noPhone = { ...people[0]!, id: people[2]!.id, mobile: null };
    await queue([people[0]!, people[1]!, noPhone]);
    const report = await deliverDueNotifications();
    expect(report).toMatchObject({ claimed: 5, sent: 5, retrying: 0, failed: 0 });
    const all = await rows();
    expect(all.filter((r) => r.status === "sent")).toHaveLength(5);
    const unreachable = all.filter((r) => r.status === "unreachable");
    expect(unreachable).toHaveLength(1);
    expect(unreachable[0]!.attempts).toBe(0);
    expect(unreachable[0]!.sentAt).toBeNull();
    for (const r of all.filter((r) => r.status === "sent")) {
      expect(r.sentAt).toEqual(MORNING);
      expect(r.attempts).toBe(1);
    }
    // A second run finds nothing left.
    expect((await deliverDueNotifications()).claimed).toBe(0);
  });

  it("holds a non-urgent SMS in quiet hours until they end; an urgent one goes at once", async () => {
    const late = new Date("2026-12-01T23:10:00+08:00");
    setClock(late);
    await queue([people[0]!], { title: "普通" });
    await queue([people[1]!], { title: "紧急", urgent: true });
    await getDb().update(notifications).set({ nextAttemptAt: late }).where(eq(notifications.status, "queued"));
    const report = await deliverDueNotifications();
    expect(report).toMatchObject({ sent: 3, deferred: 1 });
    const [held] = (await rows()).filter((r) => r.status === "queued");
    expect(held!.channel).toBe("sms");
    expect(held!.urgent).toBe(false);
    expect(held!.attempts).toBe(0);
    expect(held!.nextAttemptAt).toEqual(new Date("2026-12-02T07:00:00+08:00"));

    setClock(new Date("2026-12-02T06:59:00+08:00"));
    expect((await deliverDueNotifications()).claimed).toBe(0);
    setClock(new Date("2026-12-02T07:00:00+08:00"));
    expect(await deliverDueNotifications()).toMatchObject({ claimed: 1, sent: 1 });
  });

  it("suppresses SMS beyond the per-person daily cap, with the reason", async () => {
    await setSettings({ smsDailyCap: 2 });
    for (const title of ["一", "二", "三"]) await queue([people[0]!], { title });
    const report = await deliverDueNotifications();
    expect(report).toMatchObject({ sent: 5, suppressed: 1 });
    const sms = (await rows()).filter((r) => r.channel === "sms");
    expect(sms.map((r) => r.status).sort()).toEqual(["sent", "sent", "suppressed"]);
    expect(sms.find((r) => r.status === "suppressed")!.lastError).toBe("已达每人每日短信上限（2 条），未发送");
    // The next Shanghai day starts a new count.
    await queue([people[0]!], { title: "四" });
    await getDb().update(notifications).set({ nextAttemptAt: new Date("2026-12-02T09:00:00+08:00") }).where(eq(notifications.status, "queued"));
    setClock(new Date("2026-12-02T09:00:00+08:00"));
    expect(await deliverDueNotifications()).toMatchObject({ sent: 2, suppressed: 0 });
  });

  it("retries a failing gateway with back-off and delivers each message exactly once when it recovers", async () => {
    await setSettings({ smsProvider: "http", smsGatewayUrl: gatewayUrl, smsTimeoutSeconds: 5 });
    failFirst = 2;
    await queue([people[0]!, people[1]!]);

    expect(await deliverDueNotifications()).toMatchObject({ sent: 2, retrying: 2 });
    let sms = (await rows()).filter((r) => r.channel === "sms");
    for (const r of sms) {
      expect(r).toMatchObject({ status: "queued", attempts: 1, lastError: "短信网关返回 HTTP 502：upstream down" });
      expect(r.nextAttemptAt).toEqual(minutes(1));
    }
    // Not due yet: nothing happens.
    setClock(minutes(0.5));
    expect((await deliverDueNotifications()).claimed).toBe(0);

    setClock(minutes(1));
    expect(await deliverDueNotifications()).toMatchObject({ retrying: 2 });
    sms = (await rows()).filter((r) => r.channel === "sms");
    for (const r of sms) {
      expect(r.attempts).toBe(2);
      expect(r.nextAttemptAt).toEqual(minutes(1 + 2));
    }

    setClock(minutes(3));
    expect(await deliverDueNotifications()).toMatchObject({ sent: 2, retrying: 0 });
    sms = (await rows()).filter((r) => r.channel === "sms");
    for (const r of sms) expect(r).toMatchObject({ status: "sent", attempts: 3, lastError: null });
    expect(accepted).toHaveLength(2);
    expect(new Set(accepted).size).toBe(2);
    expect(accepted.every((c) => c.split("|")[1]!.startsWith("【渝中区督查室】"))).toBe(true);

    setClock(minutes(60));
    expect((await deliverDueNotifications()).claimed).toBe(0);
    expect(accepted).toHaveLength(2);
  });

  it("gives up after the last attempt; the office resends it once (audited) and it goes out", async () => {
    await setSettings({ smsProvider: "http", smsGatewayUrl: gatewayUrl });
    failFirst = 100;
    await queue([people[0]!]);
    await deliverDueNotifications({ maxAttempts: 2 });
    setClock(minutes(1));
    expect(await deliverDueNotifications({ maxAttempts: 2 })).toMatchObject({ failed: 1 });
    const [failed] = (await rows()).filter((r) => r.channel === "sms");
    expect(failed).toMatchObject({ status: "failed", attempts: 2 });

    const unitClerk = await actorNamed("jw_jbr");
    await expectDomainError(resendNotification(unitClerk, { id: failed!.id }), "FORBIDDEN");
    const office = await actorNamed("dcs_jbr");
    const inApp = (await rows()).find((r) => r.channel === "in_app")!;
    await expectDomainError(resendNotification(office, { id: inApp.id }), "VALIDATION");
    await expectDomainError(resendNotification(office, { id: failed!.id, version: 1 }), "CONFLICT");

    failFirst = 0;
    // Two clicks at once: exactly one puts it back.
    const results = await Promise.allSettled([resendNotification(office, { id: failed!.id, version: 2 }), resendNotification(office, { id: failed!.id, version: 2 })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [requeued] = await getDb().select().from(notifications).where(eq(notifications.id, failed!.id));
    expect(requeued).toMatchObject({ status: "queued", attempts: 2 });
    const audit = await getDb().select().from(auditLogs).where(and(eq(auditLogs.action, "notification.resend"), eq(auditLogs.targetId, failed!.id)));
    expect(audit).toHaveLength(1);

    expect(await deliverDueNotifications({ maxAttempts: 2 })).toMatchObject({ sent: 1 });
    expect(accepted).toHaveLength(1);
    await expectDomainError(resendNotification(office, { id: failed!.id }), "CONFLICT");
  });
});
