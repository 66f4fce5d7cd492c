import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "@/db/client";
import { messageTemplates } from "@/db/schema";
import { validation } from "@/lib/domain/errors";
import {
  DEFAULT_TEMPLATES,
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  TEMPLATE_BODY_MAX,
  TEMPLATE_PLACEHOLDERS,
  TEMPLATE_TITLE_MAX,
  unknownPlaceholders,
  type NotificationKind,
} from "@/lib/domain/messages";
import { assertCan, type Actor } from "@/lib/domain/policy";
import { auditedChange, guardedUpdate } from "../../audited-change";
import { parseInput, rowVersionField, type RequestMeta } from "../../validation";

const kindField = z.enum(NOTIFICATION_KINDS, { error: "消息类型无效" });
const known = Object.keys(TEMPLATE_PLACEHOLDERS).map((k) => `{${k}}`).join("、");
const templateText = (label: string, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, `请填写${label}`)
    .max(max, `${label}不超过 ${max} 个字`)
    .superRefine((text, ctx) => {
      const unknown = unknownPlaceholders(text);
      if (unknown.length > 0) ctx.addIssue({ code: "custom", message: `${label}含有不支持的占位符：${unknown.map((u) => `{${u}}`).join("、")}（可用：${known}）` });
    });

const updateSchema = z.object({
  kind: kindField,
  /** 0 = the kind still uses the built-in default (no row yet). */
  version: rowVersionField,
  title: templateText("标题", TEMPLATE_TITLE_MAX),
  body: templateText("正文", TEMPLATE_BODY_MAX),
});
const resetSchema = z.object({ kind: kindField, version: rowVersionField });

async function load(tx: Tx, kind: NotificationKind) {
  const [row] = await tx
    .select({ title: messageTemplates.title, body: messageTemplates.body, version: messageTemplates.version })
    .from(messageTemplates)
    .where(eq(messageTemplates.kind, kind))
    .for("update");
  return row ? { ...row } : { ...DEFAULT_TEMPLATES[kind], version: 0 };
}

function save(actor: Actor, meta: RequestMeta, kind: NotificationKind, version: number, text: { title: string; body: string }, reset: boolean) {
  return auditedChange({
    actor,
    meta,
    version,
    load: (tx) => load(tx, kind),
    check: (_tx, current) => {
      if (current.title === text.title && current.body === text.body) throw validation(reset ? "该模板已是默认内容" : "没有需要保存的修改");
    },
    snapshot: async (tx, current, phase) => {
      const t = phase === "before" ? current : await load(tx, kind);
      return { title: t.title, body: t.body };
    },
    apply: async (tx) => ({
      version: await guardedUpdate(
        tx,
        messageTemplates,
        { id: kind, column: messageTemplates.kind, version, insert: { kind, ...text, updatedById: actor.userId } },
        { ...text, updatedById: actor.userId },
      ),
    }),
    audit: { action: reset ? "admin.template.reset" : "admin.template.update", targetType: "message_template", targetId: kind, extra: { kind: NOTIFICATION_KIND_LABELS[kind] } },
  });
}

/**
 * 消息模板 (admin.rules): the wording of one kind of notification. Placeholders the system does not
 * know are refused (they would reach a phone as nothing); the next message of that kind uses it.
 */
export async function updateMessageTemplate(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<{ version: number }> {
  assertCan(actor, "admin.rules");
  const v = parseInput(updateSchema, input);
  return save(actor, meta, v.kind, v.version, { title: v.title, body: v.body }, false);
}

/** 恢复默认: the kind's wording goes back to the built-in default (kept as a row, so the version guard holds). */
export async function resetMessageTemplate(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<{ version: number }> {
  assertCan(actor, "admin.rules");
  const v = parseInput(resetSchema, input);
  return save(actor, meta, v.kind, v.version, DEFAULT_TEMPLATES[v.kind], true);
}
