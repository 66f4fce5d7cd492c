import { inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { departments, eventSources, taskCategories, taskTypes, urgencyLevels } from "@/db/schema";
import { validation } from "@/lib/domain/errors";
import { FEEDBACK_MODES } from "@/lib/domain/workflow/states";
import { todayInShanghai } from "@/lib/domain/dates";
import { idField, idListField, parseInput } from "./shared";

/** The registration form (督办登记) shared by createTask and updateTask. */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const trimmed = (v: unknown) => (typeof v === "string" ? v.trim() : v);
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "") || v === null ? undefined : trimmed(v);

function isRealDate(value: string): boolean {
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const dateField = (message: string) =>
  z.string({ error: message }).regex(DATE, message).refine(isRealDate, message);

/**
 * Built once: a zod 4 object schema compiles its parser on first use, which costs milliseconds, so
 * schemas are never built per call. Checks against "today" are added by parseTaskForm.
 */
const taskFormSchema = z
    .object({
      title: z.preprocess(trimmed, z.string({ error: "请填写事项标题" }).min(1, "请填写事项标题").max(200, "事项标题不能超过 200 字")),
      content: z.preprocess(trimmed, z.string({ error: "请填写督办内容" }).min(1, "请填写督办内容").max(20000, "督办内容不能超过 20000 字")),
      requirements: z.preprocess(trimmed, z.string().max(5000, "办理要求不能超过 5000 字").optional().default("")),
      sourceId: idField("请选择事件来源"),
      categoryId: idField("请选择事项类别"),
      taskTypeId: idField("请选择办件类型"),
      urgencyId: idField("请选择紧急程度"),
      deadline: z.preprocess(trimmed, dateField("请填写有效的办理时限")),
      instructionBy: z.preprocess(blank, z.string().max(100, "批示领导不能超过 100 字").optional()),
      instructionAt: z.preprocess(blank, dateField("请填写有效的批示日期").optional()),
      instructionText: z.preprocess(blank, z.string().max(5000, "批示内容不能超过 5000 字").optional()),
      feedbackMode: z.preprocess(blank, z.enum(FEEDBACK_MODES, { error: "请选择反馈方式" }).default("final_only")),
      progressIntervalDays: z.preprocess(
        blank,
        z.coerce.number({ error: "反馈周期必须是天数" }).int("反馈周期必须是整数天").min(1, "反馈周期至少 1 天").max(365, "反馈周期不能超过 365 天").optional(),
      ),
      leadUnitId: idField("请选择主办单位"),
      coUnitIds: idListField("协办单位无效"),
      attachmentIds: idListField("附件不存在或已被使用"),
    })
    .superRefine((v, ctx) => {
      if (v.feedbackMode === "periodic" && v.progressIntervalDays === undefined) {
        ctx.addIssue({ code: "custom", path: ["progressIntervalDays"], message: "定期反馈需填写反馈周期（天）" });
      }
      if (v.instructionText && !v.instructionBy) {
        ctx.addIssue({ code: "custom", path: ["instructionBy"], message: "请填写批示领导" });
      }
      if ((v.instructionBy || v.instructionAt) && !v.instructionText) {
        ctx.addIssue({ code: "custom", path: ["instructionText"], message: "请填写批示内容" });
      }
      if (v.coUnitIds.includes(v.leadUnitId)) {
        ctx.addIssue({ code: "custom", path: ["coUnitIds"], message: "协办单位不能包含主办单位" });
      }
      if (new Set(v.coUnitIds).size !== v.coUnitIds.length) {
        ctx.addIssue({ code: "custom", path: ["coUnitIds"], message: "协办单位有重复" });
      }
    });

export type TaskFormInput = z.output<typeof taskFormSchema>;

/**
 * Parses the registration form: the deadline may not lie before today and an instruction date not
 * after it (calendar dates in Asia/Shanghai). All problems are reported together, per field.
 */
export function parseTaskForm(input: unknown, now: Date): TaskFormInput {
  const today = todayInShanghai(now);
  const raw = (input ?? {}) as Record<string, unknown>;
  const dateOf = (value: unknown) => {
    const d = typeof value === "string" ? value.trim() : "";
    return DATE.test(d) && isRealDate(d) ? d : undefined;
  };
  const fieldErrors: Record<string, string> = {};
  const deadline = dateOf(raw.deadline);
  if (deadline && deadline < today) fieldErrors.deadline = "办理时限不能早于今天";
  const instructionAt = dateOf(raw.instructionAt);
  if (instructionAt && instructionAt > today) fieldErrors.instructionAt = "批示日期不能晚于今天";
  return parseInput(taskFormSchema, raw, undefined, fieldErrors);
}

/** The columns a form writes (everything except units and attachments). */
export function taskColumns(v: TaskFormInput) {
  return {
    title: v.title,
    content: v.content,
    requirements: v.requirements,
    sourceId: v.sourceId,
    categoryId: v.categoryId,
    taskTypeId: v.taskTypeId,
    urgencyId: v.urgencyId,
    deadline: v.deadline,
    // Until dispatch the task's light goes by its own deadline (see tasks.dueOn).
    dueOn: v.deadline,
    instructionBy: v.instructionBy ?? null,
    instructionAt: v.instructionAt ?? null,
    instructionText: v.instructionText ?? null,
    feedbackMode: v.feedbackMode,
    progressIntervalDays: v.feedbackMode === "periodic" ? (v.progressIntervalDays ?? null) : null,
  };
}

/**
 * Checks the references against the database in one round trip: base data must exist and be enabled
 * (a disabled entry stays on old tasks but cannot be chosen again), units must be enabled, non-group,
 * non-office departments.
 */
export async function checkTaskReferences(
  tx: Tx,
  v: TaskFormInput,
  keep: { sourceId?: string | null; categoryId?: string | null; taskTypeId?: string | null; urgencyId?: string | null } = {},
): Promise<void> {
  const unitIds = [v.leadUnitId, ...v.coUnitIds];
  const enabledOf = (table: typeof eventSources | typeof taskCategories | typeof taskTypes | typeof urgencyLevels, id: string) =>
    sql<boolean | null>`(select ${table.enabled} from ${table} where ${table.id} = ${id})`;
  const [row] = await tx
    .select({
      sourceId: enabledOf(eventSources, v.sourceId),
      categoryId: enabledOf(taskCategories, v.categoryId),
      taskTypeId: enabledOf(taskTypes, v.taskTypeId),
      urgencyId: enabledOf(urgencyLevels, v.urgencyId),
      units: sql<string[]>`array(select ${departments.id}::text from ${departments}
        where ${inArray(departments.id, unitIds)} and ${departments.enabled} and not ${departments.isGroup}
          and ${departments.kind} <> 'office')`,
    })
    .from(sql`(select 1) as one`);
  const errors: Record<string, string> = {};
  const labels = { sourceId: "事件来源", categoryId: "事项类别", taskTypeId: "办件类型", urgencyId: "紧急程度" } as const;
  for (const field of ["sourceId", "categoryId", "taskTypeId", "urgencyId"] as const) {
    const enabled = row?.[field];
    // Keeping the value an existing draft already has is allowed even if it was disabled since.
    if (enabled === null || enabled === undefined || (!enabled && keep[field] !== v[field])) errors[field] = `所选${labels[field]}不存在或已停用`;
  }
  const valid = new Set(row?.units ?? []);
  if (!valid.has(v.leadUnitId)) errors.leadUnitId = "主办单位不存在、已停用或不能承办任务";
  if (v.coUnitIds.some((id) => !valid.has(id))) errors.coUnitIds = "协办单位不存在、已停用或不能承办任务";
  const first = Object.values(errors)[0];
  if (first) throw validation(first, errors);
}
