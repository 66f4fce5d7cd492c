import { sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { scoringRules } from "@/db/schema";
import { assertCan } from "@/lib/domain/policy";
import { writeAudit } from "../../audit";
import { parseInput, type RequestMeta } from "../base-data/shared";
import { scoringRuleFields } from "./scoring-rule-input";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object(scoringRuleFields);

/** Admins (admin.rules) add a reward (positive points) or deduction (negative) item to 绩效规则. */
export async function createScoringRule(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<{ id: string }> {
  assertCan(actor, "admin.rules");
  const v = parseInput(schema, input);
  return getDb().transaction(async (tx) => {
    const [{ max } = { max: 0 }] = await tx.select({ max: sql<number>`coalesce(max(${scoringRules.sortOrder}), 0)::int` }).from(scoringRules);
    const [row] = await tx
      .insert(scoringRules)
      .values({ ...v, sortOrder: max + 1 })
      .returning({ id: scoringRules.id });
    await writeAudit(tx, {
      actorId: actor.userId,
      actorName: actor.displayName,
      action: "admin.rules.scoring_create",
      targetType: "scoring_rule",
      targetId: row!.id,
      ...meta,
      detail: { before: null, after: v },
    });
    return { id: row!.id };
  });
}
