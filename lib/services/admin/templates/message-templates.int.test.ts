import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLogs, messageTemplates, notifications, users } from "@/db/schema";
import { listMessageTemplates } from "@/lib/data/message-templates";
import { DEFAULT_TEMPLATES, NOTIFICATION_KINDS } from "@/lib/domain/messages";
import { enqueueNotifications, usersById } from "@/lib/services/notifications/enqueue";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { expectDomainError } from "@/test/expect-error";
import { resetMessageTemplate, updateMessageTemplate } from "./update-message-template";

let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
});
afterAll(() => cleanup());

describe("消息模板", () => {
  it("lists every kind with the default until saved", async () => {
    const admin = await actorNamed("admin");
    const rows = await listMessageTemplates(admin);
    expect(rows.map((r) => r.kind)).toEqual([...NOTIFICATION_KINDS]);
    expect(rows.every((r) => r.isDefault && r.version === 0)).toBe(true);
    await expectDomainError(listMessageTemplates(await actorNamed("dcs_jbr")), "FORBIDDEN");
  });

  it("saves a template (audited, version-guarded) that the next message uses; refuses unknown placeholders and overlong text", async () => {
    const admin = await actorNamed("admin");
    await expectDomainError(updateMessageTemplate(await actorNamed("dcs_jbr"), { kind: "urge", version: 0, title: "催办", body: "请办理" }), "FORBIDDEN");
    await expectDomainError(updateMessageTemplate(admin, { kind: "urge", version: 0, title: "催办", body: "请{负责人}办理" }), "VALIDATION", "正文含有不支持的占位符：{负责人}");
    await expectDomainError(updateMessageTemplate(admin, { kind: "urge", version: 0, title: "催办", body: "长".repeat(301) }), "VALIDATION", "正文不超过 300 个字");
    await expectDomainError(updateMessageTemplate(admin, { kind: "nonsense", version: 0, title: "催办", body: "x" }), "VALIDATION");
    expect(await getDb().select().from(messageTemplates)).toHaveLength(0);

    const { version } = await updateMessageTemplate(admin, { kind: "urge", version: 0, title: "催办：{任务标题}", body: "{单位}请抓紧办理{任务编号}" });
    expect(version).toBe(1);
    // A second form opened before the save is stale.
    await expectDomainError(updateMessageTemplate(admin, { kind: "urge", version: 0, title: "别的", body: "别的" }), "CONFLICT");
    const audit = await getDb().select().from(auditLogs).where(eq(auditLogs.action, "admin.template.update"));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.detail).toMatchObject({ before: { body: DEFAULT_TEMPLATES.urge.body }, after: { body: "{单位}请抓紧办理{任务编号}" } });

    const [jw] = await getDb().select({ id: users.id }).from(users).where(eq(users.username, "jw_jbr"));
    await getDb().transaction(async (tx) =>
      enqueueNotifications(tx, { kind: "urge", taskId: null, recipients: await usersById(tx, [jw!.id]), vars: { 任务标题: "某事项", 任务编号: "渝中督〔2026〕3号" }, sms: "none" }),
    );
    const [msg] = await getDb().select().from(notifications).where(eq(notifications.kind, "urge"));
    expect(msg).toMatchObject({ title: "催办：某事项", body: "区教委请抓紧办理渝中督〔2026〕3号" });

    const rows = await listMessageTemplates(admin);
    expect(rows.find((r) => r.kind === "urge")).toMatchObject({ isDefault: false, version: 1 });

    await expectDomainError(resetMessageTemplate(admin, { kind: "urge", version: 0 }), "CONFLICT");
    expect(await resetMessageTemplate(admin, { kind: "urge", version: 1 })).toEqual({ version: 2 });
    expect((await listMessageTemplates(admin)).find((r) => r.kind === "urge")).toMatchObject({ isDefault: true, body: DEFAULT_TEMPLATES.urge.body });
    await expectDomainError(resetMessageTemplate(admin, { kind: "urge", version: 2 }), "VALIDATION", "已是默认内容");
  });
});
