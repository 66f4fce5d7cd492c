import { mobileColumns } from "@/lib/crypto/pii";
import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { departments, messageTemplates, notifications, rolePermissions, systemSettings, userRoles, users } from "@/db/schema";
import {
  DEFAULT_TEMPLATES,
  normalizeMobile,
  renderTemplate,
  type NotificationKind,
  type TemplateVars,
  UNIT_RECIPIENT_PERMISSIONS,
} from "@/lib/domain/messages";
import { DEFAULT_SETTINGS } from "@/lib/domain/settings";
import type { Permission } from "@/lib/domain/permissions";
import { now as clockNow } from "@/lib/clock";
import { requestDelivery } from "@/lib/jobs/nudge";

/**
 * The one way anything writes a 督查工作通知: inside the transaction of the step (or job) that causes it,
 * so the message exists exactly when the step does. Every recipient gets an in-app message; with `sms`,
 * SMS recipients also get an SMS row, and one without a valid mobile number gets an `unreachable` row
 * (listed in 督查工作通知, never silently skipped). The worker (lib/jobs) delivers the queued rows.
 */

export interface Recipient {
  id: string;
  displayName: string;
  mobile: string | null;
  departmentId: string | null;
  departmentName: string;
  /** Marked 短信接收人 in 用户管理 (manual §2.6). */
  smsRecipient: boolean;
}

export interface NotifyInput {
  kind: NotificationKind;
  taskId: string | null;
  assignmentId?: string | null;
  /** Where 我的消息 opens a message not about a task (a path inside the system). */
  link?: string | null;
  recipients: readonly Recipient[];
  /** Template values; 收件人 and 单位 are filled per recipient unless given. */
  vars: TemplateVars;
  /**
   * Which recipients also get an SMS: "sms_recipients" = those marked 短信接收人 (dispatch, the manual's
   * rule), "all" = every recipient (a reminder rule's named roles), "none" = in-app only.
   */
  sms: "sms_recipients" | "all" | "none";
  /** May go out in quiet hours. */
  urgent?: boolean;
  /** Exactly-once base key (jobs): each row's key is base:recipient:channel; a repeat inserts nothing. */
  dedupeKey?: string;
  now?: Date;
}

export interface NotifyResult {
  inApp: number;
  sms: number;
  unreachable: number;
}

/** The template for a kind: the back office's wording if saved, else the default. */
async function templateFor(tx: Tx, kind: NotificationKind) {
  const [row] = await tx.select({ title: messageTemplates.title, body: messageTemplates.body }).from(messageTemplates).where(eq(messageTemplates.kind, kind));
  return row ?? DEFAULT_TEMPLATES[kind];
}

async function systemName(tx: Tx): Promise<string> {
  const [row] = await tx.select({ value: systemSettings.value }).from(systemSettings).where(eq(systemSettings.key, "systemName"));
  return typeof row?.value === "string" ? row.value : (DEFAULT_SETTINGS.systemName as string);
}

/**
 * `input` may be a list (the reminder scan writes a batch of reminders at once): the templates and the system
 * name are read once and the rows go in a few multi-row statements; the result is the sum over the list.
 */
export async function enqueueNotifications(tx: Tx, input: NotifyInput | readonly NotifyInput[]): Promise<NotifyResult> {
  const inputs: readonly NotifyInput[] = Array.isArray(input) ? input : [input as NotifyInput];
  const result: NotifyResult = { inApp: 0, sms: 0, unreachable: 0 };
  if (inputs.every((i) => i.recipients.length === 0)) return result;
  const templates = new Map<NotificationKind, Promise<{ title: string; body: string }>>();
  let name: Promise<string> | undefined;
  const rows: (typeof notifications.$inferInsert)[] = [];
  for (const item of inputs) {
    if (item.recipients.length === 0) continue;
    if (!templates.has(item.kind)) templates.set(item.kind, templateFor(tx, item.kind));
    const template = await templates.get(item.kind)!;
    const system = item.vars.系统名称 ?? (await (name ??= systemName(tx)));
    rows.push(...notificationRows(item, template, system));
  }
  // Multi-row inserts, kept well below the protocol's 65 535 parameters per statement.
  for (let i = 0; i < rows.length; i += 1000) {
    const inserted = await tx
      .insert(notifications)
      .values(rows.slice(i, i + 1000))
      .onConflictDoNothing({ target: notifications.dedupeKey })
      .returning({ channel: notifications.channel, status: notifications.status });
    for (const row of inserted) {
      if (row.channel === "in_app") result.inApp++;
      else if (row.status === "unreachable") result.unreachable++;
      else result.sms++;
    }
  }
  // Ask the worker for a delivery run shortly after this transaction commits (it also polls).
  if (result.inApp + result.sms > 0) requestDelivery();
  return result;
}

/** One input's rows: in-app for every recipient, SMS (or an unreachable row) for those the input's `sms` names. */
function notificationRows(input: NotifyInput, template: { title: string; body: string }, name: string): (typeof notifications.$inferInsert)[] {
  const at = input.now ?? clockNow();
  const seen = new Set<string>();
  const rows: (typeof notifications.$inferInsert)[] = [];
  for (const r of input.recipients) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    const vars: TemplateVars = { 收件人: r.displayName, 单位: r.departmentName, ...input.vars, 系统名称: name };
    const base = {
      kind: input.kind,
      recipientId: r.id,
      recipientName: r.displayName,
      departmentId: r.departmentId,
      title: renderTemplate(template.title, vars),
      body: renderTemplate(template.body, vars),
      taskId: input.taskId,
      assignmentId: input.assignmentId ?? null,
      link: input.link ?? null,
      urgent: input.urgent ?? false,
      createdAt: at,
      nextAttemptAt: at,
    };
    const key = (channel: string) => (input.dedupeKey ? `${input.dedupeKey}:${r.id}:${channel}` : null);
    rows.push({ ...base, channel: "in_app", mobile: null, dedupeKey: key("in_app") });
    const wantsSms = input.sms === "all" || (input.sms === "sms_recipients" && r.smsRecipient);
    if (!wantsSms) continue;
    const mobile = normalizeMobile(r.mobile);
    rows.push(
      mobile
        ? { ...base, channel: "sms", ...mobileColumns(mobile), dedupeKey: key("sms") }
        : { ...base, channel: "sms", ...mobileColumns(r.mobile), dedupeKey: key("sms"), status: "unreachable", lastError: r.mobile ? "手机号码无效" : "未登记手机号码" },
    );
  }
  return rows;
}

const recipientColumns = {
  id: users.id,
  displayName: users.displayName,
  mobile: users.mobile,
  departmentId: users.departmentId,
  departmentName: departments.name,
  smsRecipient: users.smsRecipient,
};

/**
 * The enabled members of the given units who hold one of `permissions` (default: either unit role, the
 * people who receive and sign). Dispatch and cancel tell all of them in-app and SMS the 短信接收人.
 */
export async function unitMembers(tx: Tx, departmentIds: readonly string[], permissions: readonly Permission[] = UNIT_RECIPIENT_PERMISSIONS): Promise<Recipient[]> {
  if (departmentIds.length === 0) return [];
  return permissionHolders(tx, permissions, departmentIds);
}

/**
 * The enabled users who hold one of `permissions` through a role, in any unit unless `departmentIds` narrows
 * it (a 绩效申诉 goes to whoever may answer it: the holders of stats.manage).
 */
export async function permissionHolders(tx: Tx, permissions: readonly Permission[], departmentIds?: readonly string[]): Promise<Recipient[]> {
  return tx
    .selectDistinct(recipientColumns)
    .from(users)
    .innerJoin(departments, eq(departments.id, users.departmentId))
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(rolePermissions, eq(rolePermissions.roleId, userRoles.roleId))
    .where(and(departmentIds ? inArray(users.departmentId, [...departmentIds]) : undefined, eq(users.enabled, true), inArray(rolePermissions.permission, [...permissions])));
}

/** Named users (a handler, a signer, the office clerk who created the task), if still enabled. */
export async function usersById(tx: Tx, ids: readonly (string | null | undefined)[]): Promise<Recipient[]> {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return [];
  return tx
    .select(recipientColumns)
    .from(users)
    .innerJoin(departments, eq(departments.id, users.departmentId))
    .where(and(inArray(users.id, wanted), eq(users.enabled, true)));
}
