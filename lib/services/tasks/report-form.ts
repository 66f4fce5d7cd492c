import { z } from "zod";
import { validation } from "@/lib/domain/errors";
import { REPORT_KINDS, type FeedbackMode, type ReportKind } from "@/lib/domain/workflow/states";
import { idListField } from "./shared";

/** The fields a unit writes for 反馈任务 and 承办任务. */
export const reportFields = {
  kind: z.enum(REPORT_KINDS, { error: "请选择反馈类型（阶段反馈或办结反馈）" }),
  body: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v),
    z.string({ error: "请填写反馈内容" }).min(1, "请填写反馈内容").max(20000, "反馈内容不能超过 20000 字"),
  ),
  attachmentIds: idListField("附件不存在或已被使用"),
  /** Files of the previous (returned) version the clerk keeps in this revision. */
  keepAttachmentIds: idListField("要保留的上一稿附件已不存在，请刷新后重试"),
};

/** A task that asks only for one final report takes no progress reports. */
export function assertKindAllowed(mode: FeedbackMode, kind: ReportKind): void {
  if (mode === "final_only" && kind === "progress") {
    throw validation("该事项只需提交办结反馈，无需阶段反馈", { kind: "该事项只需提交办结反馈，无需阶段反馈" });
  }
}
