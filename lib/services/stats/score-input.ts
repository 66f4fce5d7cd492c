import { z } from "zod";
import { MAX_ADJUSTMENT_POINTS } from "@/lib/domain/stats/scoring";

/** ± points, two decimals, bounded, not zero (人工加减分 and the correction an accepted 申诉 makes). */
export const pointsField = z.coerce
  .number({ error: "分值必须是数字" })
  .refine((n) => Number.isFinite(n), "分值必须是数字")
  .refine((n) => n !== 0, "分值不能为 0")
  .refine((n) => Math.abs(n) <= MAX_ADJUSTMENT_POINTS, `分值应在 −${MAX_ADJUSTMENT_POINTS} 到 ${MAX_ADJUSTMENT_POINTS} 之间`)
  .refine((n) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6, "分值最多保留两位小数");

/** A required reason (理由 / 答复), trimmed, at most 500 characters. */
export const reasonField = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .transform((s) => s.trim())
    .pipe(z.string().min(1, `请填写${label}`).max(500, `${label}不能超过 500 字`));

/** 'YYYY-MM' within the years statistics accept. */
export const monthField = z
  .string({ error: "请选择月份" })
  .trim()
  .regex(/^(20\d\d|2100)-(0[1-9]|1[0-2])$/, "请选择有效的月份");
