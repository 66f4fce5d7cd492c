import type { Actor } from "@/lib/domain/policy";
import { z } from "zod";
import { getDb } from "@/db/client";
import { assertCan } from "@/lib/domain/policy";
import { assertTransition, checkAssignmentTransition } from "@/lib/domain/workflow/transitions";
import { assertVersion, idField, loadAssignment, parseInput, versionField } from "./shared";
import { assertNotSelf, rerouteAssignmentStep, rerouteReasonField } from "./pending-step";

const schema = z.object({ assignmentId: idField("承办任务不存在"), toUserId: idField("请选择改派给的人员"), reason: rerouteReasonField, version: versionField });

/**
 * 改派 (office side) — the office or an admin (task.reroute) moves a unit's step from the person it
 * waits on (the signer while the text is with a leader, otherwise the handling clerk) to another
 * enabled person of that unit who may take it; for a unit whose only leader or clerk has left.
 */
export async function rerouteAssignment(actor: Actor, input: unknown) {
  assertCan(actor, "task.reroute");
  const v = parseInput(schema, input);
  assertNotSelf(actor, v.toUserId);
  return getDb().transaction(async (tx) => {
    const a = await loadAssignment(tx, actor, v.assignmentId);
    assertTransition(checkAssignmentTransition(actor, { status: a.taskStatus }, a, "reroute"));
    assertVersion(v.version, a.version);
    return rerouteAssignmentStep(tx, actor, a, "reroute", v);
  });
}
