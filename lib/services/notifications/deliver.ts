import { mobileIndexes } from "@/lib/crypto/pii";
import { redactMobiles } from "@/lib/domain/messages";
import { and, count, eq, gte, inArray, isNull, lte, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { notifications } from "@/db/schema";
import { now as clockNow } from "@/lib/clock";
import { getEffectiveSettings } from "@/lib/data/settings";
import { shanghaiDayStart, todayInShanghai } from "@/lib/domain/dates";
import { afterFailure, MAX_DELIVERY_ATTEMPTS, quietHoursEnd } from "@/lib/domain/delivery";
import { smsProviderFor, type SmsProvider } from "@/lib/sms";

/**
 * The worker's delivery of 督查工作通知 (job `notifications.deliver`, lib/jobs/definitions.ts).
 *
 * 1. Claim: one short transaction takes up to `batchSize` due `queued` rows with FOR UPDATE SKIP LOCKED
 *    and moves their next_attempt_at past a lease, so a second worker (or app server) neither waits for
 *    nor takes them. The lease is released by recording the result; a worker that dies mid-send leaves
 *    the row to be claimed again once the lease ends.
 * 2. Send outside any transaction (an SMS gateway may take seconds; on PGlite an open transaction would
 *    stop every page of the app meanwhile).
 * 3. Record each result with a guarded UPDATE (status still `queued`).
 *
 * in_app rows become `sent` (the message is in 我的消息). SMS: a non-urgent one due in quiet hours waits
 * for their end; one beyond the recipient's daily cap becomes `suppressed` with the reason; otherwise it
 * goes to the provider 系统参数 names: accepted → `sent`; refused → attempts + 1, lastError, retried with
 * back-off (lib/domain/delivery.ts) and `failed` after MAX_DELIVERY_ATTEMPTS. `unreachable` rows are
 * never queued, so never claimed.
 */

export interface DeliveryOptions {
  now?: Date;
  batchSize?: number;
  /** Stop after this many batches (the next run continues). */
  maxBatches?: number;
  /** Instead of the provider 系统参数 selects (tests). */
  provider?: SmsProvider;
  maxAttempts?: number;
}

export interface DeliveryReport {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  deferred: number;
  suppressed: number;
}

const DEFAULT_BATCH = 50;
/** SMS sent at once within a batch: enough to hide a gateway's latency, few enough not to flood it. */
const SEND_CONCURRENCY = 5;

type Claimed = Pick<typeof notifications.$inferSelect, "id" | "channel" | "mobile" | "body" | "urgent" | "recipientId" | "attempts">;

async function claim(now: Date, batchSize: number, leaseMs: number): Promise<Claimed[]> {
  const db = getDb();
  const due = db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.status, "queued"), lte(notifications.nextAttemptAt, now)))
    .orderBy(notifications.nextAttemptAt)
    .limit(batchSize)
    .for("update", { skipLocked: true });
  return db
    .update(notifications)
    .set({ nextAttemptAt: new Date(now.getTime() + leaseMs) })
    .where(and(inArray(notifications.id, due), eq(notifications.status, "queued")))
    .returning({
      id: notifications.id,
      channel: notifications.channel,
      mobile: notifications.mobile,
      body: notifications.body,
      urgent: notifications.urgent,
      recipientId: notifications.recipientId,
      attempts: notifications.attempts,
    });
}

/** Updates a claimed row unless someone changed its status meanwhile (an office resend cannot race a claim: it needs failed/suppressed). */
async function record(id: string, values: Partial<typeof notifications.$inferInsert>): Promise<void> {
  await getDb()
    .update(notifications)
    .set(values)
    .where(and(eq(notifications.id, id), eq(notifications.status, "queued")));
}

/** SMS already sent to this person (or, without an account, this number) since the Shanghai day began. */
async function sentToday(row: Claimed, dayStart: Date): Promise<number> {
  const who = row.recipientId ? eq(notifications.recipientId, row.recipientId) : and(isNull(notifications.recipientId), inArray(notifications.mobileIndex, mobileIndexes(row.mobile ?? "")));
  const [r] = await getDb()
    .select({ n: count() })
    .from(notifications)
    .where(and(who, eq(notifications.channel, "sms"), eq(notifications.status, "sent"), gte(notifications.sentAt, dayStart)));
  return r?.n ?? 0;
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}

export async function deliverDueNotifications(options: DeliveryOptions = {}): Promise<DeliveryReport> {
  const now = options.now ?? clockNow();
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const maxAttempts = options.maxAttempts ?? MAX_DELIVERY_ATTEMPTS;
  const { values: settings } = await getEffectiveSettings();
  const provider = options.provider ?? smsProviderFor({ provider: settings.smsProvider, gatewayUrl: settings.smsGatewayUrl, timeoutSeconds: settings.smsTimeoutSeconds });
  const quiet = { start: settings.smsQuietStart, end: settings.smsQuietEnd };
  const dayStart = shanghaiDayStart(todayInShanghai(now));
  // Long enough for a whole batch of timeouts, so a slow gateway never lets another worker re-claim a row in flight.
  const leaseMs = 60_000 + Math.ceil(batchSize / SEND_CONCURRENCY) * settings.smsTimeoutSeconds * 1000 * 2;
  const report: DeliveryReport = { claimed: 0, sent: 0, retrying: 0, failed: 0, deferred: 0, suppressed: 0 };
  // Per run, SMS counted per person so that one batch cannot overshoot the cap (two workers at the same
  // moment may each send one more: the cap is a storm guard, not a quota).
  const countedToday = new Map<string, number>();

  const deliverSms = async (row: Claimed) => {
    const deferTo = row.urgent ? null : quietHoursEnd(now, quiet);
    if (deferTo) {
      await record(row.id, { nextAttemptAt: deferTo });
      report.deferred++;
      return;
    }
    const who = row.recipientId ?? `mobile:${row.mobile}`;
    const already = countedToday.get(who) ?? (await sentToday(row, dayStart));
    if (already >= settings.smsDailyCap) {
      countedToday.set(who, already);
      await record(row.id, { status: "suppressed", lastError: `已达每人每日短信上限（${settings.smsDailyCap} 条），未发送` });
      report.suppressed++;
      return;
    }
    countedToday.set(who, already + 1);
    let result;
    try {
      result = await provider.send({ mobile: row.mobile ?? "", text: row.body, signature: settings.smsSignature });
    } catch (error) {
      result = { ok: false, error: `短信发送异常：${(error as Error).message}` };
    }
    // The gateway's reason is stored and shown: never with a whole number in it (a gateway may echo it).
    if (result.error) result = { ...result, error: redactMobiles(result.error) };
    const attempts = row.attempts + 1;
    if (result.ok) {
      await record(row.id, { status: "sent", sentAt: now, attempts, lastError: null });
      report.sent++;
      return;
    }
    countedToday.set(who, already);
    const next = afterFailure(attempts, now, maxAttempts);
    if (next.giveUp) {
      await record(row.id, { status: "failed", attempts, lastError: result.error ?? "发送失败" });
      report.failed++;
    } else {
      await record(row.id, { attempts, lastError: result.error ?? "发送失败", nextAttemptAt: next.nextAttemptAt });
      report.retrying++;
    }
  };

  for (let batch = 0; batch < (options.maxBatches ?? 20); batch++) {
    const rows = await claim(now, batchSize, leaseMs);
    report.claimed += rows.length;
    const inApp = rows.filter((r) => r.channel === "in_app").map((r) => r.id);
    if (inApp.length > 0) {
      await getDb()
        .update(notifications)
        .set({ status: "sent", sentAt: now, attempts: sql`${notifications.attempts} + 1`, lastError: null })
        .where(and(inArray(notifications.id, inApp), eq(notifications.status, "queued")));
      report.sent += inApp.length;
    }
    // One person's SMS in one lane, in order, so the cap count above stays exact within the run.
    const byPerson = new Map<string, Claimed[]>();
    for (const row of rows.filter((r) => r.channel === "sms")) {
      const key = row.recipientId ?? `mobile:${row.mobile}`;
      byPerson.set(key, [...(byPerson.get(key) ?? []), row]);
    }
    await mapLimit([...byPerson.values()], SEND_CONCURRENCY, async (list) => {
      for (const row of list) await deliverSms(row);
    });
    if (rows.length < batchSize) break;
  }
  return report;
}
