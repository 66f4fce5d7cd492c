import type { Actor } from "@/lib/domain/policy";
import { z } from "zod";
import { getDb } from "@/db/client";
import { assertCan } from "@/lib/domain/policy";
import { assertTransition, checkAssignmentTransition } from "@/lib/domain/workflow/transitions";
import { assertVersion, idField, loadAssignment, parseInput, versionField } from "./shared";
import { assertNotSelf, rerouteAssignmentStep, rerouteReasonField } from "./pending-step";

const schema = z.object({ assignmentId: idField("承办任务不存在"), toUserId: idField("请选择改派给的人员"), reason: rerouteReasonField, version: versionField });

/**
 * 改派 (unit side) — a leader of the unit (assignment.sign) moves the handling text waiting on another
 * leader of the unit to a third one, or the signed text waiting to be reported up to another clerk of
 * the unit. (While the clerk has the turn, the leader names another one with 分办.)
 */
export async function rerouteInUnit(actor: Actor, input: unknown) {
  assertCan(actor, "assignment.sign");
  const v = parseInput(schema, input);
  assertNotSelf(actor, v.toUserId);
  return getDb().transaction(async (tx) => {
    const a = await loadAssignment(tx, actor, v.assignmentId);
    assertTransition(checkAssignmentTransition(actor, { status: a.taskStatus }, a, "unit_reroute"));
    assertVersion(v.version, a.version);
    return rerouteAssignmentStep(tx, actor, a, "unit_reroute", v);
  });
}
