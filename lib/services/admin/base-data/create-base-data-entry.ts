import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { reminderRules, taskCategories, urgencyLevels } from "@/db/schema";
import { DEFAULT_REMINDER_RULE } from "@/lib/domain/rules";
import { BASE_DATA_LIST_LABELS, type BaseDataList } from "@/lib/domain/base-data";
import { notFound, validation } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { writeAudit } from "../../audit";
import {
  AUDIT_TARGET,
  assertNameFree,
  colorSchema,
  entryNameSchema,
  isUniqueViolation,
  listTable,
  loadEntry,
  parseInput,
  siblingsWhere,
  snapshot,
  type RequestMeta,
  BAD_ID,
  optionalIdField,
} from "./shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  name: entryNameSchema,
  parentId: optionalIdField(BAD_ID),
  color: z.preprocess((v) => (v === "" ? undefined : v), colorSchema.optional()),
});

/**
 * Admins (admin.basedata) add an entry at the end of a list (a category optionally under a top-level
 * category; an urgency level with its colour and a default reminder rule).
 */
export async function createBaseDataEntry(actor: Actor, list: BaseDataList, input: unknown, meta: RequestMeta = {}): Promise<{ id: string }> {
  assertCan(actor, "admin.basedata");
  const v = parseInput(schema, input);
  if (v.parentId && list !== "categories") throw validation("只有事项类别可以设置上级");
  try {
    return await getDb().transaction(async (tx) => {
      const parentId = v.parentId ?? null;
      if (parentId) {
        const parent = await loadEntry(tx, "categories", parentId);
        if (!parent) throw notFound("上级类别");
        if (parent.parentId) throw validation("事项类别只支持一级子类别，请选择一个一级类别作为上级", { parentId: "请选择一级类别" });
      }
      await assertNameFree(tx, list, v.name, parentId);
      const t = listTable(list);
      const [{ max } = { max: 0 }] = await tx
        .select({ max: sql<number>`coalesce(max(${t.sortOrder}), 0)::int` })
        .from(t)
        .where(siblingsWhere(list, parentId));
      const base = { name: v.name, sortOrder: max + 1 };
      let id: string;
      if (list === "categories") {
        [{ id }] = (await tx.insert(taskCategories).values({ ...base, parentId }).returning({ id: taskCategories.id })) as [{ id: string }];
      } else if (list === "urgencies") {
        // A stable code for rules and integrations; names may be renamed later.
        const code = `level_${randomBytes(4).toString("hex")}`;
        [{ id }] = (await tx
          .insert(urgencyLevels)
          .values({ ...base, code, color: v.color ?? "#64748b" })
          .returning({ id: urgencyLevels.id })) as [{ id: string }];
        await tx.insert(reminderRules).values({ urgencyId: id, ...DEFAULT_REMINDER_RULE });
      } else {
        [{ id }] = (await tx.insert(t).values(base).returning({ id: t.id })) as [{ id: string }];
      }
      await writeAudit(tx, {
        actorId: actor.userId,
        actorName: actor.displayName,
        action: "admin.basedata.create",
        targetType: AUDIT_TARGET[list],
        targetId: id,
        ...meta,
        detail: { list: BASE_DATA_LIST_LABELS[list], before: null, after: snapshot({ ...base, enabled: true, parentId, color: list === "urgencies" ? (v.color ?? "#64748b") : undefined }) },
      });
      return { id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw validation(`名称“${v.name}”已存在`, { name: `名称“${v.name}”已存在` });
    throw error;
  }
}
