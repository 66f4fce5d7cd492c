import "server-only";
import { and, desc, eq, inArray } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "@/db/client";
import { extensionRequests, urges, users } from "@/db/schema";
import type { Actor } from "@/lib/domain/policy";
import { extensionInScope, urgeInScope } from "@/lib/scope";
import { urgeIntervalHours } from "@/lib/services/urges/side-facts";
import type { ExtensionRow, UrgeRow } from "./types";

/**
 * The 催办 and 延期申请 of the given assignments that the viewer may see (lib/scope: a unit its own, the
 * office all), newest first, grouped by assignment. Both tables are indexed on (assignment_id, created_at).
 */
export async function sideStepsOf(viewer: Actor, assignmentIds: readonly string[]): Promise<{ urges: Map<string, UrgeRow[]>; extensions: Map<string, ExtensionRow[]> }> {
  const result = { urges: new Map<string, UrgeRow[]>(), extensions: new Map<string, ExtensionRow[]>() };
  if (assignmentIds.length === 0) return result;
  const db = getDb();
  const ackBy = alias(users, "ack_by");
  const requester = alias(users, "requester");
  const signer = alias(users, "ext_signer");
  const unitSigner = alias(users, "ext_unit_signer");
  const decider = alias(users, "ext_decider");
  const [urgeRows, extensionRows] = await Promise.all([
    db
      .select({
        id: urges.id,
        assignmentId: urges.assignmentId,
        departmentId: urges.departmentId,
        kind: urges.kind,
        message: urges.message,
        urgedByName: urges.urgedByName,
        createdAt: urges.createdAt,
        acknowledgedAt: urges.acknowledgedAt,
        acknowledgedByName: ackBy.displayName,
      })
      .from(urges)
      .leftJoin(ackBy, eq(ackBy.id, urges.acknowledgedById))
      .where(and(inArray(urges.assignmentId, [...assignmentIds]), urgeInScope(viewer)))
      .orderBy(desc(urges.createdAt)),
    db
      .select({
        id: extensionRequests.id,
        assignmentId: extensionRequests.assignmentId,
        status: extensionRequests.status,
        version: extensionRequests.version,
        reason: extensionRequests.reason,
        previousDeadline: extensionRequests.previousDeadline,
        requestedDeadline: extensionRequests.requestedDeadline,
        approvedDeadline: extensionRequests.approvedDeadline,
        requestedById: extensionRequests.requestedById,
        requestedByName: requester.displayName,
        currentSignerId: extensionRequests.currentSignerId,
        currentSignerName: signer.displayName,
        unitSignedByName: unitSigner.displayName,
        unitSignedAt: extensionRequests.unitSignedAt,
        unitOpinion: extensionRequests.unitOpinion,
        decidedByName: decider.displayName,
        decidedAt: extensionRequests.decidedAt,
        decisionOpinion: extensionRequests.decisionOpinion,
        createdAt: extensionRequests.createdAt,
      })
      .from(extensionRequests)
      .innerJoin(requester, eq(requester.id, extensionRequests.requestedById))
      .leftJoin(signer, eq(signer.id, extensionRequests.currentSignerId))
      .leftJoin(unitSigner, eq(unitSigner.id, extensionRequests.unitSignedById))
      .leftJoin(decider, eq(decider.id, extensionRequests.decidedById))
      .where(and(inArray(extensionRequests.assignmentId, [...assignmentIds]), extensionInScope(viewer)))
      .orderBy(desc(extensionRequests.createdAt)),
  ]);
  for (const row of urgeRows) result.urges.set(row.assignmentId, [...(result.urges.get(row.assignmentId) ?? []), row]);
  for (const row of extensionRows) result.extensions.set(row.assignmentId, [...(result.extensions.get(row.assignmentId) ?? []), row]);
  return result;
}

/** The 催办 throttle of a task's urgency (hours), as the urge verb applies it. */
export async function urgeIntervalFor(urgencyId: string): Promise<number> {
  return urgeIntervalHours(getDb(), urgencyId);
}
