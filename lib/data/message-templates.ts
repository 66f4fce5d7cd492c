import "server-only";
import { getDb, type DbOrTx } from "@/db/client";
import { messageTemplates } from "@/db/schema";
import { DEFAULT_TEMPLATES, NOTIFICATION_KIND_LABELS, NOTIFICATION_KINDS, type NotificationKind } from "@/lib/domain/messages";
import { assertCan, type Actor } from "@/lib/domain/policy";

export interface MessageTemplateRow {
  kind: NotificationKind;
  label: string;
  title: string;
  body: string;
  /** 0 = never saved: the built-in default is in use. */
  version: number;
  isDefault: boolean;
  updatedAt: Date | null;
}

/** 消息模板: one row per notification kind, the saved wording or the default (admin.rules). */
export async function listMessageTemplates(viewer: Actor, db: DbOrTx = getDb()): Promise<MessageTemplateRow[]> {
  assertCan(viewer, "admin.rules");
  const saved = new Map((await db.select().from(messageTemplates)).map((r) => [r.kind, r]));
  return NOTIFICATION_KINDS.map((kind) => {
    const row = saved.get(kind);
    const def = DEFAULT_TEMPLATES[kind];
    const title = row?.title ?? def.title;
    const body = row?.body ?? def.body;
    return { kind, label: NOTIFICATION_KIND_LABELS[kind], title, body, version: row?.version ?? 0, isDefault: title === def.title && body === def.body, updatedAt: row?.updatedAt ?? null };
  });
}
