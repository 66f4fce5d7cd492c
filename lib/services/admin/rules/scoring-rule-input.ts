import { z } from "zod";
import { SCORING_TRIGGERS } from "@/db/schema";
import { entryNameSchema } from "../base-data/shared";

/** The editable fields of a 绩效规则 item, shared by create and update. */
export const scoringRuleFields = {
  name: entryNameSchema,
  trigger: z.enum(SCORING_TRIGGERS, { error: "请选择触发条件" }),
  points: z.coerce
    .number({ error: "分值必须是数字" })
    .refine((n) => Number.isFinite(n), "分值必须是数字")
    .refine((n) => n >= -100 && n <= 100, "分值应在 -100 到 100 之间")
    .refine((n) => Math.round(n * 100) === n * 100, "分值最多保留两位小数"),
  enabled: z.preprocess((v) => v === undefined || v === true || v === "true" || v === "on", z.boolean()),
};
