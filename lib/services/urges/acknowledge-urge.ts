import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { urges } from "@/db/schema";
import { now as clockNow } from "@/lib/clock";
import { conflict, forbidden } from "@/lib/domain/errors";
import { canAny, type Actor } from "@/lib/domain/policy";
import { assertSideStep, checkSideStep } from "@/lib/domain/workflow/side-step-rules";
import { writeEvent } from "@/lib/services/tasks/shared";
import { idField, parseInput } from "@/lib/services/validation";
import { loadUrge } from "./side-facts";

const schema = z.object({ urgeId: idField("催办记录不存在") });

/**
 * 签收催办 — a member of the urged unit (assignment.handle or assignment.sign) acknowledges an urge,
 * once: the UPDATE only matches while nobody has signed for it, so a second attempt (a colleague, a
 * double click) is told it is already signed for. Another unit's urge is "not found".
 */
export async function acknowledgeUrge(actor: Actor, input: unknown, now = clockNow()) {
  if (!canAny(actor, ["assignment.handle", "assignment.sign"])) throw forbidden();
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const u = await loadUrge(tx, actor, v.urgeId);
    assertSideStep(checkSideStep(actor, "acknowledge_urge", { taskStatus: "in_progress", assignment: { departmentId: u.departmentId, status: u.assignmentStatus }, urge: u }));
    const [row] = await tx
      .update(urges)
      .set({ acknowledgedAt: now, acknowledgedById: actor.userId })
      .where(and(eq(urges.id, u.id), isNull(urges.acknowledgedAt)))
      .returning({ id: urges.id });
    if (!row) throw conflict("该催办已签收");
    await writeEvent(tx, actor, { taskId: u.taskId, assignmentId: u.assignmentId, action: "acknowledge_urge", detail: { urgeId: u.id } });
    return { urgeId: u.id };
  });
}
