import { now as clockNow } from "@/lib/clock";
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { systemSettings, taskNumberSequences, tasks } from "@/db/schema";
import { assertCan } from "@/lib/domain/policy";
import { assertTransition, checkTaskTransition } from "@/lib/domain/workflow/transitions";
import { DEFAULT_TASK_NO_PATTERN, formatTaskNo, taskNoYear } from "@/lib/domain/workflow/task-number";
import { assertVersion, idField, loadTask, opinionField, parseInput, updateTaskGuarded, versionField, writeEvent } from "./shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({ id: idField("督办事项不存在"), opinion: opinionField(), version: versionField });

/**
 * 审签 — the office leader the task waits on gives the final sign-off; the task gets its 督办编号 and
 * waits for dispatch. The number comes from the year's counter row, incremented in this transaction:
 * the row lock orders concurrent signings and a rolled-back step gives its number back, so numbers
 * have no gaps.
 */
export async function signTask(actor: Actor, input: unknown, now = clockNow()) {
  assertCan(actor, "task.review");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const task = await loadTask(tx, actor, v.id);
    const to = assertTransition(checkTaskTransition(actor, task, "sign"))!;
    assertVersion(v.version, task.version);
    // Win the task first, so a losing concurrent signer never touches the counter.
    await updateTaskGuarded(tx, task, { status: to, currentReviewerId: null, signedById: actor.userId, signedAt: now });
    const year = taskNoYear(now);
    const [counter] = await tx
      .insert(taskNumberSequences)
      .values({ year, lastValue: 1 })
      .onConflictDoUpdate({ target: taskNumberSequences.year, set: { lastValue: sql`${taskNumberSequences.lastValue} + 1` } })
      .returning({ lastValue: taskNumberSequences.lastValue });
    const [setting] = await tx.select({ value: systemSettings.value }).from(systemSettings).where(eq(systemSettings.key, "taskNoPattern"));
    const taskNo = formatTaskNo(typeof setting?.value === "string" ? setting.value : DEFAULT_TASK_NO_PATTERN, year, counter!.lastValue);
    const [row] = await tx
      .update(tasks)
      .set({ taskNo })
      .where(eq(tasks.id, task.id))
      .returning({ id: tasks.id, status: tasks.status, version: tasks.version, taskNo: tasks.taskNo });
    await writeEvent(tx, actor, { taskId: task.id, action: "sign", fromState: task.status, toState: to, opinion: v.opinion, detail: { taskNo } });
    return { id: row!.id, status: row!.status, version: row!.version, taskNo };
  });
}
