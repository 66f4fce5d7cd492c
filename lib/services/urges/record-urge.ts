import { and, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { assignments, urges } from "@/db/schema";
import { appendChained } from "@/lib/services/audit-chain";
import type { UrgeKind } from "@/lib/domain/workflow/side-steps";
import { enqueueNotifications, unitMembers } from "@/lib/services/notifications/enqueue";
import { eventAuthorColumns, systemAuthor, writeEvent, type EventAuthor } from "@/lib/services/tasks/shared";

/**
 * The one way a 催办 is recorded, by hand (the office's verb) or by a reminder rule (the reminder scan):
 * the urge row, the assignment's count and time, the 流转记录 row and, unless the caller's own message
 * already tells the unit, a notification — all in the caller's transaction.
 *
 * Throttle: at most one urge per assignment within `minIntervalHours` (the urgency's 提醒规则). The check
 * and the stamp are one guarded UPDATE, so two urges at once cannot both pass.
 */
export interface UrgeInput {
  assignment: { id: string; taskId: string; departmentId: string; deadline: string };
  task: { taskNo: string | null; title: string };
  kind: UrgeKind;
  message: string;
  author: EventAuthor;
  /** The display name kept on the urge row (the office clerk's name, or 系统自动催办). */
  authorName: string;
  authorId: string | null;
  minIntervalHours: number;
  /** Rule urges: the reminder's key, so a repeated scan writes nothing twice. */
  dedupeKey?: string;
  /** How the unit is told; false when the caller sends its own message (a reminder). */
  notify: { sms: "sms_recipients" | "none"; urgent?: boolean } | false;
  now: Date;
}

export type UrgeResult = { recorded: true; urgeId: string } | { recorded: false; reason: "throttled" | "duplicate"; lastUrgedAt: Date | null };

export async function recordUrge(tx: Tx, input: UrgeInput): Promise<UrgeResult> {
  // The row first: a repeated scan stops here with nothing changed (the key is unique).
  const [urge] = await tx
    .insert(urges)
    .values({
      assignmentId: input.assignment.id,
      taskId: input.assignment.taskId,
      departmentId: input.assignment.departmentId,
      kind: input.kind,
      message: input.message,
      urgedById: input.authorId,
      urgedByName: input.authorName,
      dedupeKey: input.dedupeKey ?? null,
      createdAt: input.now,
    })
    .onConflictDoNothing({ target: urges.dedupeKey })
    .returning({ id: urges.id });
  if (!urge) return { recorded: false, reason: "duplicate", lastUrgedAt: null };

  const cutoff = new Date(input.now.getTime() - input.minIntervalHours * 3_600_000);
  const [stamped] = await tx
    .update(assignments)
    .set({ urgeCount: sql`${assignments.urgeCount} + 1`, lastUrgedAt: input.now })
    .where(and(eq(assignments.id, input.assignment.id), or(isNull(assignments.lastUrgedAt), lte(assignments.lastUrgedAt, cutoff))))
    .returning({ id: assignments.id });
  if (!stamped) {
    // Too soon after the last one: take the row back (same transaction, so nobody saw it).
    await tx.delete(urges).where(eq(urges.id, urge.id));
    const [row] = await tx.select({ lastUrgedAt: assignments.lastUrgedAt }).from(assignments).where(eq(assignments.id, input.assignment.id));
    return { recorded: false, reason: "throttled", lastUrgedAt: row?.lastUrgedAt ?? null };
  }
  await writeEvent(tx, input.author, {
    taskId: input.assignment.taskId,
    assignmentId: input.assignment.id,
    action: "urge",
    opinion: input.message || null,
    detail: { urgeId: urge.id, kind: input.kind },
  });
  if (input.notify) {
    await enqueueNotifications(tx, {
      kind: "urge",
      taskId: input.assignment.taskId,
      assignmentId: input.assignment.id,
      recipients: await unitMembers(tx, [input.assignment.departmentId]),
      vars: { 任务编号: input.task.taskNo ?? "", 任务标题: input.task.title, 截止日期: input.assignment.deadline, 内容: input.message },
      sms: input.notify.sms,
      urgent: input.notify.urgent ?? false,
      now: input.now,
    });
  }
  return { recorded: true, urgeId: urge.id };
}

/** One rule urge of a reminder scan (系统自动催办): the overdue reminder's key makes it exactly-once. */
export interface RuleUrge {
  assignmentId: string;
  taskId: string;
  departmentId: string;
  message: string;
  minIntervalHours: number;
  dedupeKey: string;
}

/**
 * `recordUrge` for a whole scan batch at once, with the same rules — a repeated key writes nothing, an
 * assignment urged within its interval gets no urge, every recorded urge counts on its assignment and has
 * its 流转记录 row — but in a handful of set-based statements instead of four per urge: a first scan of a
 * province can owe tens of thousands. The reminder written beside it is the unit's message.
 */
export async function recordRuleUrges(tx: Tx, items: readonly RuleUrge[], now: Date): Promise<number> {
  let recorded = 0;
  const author = eventAuthorColumns(systemAuthor("提醒规则"));
  for (let i = 0; i < items.length; i += 1000) {
    const chunk = items.slice(i, i + 1000);
    const byKey = new Map(chunk.map((u) => [u.dedupeKey, u]));
    const inserted = await tx
      .insert(urges)
      .values(chunk.map((u) => ({ assignmentId: u.assignmentId, taskId: u.taskId, departmentId: u.departmentId, kind: "rule" as const, message: u.message, urgedById: null, urgedByName: "系统自动催办", dedupeKey: u.dedupeKey, createdAt: now })))
      .onConflictDoNothing({ target: urges.dedupeKey })
      .returning({ id: urges.id, assignmentId: urges.assignmentId, dedupeKey: urges.dedupeKey });
    if (inserted.length === 0) continue;
    // The throttle, one guarded UPDATE per interval length (a handful of urgency levels).
    const stamped = new Set<string>();
    // (Map.groupBy needs Node 21; the engines field allows Node 20.)
    const byInterval = new Map<number, typeof inserted>();
    for (const r of inserted) {
      const hours = byKey.get(r.dedupeKey!)!.minIntervalHours;
      byInterval.set(hours, [...(byInterval.get(hours) ?? []), r]);
    }
    for (const [hours, group] of byInterval) {
      const cutoff = new Date(now.getTime() - hours * 3_600_000);
      const rows = await tx
        .update(assignments)
        .set({ urgeCount: sql`${assignments.urgeCount} + 1`, lastUrgedAt: now })
        .where(and(inArray(assignments.id, group.map((r) => r.assignmentId)), or(isNull(assignments.lastUrgedAt), lte(assignments.lastUrgedAt, cutoff))))
        .returning({ id: assignments.id });
      for (const row of rows) stamped.add(row.id);
    }
    const throttled = inserted.filter((r) => !stamped.has(r.assignmentId));
    if (throttled.length) await tx.delete(urges).where(inArray(urges.id, throttled.map((r) => r.id)));
    const kept = inserted.filter((r) => stamped.has(r.assignmentId));
    if (kept.length) {
      await appendChained(
        tx,
        "task_events",
        kept.map((r) => {
          const item = byKey.get(r.dedupeKey!)!;
          return { taskId: item.taskId, assignmentId: r.assignmentId, action: "urge" as const, opinion: item.message, detail: { urgeId: r.id, kind: "rule" }, ...author };
        }),
      );
    }
    recorded += kept.length;
  }
  return recorded;
}
