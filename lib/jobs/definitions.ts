import { cleanupAbandonedUploads } from "@/lib/services/attachments/cleanup-abandoned-uploads";
import { deliverDueNotifications } from "@/lib/services/notifications/deliver";
import { scanReminders } from "@/lib/services/reminders/scan-reminders";
import { purgeLoginGuards } from "@/lib/services/auth/purge-login-guards";

/**
 * Everything that happens without a click, in one list. A handler is a plain service function that
 * reads "now" from lib/clock, so tests call it directly; lib/jobs/runner.ts runs these on pg-boss (on the
 * PostgreSQL server and, through an adapter, on PGlite inside the app process).
 *
 * Schedules:
 * - `everySeconds`: one run per time slot of that length for the whole installation (pg-boss singleton
 *   slots, computed from the database's clock): every process offers a run each slot, the unique slot key
 *   lets exactly one in, and exactly one worker takes it.
 * - `cron` (minute resolution, Asia/Shanghai): pg-boss's own scheduler, which also fires once per
 *   installation however many processes run.
 * Retry: how pg-boss retries a handler that throws (an interval job usually needs none: the next slot is
 * the retry; per-message retries of notifications live in the notifications table).
 */
export interface JobDefinition {
  name: string;
  /** 中文说明 for logs and the README. */
  description: string;
  handler: () => Promise<unknown>;
  everySeconds?: number;
  cron?: string;
  retry: { limit: number; delaySeconds?: number; backoff?: boolean };
  /** A run that takes longer is considered dead and retried (pg-boss expiry). */
  expireInSeconds: number;
}

export const JOB_DEFINITIONS: readonly JobDefinition[] = [
  {
    name: "notifications.deliver",
    description: "发送待发的站内消息和短信（失败按退避重试，免打扰时段顺延，每人每日上限）",
    handler: () => deliverDueNotifications(),
    // With a 1 s poll a message goes out within about 6 s of the step that wrote it.
    everySeconds: 5,
    retry: { limit: 0 },
    expireInSeconds: 15 * 60,
  },
  {
    name: "uploads.cleanup",
    description: "清理 24 小时内未保存到任务或反馈的上传文件",
    handler: () => cleanupAbandonedUploads(),
    everySeconds: 60 * 60,
    retry: { limit: 2, delaySeconds: 60, backoff: true },
    expireInSeconds: 30 * 60,
  },
  {
    name: "reminders.scan",
    description: "按提醒规则扫描承办任务：截止前提醒、逾期提醒（并记为系统催办）、超时未接收、定期反馈逾期",
    handler: () => scanReminders(),
    // Reminders are day-grained (working days) and receipt limits hour-grained: every 10 minutes is
    // prompt enough, and a scan writes only what is new (dedupe keys), so a run that overlaps is harmless.
    everySeconds: 10 * 60,
    retry: { limit: 2, delaySeconds: 60, backoff: true },
    expireInSeconds: 60 * 60,
  },
  {
    name: "logins.purge",
    description: "清理已过期的登录限流窗口和 7 天未再尝试的不存在用户名的失败计数",
    handler: () => purgeLoginGuards(),
    everySeconds: 60 * 60,
    retry: { limit: 2, delaySeconds: 60, backoff: true },
    expireInSeconds: 10 * 60,
  },
];

export function jobDefinition(name: string): JobDefinition | undefined {
  return JOB_DEFINITIONS.find((d) => d.name === name);
}
