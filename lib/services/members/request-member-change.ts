import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { memberChangeRequests, users } from "@/db/schema";
import { notFound } from "@/lib/domain/errors";
import { MEMBER_CHANGE_KINDS, type MemberChangeDetails } from "@/lib/domain/member-changes";
import { maskMobile, normalizeMobile } from "@/lib/domain/messages";
import { sealMemberChangeDetails } from "@/lib/crypto/pii";
import { assertCan, type Actor } from "@/lib/domain/policy";
import { now } from "@/lib/clock";
import { writeAudit } from "../audit";
import { optionalIdField, parseInput, type RequestMeta } from "../validation";

const text = (max: number, message: string) =>
  z.preprocess((v) => (v == null ? "" : v), z.string().trim().max(max, message));

const schema = z.object({
  kind: z.enum(MEMBER_CHANGE_KINDS, { error: "请选择申请类型" }),
  targetUserId: optionalIdField("请选择人员"),
  displayName: text(50, "姓名不能超过 50 个字"),
  mobile: text(30, "手机号码格式不正确，应为 11 位大陆手机号"),
  /** "" = leave as it is, "1" = should receive the SMS, "0" = should not. */
  smsRecipient: z.preprocess((v) => (v == null ? "" : v), z.enum(["", "1", "0"], { error: "请选择是否接收短信" })),
  note: text(500, "说明不能超过 500 个字"),
});

/**
 * 单位用户信息 变更申请 (unit.members.view): a unit member asks 信息中心 to change a colleague's details
 * (name, mobile, 短信接收人), add a person or disable one (manual §2.8.2: "把需要添加或者修改的信息反馈给
 * 督查室或者信息中心"). Always for the actor's own unit; a person of another unit is "not found". Nothing
 * changes until an admin makes the change in 用户管理 and closes the request there.
 */
export async function requestMemberChange(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<{ id: string }> {
  assertCan(actor, "unit.members.view");
  const data = parseInput(schema, input);
  const errors: Record<string, string> = {};
  const mobile = data.mobile ? normalizeMobile(data.mobile) : null;
  if (data.mobile && !mobile) errors.mobile = "手机号码格式不正确，应为 11 位大陆手机号";
  if (data.kind === "add") {
    if (!data.displayName) errors.displayName = "请填写新增人员的姓名";
  } else if (!data.targetUserId) {
    errors.targetUserId = "请选择人员";
  }
  if (data.kind === "update" && !data.displayName && !data.mobile && data.smsRecipient === "") {
    errors._ = "请填写要修改的姓名、手机号或短信接收设置";
  }
  if (data.kind === "remove" && !data.note) errors.note = "请说明停用原因（如调离、退休）";
  if (Object.keys(errors).length > 0) parseInput(schema, input, undefined, errors);

  return getDb().transaction(async (tx) => {
    let target: { id: string; mobile: string | null; enabled: boolean } | undefined;
    if (data.kind !== "add") {
      // Another unit's member is not disclosed: "not found", as every scoped record.
      [target] = await tx
        .select({ id: users.id, mobile: users.mobile, enabled: users.enabled })
        .from(users)
        .where(and(eq(users.id, data.targetUserId!), eq(users.departmentId, actor.departmentId)));
      if (!target) throw notFound("人员");
      if (data.kind === "remove" && !target.enabled) parseInput(schema, input, undefined, { targetUserId: "该人员已停用，无需申请" });
    }
    // The same rule as 用户管理: an SMS recipient needs a number the SMS can go to.
    if (data.smsRecipient === "1" && !mobile && !(target && normalizeMobile(target.mobile))) {
      parseInput(schema, input, undefined, { mobile: "设为短信接收人须填写有效的手机号" });
    }
    const details: MemberChangeDetails =
      data.kind === "remove"
        ? {}
        : {
            ...(data.displayName ? { displayName: data.displayName } : {}),
            ...(mobile ? { mobile } : {}),
            ...(data.smsRecipient ? { smsRecipient: data.smsRecipient === "1" } : {}),
          };
    const [row] = await tx
      .insert(memberChangeRequests)
      .values({
        departmentId: actor.departmentId,
        kind: data.kind,
        targetUserId: data.kind === "add" ? null : data.targetUserId!,
        details: sealMemberChangeDetails(details),
        note: data.note,
        requestedById: actor.userId,
        createdAt: now(),
      })
      .returning({ id: memberChangeRequests.id });
    await writeAudit(tx, {
      actorId: actor.userId,
      actorName: actor.displayName,
      action: "unit.member_change.request",
      targetType: "member_change_request",
      targetId: row!.id,
      // The audit log shows the number masked; the request row holds it sealed (SM4).
      detail: { after: { kind: data.kind, targetUserId: target?.id ?? null, details: { ...details, ...(mobile ? { mobile: maskMobile(mobile) } : {}) }, note: data.note } },
      ...meta,
    });
    return { id: row!.id };
  });
}
