import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { desc, eq } from "drizzle-orm";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { auditLogs, systemSettings } from "@/db/schema";
import { getEffectiveSettings, getLockoutPolicy, getSettingsForAdmin, getSystemName } from "@/lib/data/settings";
import { getAttachmentRules } from "@/lib/data/attachments";
import { updateSettings } from "./update-settings";
import { expectDomainError } from "@/test/expect-error";
import type { Actor } from "@/lib/domain/policy";

let cleanup: () => Promise<void>;
let admin: Actor;
let clerk: Actor;
const meta = { ip: "10.0.0.9", userAgent: "vitest" };

const actor = actorNamed;
beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
  admin = await actor("admin");
  clerk = await actor("dcs_jbr");
});
afterAll(() => cleanup());

const error = (promise: Promise<unknown>) => expectDomainError(promise);

/** The form as the page posts it: current values and versions, with some fields changed. */
async function form(patch: Record<string, unknown> = {}) {
  const { values, versions } = await getEffectiveSettings();
  return {
    ...values,
    attachmentTypes: values.attachmentTypes.join(","),
    ...Object.fromEntries(Object.entries(versions).map(([k, v]) => [`v_${k}`, String(v)])),
    ...patch,
  };
}

describe("settings", () => {
  it("falls back to env/defaults for keys never saved", async () => {
    const s = await getEffectiveSettings();
    expect(s.sources.loginMaxFailures).not.toBe("setting");
    expect(s.versions.loginMaxFailures).toBe(0);
    expect(await getLockoutPolicy()).toEqual({ maxFailures: 5, lockMinutes: 15 });
  });

  it("saves only the changed keys, which the login policy, the uploads and the header then use", async () => {
    const { changed } = await updateSettings(admin, await form({ systemName: "测试督办系统", loginMaxFailures: "3", loginLockMinutes: "30", attachmentMaxMb: "20", attachmentTypes: "pdf .DOCX" }), meta);
    expect(changed.sort()).toEqual(["attachmentMaxMb", "attachmentTypes", "loginLockMinutes", "loginMaxFailures", "systemName"]);
    expect(await getSystemName()).toBe("测试督办系统");
    expect(await getLockoutPolicy()).toEqual({ maxFailures: 3, lockMinutes: 30 });
    const rules = await getAttachmentRules();
    expect(rules.maxMb).toBe(20);
    expect(rules.extensions).toEqual(["pdf", "docx"]);
    const [audit] = await getDb().select().from(auditLogs).where(eq(auditLogs.action, "admin.settings.update")).orderBy(desc(auditLogs.id)).limit(1);
    expect(audit?.detail).toMatchObject({ before: { systemName: "渝中区督查督办系统", loginMaxFailures: 5 }, after: { systemName: "测试督办系统", loginMaxFailures: 3 } });
  });

  it("shows the next task number under the pattern", async () => {
    const page = await getSettingsForAdmin(admin, new Date("2026-11-27T02:00:00Z"));
    expect(page.year).toBe(2026);
    expect(page.nextSeq).toBe(1);
  });

  it("a form opened before someone else saved is refused, even for a different field of the same key", async () => {
    const stale = await form();
    await updateSettings(admin, await form({ systemName: "第二次修改" }), meta);
    const e = await error(updateSettings(admin, { ...stale, systemName: "过期表单" }, meta));
    expect(e).toMatchObject({ code: "CONFLICT", message: "该记录已被他人修改，请刷新后重试" });
    expect(await getSystemName()).toBe("第二次修改");
  });

  it("two admins saving a never-saved key at once: one wins", async () => {
    const f = await form();
    const results = await Promise.allSettled([updateSettings(admin, { ...f, sessionIdleMinutes: "45" }, meta), updateSettings(admin, { ...f, sessionIdleMinutes: "60" }, meta)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
  });

  it("validation: pattern without {seq}, unknown type, out-of-range numbers — nothing written", async () => {
    const before = await getDb().select().from(systemSettings);
    const e = await error(updateSettings(admin, await form({ taskNoPattern: "督〔{year}〕号", attachmentTypes: "pdf exe", loginMaxFailures: "0" }), meta));
    expect(e.code).toBe("VALIDATION");
    expect(e.fieldErrors?.taskNoPattern).toContain("必须包含 {seq}");
    expect(e.fieldErrors?.attachmentTypes).toContain("exe");
    expect(e.fieldErrors?.loginMaxFailures).toBe("连续登录失败锁定次数应在 3 到 20 之间");
    expect(await getDb().select().from(systemSettings)).toEqual(before);
    expect((await error(updateSettings(admin, await form(), meta))).message).toBe("没有需要保存的修改");
  });

  it("the HTTP SMS gateway needs its address; with one it is saved", async () => {
    const before = await getDb().select().from(systemSettings);
    expect((await error(updateSettings(admin, await form({ smsProvider: "http", smsGatewayUrl: "" }), meta))).message).toBe("选择 HTTP 短信网关时请填写短信网关地址");
    expect(await getDb().select().from(systemSettings)).toEqual(before);
    const { changed } = await updateSettings(admin, await form({ smsProvider: "http", smsGatewayUrl: "http://10.0.0.8/sms", smsDailyCap: "5" }), meta);
    expect(changed.sort()).toEqual(["smsDailyCap", "smsGatewayUrl", "smsProvider"]);
    expect((await getEffectiveSettings()).values).toMatchObject({ smsProvider: "http", smsGatewayUrl: "http://10.0.0.8/sms", smsDailyCap: 5 });
  });

  it("forbidden to a clerk, by the verb and by the page read", async () => {
    expect((await error(updateSettings(clerk, await form({ systemName: "越权" }), meta))).code).toBe("FORBIDDEN");
    await expect(getSettingsForAdmin(clerk)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
