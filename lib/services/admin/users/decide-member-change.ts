import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { memberChangeRequests } from "@/db/schema";
import { conflict, notFound, validation } from "@/lib/domain/errors";
import { MEMBER_CHANGE_STATUS_LABELS } from "@/lib/domain/member-changes";
import { assertCan, type Actor } from "@/lib/domain/policy";
import { now } from "@/lib/clock";
import { memberChangeInScope } from "@/lib/scope";
import { auditedChange, guardedUpdate } from "../../audited-change";
import { idField, parseInput, versionField, type RequestMeta } from "../../validation";

const schema = z.object({
  id: idField("请选择变更申请"),
  version: versionField,
  decision: z.enum(["done", "rejected"], { error: "请选择已办理或不采纳" }),
  note: z.preprocess((v) => (v == null ? "" : v), z.string().trim().max(500, "处理意见不能超过 500 个字")),
});

/**
 * 用户管理 → 变更申请 (admin.users): closes an open request as 已办理 (the admin made the change in the
 * user's page; that edit does not close it by itself) or 不采纳 (with a reason the unit reads). Version
 * guarded: two admins closing the same request at once, one wins and the other is told to refresh.
 */
export async function decideMemberChange(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<void> {
  assertCan(actor, "admin.users");
  const data = parseInput(schema, input);
  if (data.decision === "rejected" && !data.note) throw validation("请填写不采纳的原因", { note: "请填写不采纳的原因" });

  await auditedChange({
    actor,
    meta,
    version: data.version,
    load: async (tx) => {
      const [row] = await tx
        .select()
        .from(memberChangeRequests)
        .where(and(eq(memberChangeRequests.id, data.id), memberChangeInScope(actor)))
        .for("update");
      if (!row) throw notFound("变更申请");
      return row;
    },
    check: (_tx, row) => {
      if (row.status !== "open") throw conflict(`该申请已${MEMBER_CHANGE_STATUS_LABELS[row.status]}，请刷新后查看`);
    },
    snapshot: async (tx) => {
      const [row] = await tx
        .select({ status: memberChangeRequests.status, handlerNote: memberChangeRequests.handlerNote, handledById: memberChangeRequests.handledById })
        .from(memberChangeRequests)
        .where(eq(memberChangeRequests.id, data.id));
      return row;
    },
    apply: (tx) =>
      guardedUpdate(
        tx,
        memberChangeRequests,
        data,
        { status: data.decision, handlerNote: data.note || null, handledById: actor.userId, handledAt: now() },
        sql`${memberChangeRequests.status} = 'open'`,
      ),
    audit: {
      action: data.decision === "done" ? "admin.member_change.done" : "admin.member_change.reject",
      targetType: "member_change_request",
      targetId: data.id,
    },
  });
}
