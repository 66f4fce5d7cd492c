import { now as clockNow } from "@/lib/clock";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { assignments, departments, taskUnits } from "@/db/schema";
import { assertCan } from "@/lib/domain/policy";
import { assertTransition, checkTaskTransition } from "@/lib/domain/workflow/transitions";
import { validation } from "@/lib/domain/errors";
import { unitsWithoutReceiver } from "./unit-receivers";
import { enqueueNotifications, unitMembers } from "@/lib/services/notifications/enqueue";
import {
  assertVersion,
  idField,
  loadTask,
  parseInput,
  updateTaskGuarded,
  versionField,
  writeEvent,
} from "./shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({ id: idField("督办事项不存在"), version: versionField });

/**
 * 交办 — an office clerk (task.dispatch) sends a signed task to its units: one assignment per unit
 * (lead and co-units report separately), and 短信通知 + in-app messages queued for each unit's SMS
 * recipients.
 */
export async function dispatchTask(actor: Actor, input: unknown, now = clockNow()) {
  assertCan(actor, "task.dispatch");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const task = await loadTask(tx, actor, v.id);
    const to = assertTransition(checkTaskTransition(actor, task, "dispatch"))!;
    assertVersion(v.version, task.version);
    const row = await updateTaskGuarded(tx, task, { status: to, dispatchedAt: now, dueOn: task.deadline });
    const units = await tx
      .select({ departmentId: taskUnits.departmentId, role: taskUnits.role, name: departments.name, enabled: departments.enabled })
      .from(taskUnits)
      .innerJoin(departments, eq(departments.id, taskUnits.departmentId))
      .where(eq(taskUnits.taskId, task.id));
    const disabled = units.filter((u) => !u.enabled);
    if (disabled.length) throw validation(`承办单位“${disabled.map((u) => u.name).join("、")}”已停用，请退回修改后再交办`);
    if (!units.some((u) => u.role === "lead")) throw validation("该督办事项没有主办单位，不能交办");
    // Nobody there could receive it: the task would wait forever (read in this transaction, so an
    // account disabled a moment ago counts).
    const unreachable = await unitsWithoutReceiver(units.map((u) => u.departmentId), tx);
    if (unreachable.length) {
      throw validation(`承办单位“${unreachable.map((u) => u.name).join("、")}”没有可接收任务的账号（启用且有“任务承办与反馈”权限的用户），请联系信息中心添加后再交办`);
    }
    const created = await tx
      .insert(assignments)
      .values(units.map((u) => ({ taskId: task.id, departmentId: u.departmentId, role: u.role, status: "to_receive" as const, deadline: task.deadline, dispatchedAt: now })))
      .returning({ id: assignments.id, departmentId: assignments.departmentId, role: assignments.role });
    // Manual §2.3.1: the unit's 短信接收人 get an SMS at once; every clerk and leader an in-app message.
    const notified = await enqueueNotifications(tx, {
      kind: "dispatch",
      taskId: task.id,
      recipients: await unitMembers(tx, units.map((u) => u.departmentId)),
      vars: { 任务编号: row.taskNo ?? "", 任务标题: task.title, 截止日期: task.deadline },
      sms: "sms_recipients",
      now,
    });
    await writeEvent(tx, actor, {
      taskId: task.id,
      action: "dispatch",
      fromState: task.status,
      toState: to,
      detail: { units: units.map((u) => ({ id: u.departmentId, name: u.name, role: u.role })), notifications: notified },
    });
    return { id: row.id, status: row.status, version: row.version, assignments: created };
  });
}
