import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { scoringRules } from "@/db/schema";
import { conflict, notFound, validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { writeAudit } from "../../audit";
import { STALE_MESSAGE, idField, parseInput, versionSchema, type RequestMeta, BAD_ID } from "../base-data/shared";
import { scoringRuleFields } from "./scoring-rule-input";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({ id: idField(BAD_ID), version: versionSchema, ...scoringRuleFields });

/** Admins (admin.rules) change a 绩效规则 item: name, points, trigger, enabled. */
export async function updateScoringRule(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<{ version: number }> {
  assertCan(actor, "admin.rules");
  const { id, version, ...v } = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const [before] = await tx.select().from(scoringRules).where(eq(scoringRules.id, id)).for("update");
    if (!before) throw notFound("绩效规则");
    if (before.version !== version) throw conflict(STALE_MESSAGE);
    const was = { name: before.name, trigger: before.trigger, points: Number(before.points), enabled: before.enabled };
    if (JSON.stringify(was) === JSON.stringify(v)) throw validation("没有需要保存的修改");
    const [row] = await tx
      .update(scoringRules)
      .set({ ...v, version: sql`${scoringRules.version} + 1`, updatedAt: new Date() })
      .where(and(eq(scoringRules.id, id), eq(scoringRules.version, version)))
      .returning({ version: scoringRules.version });
    if (!row) throw conflict(STALE_MESSAGE);
    await writeAudit(tx, {
      actorId: actor.userId,
      actorName: actor.displayName,
      action: "admin.rules.scoring_update",
      targetType: "scoring_rule",
      targetId: id,
      ...meta,
      detail: { before: was, after: v },
    });
    return { version: row.version };
  });
}
