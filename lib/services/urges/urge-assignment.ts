import { z } from "zod";
import { getDb } from "@/db/client";
import { now as clockNow } from "@/lib/clock";
import { formatDateTime } from "@/lib/domain/dates";
import { conflict } from "@/lib/domain/errors";
import { assertCan, type Actor } from "@/lib/domain/policy";
import { assertSideStep, checkSideStep, nextUrgeAllowedAt } from "@/lib/domain/workflow/side-step-rules";
import { idField, parseInput } from "@/lib/services/validation";
import { recordUrge } from "./record-urge";
import { loadSideTarget, requiredText, urgeIntervalHours } from "./side-facts";

const schema = z.object({ assignmentId: idField("承办任务不存在"), message: requiredText("催办内容", 500) });

/**
 * 催办 by hand — an office clerk (task.manage) urges one unit still working on its assignment, with a
 * message; the unit's members are told in-app and its 短信接收人 by SMS. Throttled per assignment by the
 * urgency's 提醒规则 (urgeMinIntervalHours): recordUrge's guarded UPDATE decides, so two clerks urging at
 * once record one urge. No version is asked for: an urge changes no state a stale page could overwrite,
 * and the throttle already turns a double click into one urge.
 */
export async function urgeAssignment(actor: Actor, input: unknown, now = clockNow()) {
  assertCan(actor, "task.manage");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const a = await loadSideTarget(tx, actor, v.assignmentId);
    assertSideStep(checkSideStep(actor, "urge", { taskStatus: a.taskStatus, assignment: a }));
    const hours = await urgeIntervalHours(tx, a.urgencyId);
    const result = await recordUrge(tx, {
      assignment: { id: a.id, taskId: a.taskId, departmentId: a.departmentId, deadline: a.deadline },
      task: { taskNo: a.taskNo, title: a.taskTitle },
      kind: "manual",
      message: v.message,
      author: actor,
      authorName: actor.displayName,
      authorId: actor.userId,
      minIntervalHours: hours,
      notify: { sms: "sms_recipients" },
      now,
    });
    if (!result.recorded) {
      const next = nextUrgeAllowedAt(result.lastUrgedAt, hours, now);
      throw conflict(
        `该单位最近一次催办在 ${formatDateTime(result.lastUrgedAt)}，${hours} 小时内不能重复催办${next ? `，${formatDateTime(next)} 后可再次催办` : ""}`,
      );
    }
    return { urgeId: result.urgeId, assignmentId: a.id };
  });
}
