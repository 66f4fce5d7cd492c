import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq, isNull } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { auditLogs, eventSources, reminderRules, taskCategories, tasks, taskTypes, urgencyLevels } from "@/db/schema";
import { listBaseDataEntries } from "@/lib/data/base-data";
import { getTaskFormOptions as formOptions } from "@/lib/data/task-form";
import { createBaseDataEntry } from "./create-base-data-entry";
import { updateBaseDataEntry } from "./update-base-data-entry";
import { setBaseDataEnabled } from "./set-base-data-enabled";
import { moveBaseDataEntry } from "./move-base-data-entry";
import { deleteBaseDataEntry } from "./delete-base-data-entry";
import { expectDomainError } from "@/test/expect-error";
import type { Actor } from "@/lib/domain/policy";

/** What the 督办登记 form offers, with categories folded into the tree the admin maintains. */
async function getTaskFormOptions() {
  const options = await formOptions();
  const tops = options.categories.filter((c) => !c.parentName);
  return {
    sources: options.sources,
    taskTypes: options.types,
    urgencies: options.urgencies,
    categories: tops.map((top) => ({
      id: top.id,
      name: top.name,
      children: options.categories.filter((c) => c.parentName === top.name).map(({ id, name }) => ({ id, name })),
    })),
  };
}

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

const expectError = expectDomainError;

async function lastAudit(action: string) {
  const [row] = await getDb().select().from(auditLogs).where(eq(auditLogs.action, action)).orderBy(desc(auditLogs.id)).limit(1);
  return row;
}

async function auditCount() {
  return (await getDb().select({ id: auditLogs.id }).from(auditLogs)).length;
}

async function source(name: string) {
  const [row] = await getDb().select().from(eventSources).where(eq(eventSources.name, name));
  return row!;
}

/** A draft task using the given category, as the task pages would have saved it. */
async function taskUsing(categoryId: string) {
  const [urgency] = await getDb().select({ id: urgencyLevels.id }).from(urgencyLevels).where(eq(urgencyLevels.code, "normal"));
  const [row] = await getDb()
    .insert(tasks)
    .values({ title: "测试事项", content: "内容", deadline: "2026-12-31", dueOn: "2026-12-31", urgencyId: urgency!.id, categoryId, creatorId: clerk.userId })
    .returning({ id: tasks.id });
  return row!.id;
}

describe("createBaseDataEntry", () => {
  it("adds a source at the end of the list, shows it in the new-task form and logs it", async () => {
    const { id } = await createBaseDataEntry(admin, "sources", { name: "  巡视反馈  " }, meta);
    const rows = await listBaseDataEntries(admin, "sources");
    expect(rows.at(-1)).toMatchObject({ id, name: "巡视反馈", enabled: true, usedBy: 0 });
    expect((await getTaskFormOptions()).sources.at(-1)?.name).toBe("巡视反馈");
    expect(await lastAudit("admin.basedata.create")).toMatchObject({ targetId: id, actorName: admin.displayName, ip: "10.0.0.9", detail: { before: null, after: { name: "巡视反馈" } } });
  });

  it("adds a sub-category under a top-level category, and refuses a third level", async () => {
    const [parent] = await getDb().select().from(taskCategories).where(and(eq(taskCategories.name, "生态环保"), isNull(taskCategories.parentId)));
    const { id } = await createBaseDataEntry(admin, "categories", { name: "大气污染防治", parentId: parent!.id }, meta);
    const tree = (await getTaskFormOptions()).categories.find((c) => c.id === parent!.id);
    expect(tree?.children.map((c) => c.name)).toEqual(["大气污染防治"]);
    await expectError(createBaseDataEntry(admin, "categories", { name: "三级", parentId: id }, meta), "VALIDATION", /只支持一级子类别/);
  });

  it("adds an urgency level with a default reminder rule", async () => {
    const { id } = await createBaseDataEntry(admin, "urgencies", { name: "限时件", color: "#7c3aed" }, meta);
    const [rule] = await getDb().select().from(reminderRules).where(eq(reminderRules.urgencyId, id));
    expect(rule).toMatchObject({ daysBeforeDeadline: 3, enabled: true });
  });

  it("refuses a duplicate name, an empty name and a bad colour, writing nothing", async () => {
    const before = await auditCount();
    const sources = (await listBaseDataEntries(admin, "sources")).length;
    const dup = await expectError(createBaseDataEntry(admin, "sources", { name: "区领导批示" }, meta), "VALIDATION", "名称“区领导批示”已存在");
    expect(dup.fieldErrors?.name).toBe("名称“区领导批示”已存在");
    await expectError(createBaseDataEntry(admin, "sources", { name: "   " }, meta), "VALIDATION", "请填写名称");
    await expectError(createBaseDataEntry(admin, "urgencies", { name: "新级别", color: "red" }, meta), "VALIDATION", "颜色格式应为 #RRGGBB");
    expect(await auditCount()).toBe(before);
    expect((await listBaseDataEntries(admin, "sources")).length).toBe(sources);
  });

  it("refuses a top-level category name twice (NULL parents are not covered by the unique index)", async () => {
    await expectError(createBaseDataEntry(admin, "categories", { name: "经济发展" }, meta), "VALIDATION", /已存在/);
  });

  it("is refused to a non-admin", async () => {
    await expectError(createBaseDataEntry(clerk, "sources", { name: "越权" }, meta), "FORBIDDEN");
    await expect(listBaseDataEntries(clerk, "sources")).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("updateBaseDataEntry", () => {
  it("renames with the version and logs before/after", async () => {
    const row = await source("媒体曝光");
    const { version } = await updateBaseDataEntry(admin, "sources", { id: row.id, version: row.version, name: "媒体报道" }, meta);
    expect(version).toBe(row.version + 1);
    expect((await getDb().select().from(eventSources).where(eq(eventSources.id, row.id)))[0]?.name).toBe("媒体报道");
    expect(await lastAudit("admin.basedata.update")).toMatchObject({ detail: { before: { name: "媒体曝光" }, after: { name: "媒体报道" } } });
  });

  it("refuses a stale save: of two admins editing the same version, exactly one wins", async () => {
    const row = await source("其他");
    const results = await Promise.allSettled([
      updateBaseDataEntry(admin, "sources", { id: row.id, version: row.version, name: "其他来源" }, meta),
      updateBaseDataEntry(admin, "sources", { id: row.id, version: row.version, name: "其它" }, meta),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toMatchObject({ code: "CONFLICT", message: "该记录已被他人修改，请刷新后重试" });
  });

  it("not found, forbidden and validation", async () => {
    await expectError(updateBaseDataEntry(admin, "sources", { id: randomUUID(), version: 1, name: "x" }, meta), "NOT_FOUND");
    const row = await source("上级交办");
    await expectError(updateBaseDataEntry(clerk, "sources", { id: row.id, version: row.version, name: "x" }, meta), "FORBIDDEN");
    await expectError(updateBaseDataEntry(admin, "sources", { id: row.id, version: row.version, name: "区领导批示" }, meta), "VALIDATION", /已存在/);
    expect((await source("上级交办")).version).toBe(row.version);
  });
});

describe("setBaseDataEnabled", () => {
  it("disabling a category in use hides it from the new-task form but keeps the task's link", async () => {
    const [category] = await getDb().select().from(taskCategories).where(eq(taskCategories.name, "招商引资"));
    const taskId = await taskUsing(category!.id);
    await setBaseDataEnabled(admin, "categories", { id: category!.id, version: category!.version, enabled: "false" }, meta);
    const options = await getTaskFormOptions();
    expect(options.categories.flatMap((c) => c.children).map((c) => c.name)).not.toContain("招商引资");
    const [task] = await getDb()
      .select({ category: taskCategories.name })
      .from(tasks)
      .innerJoin(taskCategories, eq(taskCategories.id, tasks.categoryId))
      .where(eq(tasks.id, taskId));
    expect(task?.category).toBe("招商引资");
    expect(await lastAudit("admin.basedata.disable")).toMatchObject({ targetId: category!.id, detail: { before: { enabled: true }, after: { enabled: false } } });
  });

  it("a disabled top-level category hides its sub-categories too", async () => {
    const [parent] = await getDb().select().from(taskCategories).where(and(eq(taskCategories.name, "安全稳定"), isNull(taskCategories.parentId)));
    await setBaseDataEnabled(admin, "categories", { id: parent!.id, version: parent!.version, enabled: false }, meta);
    const names = (await getTaskFormOptions()).categories.flatMap((c) => [c.name, ...c.children.map((x) => x.name)]);
    expect(names).not.toContain("安全稳定");
    expect(names).not.toContain("安全生产");
  });

  it("double click: the second toggle with the same version is refused", async () => {
    const row = await source("12345 热线");
    await setBaseDataEnabled(admin, "sources", { id: row.id, version: row.version, enabled: false }, meta);
    await expectError(setBaseDataEnabled(admin, "sources", { id: row.id, version: row.version, enabled: false }, meta), "CONFLICT", "该记录已被他人修改，请刷新后重试");
  });

  it("keeps at least one urgency level enabled", async () => {
    const levels = await getDb().select().from(urgencyLevels).where(eq(urgencyLevels.enabled, true));
    for (const level of levels.slice(1)) await setBaseDataEnabled(admin, "urgencies", { id: level.id, version: level.version, enabled: false }, meta);
    const last = levels[0]!;
    await expectError(setBaseDataEnabled(admin, "urgencies", { id: last.id, version: last.version, enabled: false }, meta), "VALIDATION", "至少需要保留一个启用的紧急程度");
  });

  it("forbidden and bad input", async () => {
    const row = await source("区委常委会会议");
    await expectError(setBaseDataEnabled(clerk, "sources", { id: row.id, version: row.version, enabled: false }, meta), "FORBIDDEN");
    await expectError(setBaseDataEnabled(admin, "sources", { id: "not-a-uuid", version: 1, enabled: false }, meta), "VALIDATION");
  });
});

describe("moveBaseDataEntry", () => {
  it("moves a type up and down; the new-task form follows the order", async () => {
    const types = await listBaseDataEntries(admin, "types");
    const second = types[1]!;
    await moveBaseDataEntry(admin, "types", { id: second.id, version: second.version, direction: "up" }, meta);
    expect((await getTaskFormOptions()).taskTypes[0]?.id).toBe(second.id);
    expect(await lastAudit("admin.basedata.move")).toMatchObject({ detail: { before: { position: 2 }, after: { position: 1 } } });
    const moved = (await getDb().select().from(taskTypes).where(eq(taskTypes.id, second.id)))[0]!;
    await moveBaseDataEntry(admin, "types", { id: moved.id, version: moved.version, direction: "down" }, meta);
    expect((await listBaseDataEntries(admin, "types"))[1]?.id).toBe(second.id);
  });

  it("refuses to move the first up and a stale version", async () => {
    const [first] = await listBaseDataEntries(admin, "types");
    await expectError(moveBaseDataEntry(admin, "types", { id: first!.id, version: first!.version, direction: "up" }, meta), "VALIDATION", "已经排在最前面");
    await expectError(moveBaseDataEntry(admin, "types", { id: first!.id, version: first!.version - 1, direction: "down" }, meta), "CONFLICT");
    await expectError(moveBaseDataEntry(clerk, "types", { id: first!.id, version: first!.version, direction: "down" }, meta), "FORBIDDEN");
  });

  it("moves sub-categories only among their siblings", async () => {
    const [parent] = await getDb().select().from(taskCategories).where(and(eq(taskCategories.name, "民生保障"), isNull(taskCategories.parentId)));
    const children = (await listBaseDataEntries(admin, "categories")).filter((c) => c.parentId === parent!.id);
    const last = children.at(-1)!;
    await moveBaseDataEntry(admin, "categories", { id: last.id, version: last.version, direction: "up" }, meta);
    const after = (await getTaskFormOptions()).categories.find((c) => c.id === parent!.id)!.children.map((c) => c.id);
    expect(after.at(-2)).toBe(last.id);
    expect(after).toHaveLength(children.length);
  });
});

describe("deleteBaseDataEntry", () => {
  it("deletes an unused entry and logs what it was", async () => {
    const { id } = await createBaseDataEntry(admin, "types", { name: "临时类型" }, meta);
    await deleteBaseDataEntry(admin, "types", { id, version: 1 }, meta);
    expect(await getDb().select().from(taskTypes).where(eq(taskTypes.id, id))).toHaveLength(0);
    expect(await lastAudit("admin.basedata.delete")).toMatchObject({ targetId: id, detail: { before: { name: "临时类型" }, after: null } });
  });

  it("refuses to delete an entry a task uses: it can only be disabled", async () => {
    const [category] = await getDb().select().from(taskCategories).where(eq(taskCategories.name, "营商环境"));
    await taskUsing(category!.id);
    await expectError(deleteBaseDataEntry(admin, "categories", { id: category!.id, version: category!.version }, meta), "VALIDATION", "“营商环境”已被 1 个督办事项使用，不能删除，只能停用");
    expect(await getDb().select().from(taskCategories).where(eq(taskCategories.id, category!.id))).toHaveLength(1);
    expect((await listBaseDataEntries(admin, "categories")).find((c) => c.id === category!.id)?.usedBy).toBe(1);
  });

  it("refuses a category that still has sub-categories", async () => {
    const [parent] = await getDb().select().from(taskCategories).where(and(eq(taskCategories.name, "城市建设管理"), isNull(taskCategories.parentId)));
    await expectError(deleteBaseDataEntry(admin, "categories", { id: parent!.id, version: parent!.version }, meta), "VALIDATION", /还有子类别/);
  });

  it("double delete: the second is not found; a stale version is a conflict; a clerk is forbidden", async () => {
    const { id } = await createBaseDataEntry(admin, "sources", { name: "待删来源" }, meta);
    await expectError(deleteBaseDataEntry(admin, "sources", { id, version: 2 }, meta), "CONFLICT");
    await expectError(deleteBaseDataEntry(clerk, "sources", { id, version: 1 }, meta), "FORBIDDEN");
    const results = await Promise.allSettled([deleteBaseDataEntry(admin, "sources", { id, version: 1 }, meta), deleteBaseDataEntry(admin, "sources", { id, version: 1 }, meta)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: expect.stringMatching(/NOT_FOUND|CONFLICT/) });
  });
});
