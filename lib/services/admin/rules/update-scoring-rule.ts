import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { scoringRules } from "@/db/schema";
import { notFound, validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { auditedChange, guardedUpdate } from "../../audited-change";
import { idField, parseInput, versionField, type RequestMeta, BAD_ID } from "../base-data/shared";
import { scoringRuleFields } from "./scoring-rule-input";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({ id: idField(BAD_ID), version: versionField, ...scoringRuleFields });

/** Admins (admin.rules) change a 绩效规则 item: name, points, trigger, enabled. */
export async function updateScoringRule(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<{ version: number }> {
  assertCan(actor, "admin.rules");
  const { id, version, ...v } = parseInput(schema, input);
  const snapshot = async (tx: Tx) => {
    const [row] = await tx.select().from(scoringRules).where(eq(scoringRules.id, id));
    return { name: row!.name, trigger: row!.trigger, points: Number(row!.points), enabled: row!.enabled };
  };
  const newVersion = await auditedChange({
    actor,
    meta,
    version,
    load: async (tx) => {
      const [row] = await tx.select().from(scoringRules).where(eq(scoringRules.id, id)).for("update");
      if (!row) throw notFound("绩效规则");
      return row;
    },
    check: async (tx) => {
      if (JSON.stringify(await snapshot(tx)) === JSON.stringify(v)) throw validation("没有需要保存的修改");
    },
    snapshot,
    apply: (tx) => guardedUpdate(tx, scoringRules, { id, version }, v),
    audit: { action: "admin.rules.scoring_update", targetType: "scoring_rule", targetId: id },
  });
  return { version: newVersion };
}
