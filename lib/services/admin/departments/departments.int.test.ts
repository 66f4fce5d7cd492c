import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, count, desc, eq, isNull } from "drizzle-orm";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { auditLogs, departments, taskUnits, tasks, urgencyLevels, users } from "@/db/schema";
import { createDepartment } from "./create-department";
import { updateDepartment } from "./update-department";
import { moveDepartment } from "./move-department";
import { reorderDepartment } from "./reorder-department";
import { setDepartmentEnabled } from "./set-department-enabled";
import { deleteDepartment } from "./delete-department";
import { expectDomainError } from "@/test/expect-error";
import type { Actor } from "@/lib/domain/policy";

let cleanup: () => Promise<void>;
let admin: Actor;
let clerk: Actor;

const actorOf = actorNamed;
const dept = async (name: string) => (await getDb().select().from(departments).where(eq(departments.name, name)))[0];
const childrenOf = async (parentId: string | null) =>
  (await getDb().select({ name: departments.name }).from(departments).where(parentId ? eq(departments.parentId, parentId) : isNull(departments.parentId)).orderBy(asc(departments.sortOrder), asc(departments.name))).map((d) => d.name);
const deptCount = async () => (await getDb().select({ n: count() }).from(departments))[0]!.n;
const auditCount = async () => (await getDb().select({ n: count() }).from(auditLogs))[0]!.n;
const lastAudit = async (action: string) => (await getDb().select().from(auditLogs).where(eq(auditLogs.action, action)).orderBy(desc(auditLogs.id)).limit(1))[0];

const expectError = expectDomainError;

beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
  admin = await actorOf("admin");
  clerk = await actorOf("dcs_jbr");
});
afterAll(() => cleanup());

describe("createDepartment", () => {
  it("adds a unit at the end of its group and records it", async () => {
    const group = (await dept("街道"))!;
    const { id } = await createDepartment(admin, { parentId: group.id, name: "新设街道", shortName: "新设", kind: "subdistrict" }, { ip: "10.0.0.2" });
    expect((await childrenOf(group.id)).at(-1)).toBe("新设街道");
    expect((await lastAudit("admin.department.create"))!).toMatchObject({ targetId: id, ip: "10.0.0.2" });
    expect((await lastAudit("admin.department.create"))!.detail).toMatchObject({ before: null, after: { name: "新设街道", parent: "街道", kind: "街道", enabled: true } });
  });

  it.each([
    [{ name: "" }, "请填写名称"],
    [{ name: "区教委" }, "已有同名部门"],
    [{ kind: "castle" }, "请选择类型"],
    [{ parentId: "00000000-0000-4000-8000-000000000000" }, "上级部门不存在"],
  ])("refuses %j and writes nothing", async (patch, message) => {
    const [d0, a0] = [await deptCount(), await auditCount()];
    await expectError(createDepartment(admin, { name: "某部门", kind: "district_department", ...patch }), "VALIDATION", message);
    expect([await deptCount(), await auditCount()]).toEqual([d0, a0]);
  });

  it("is FORBIDDEN for a non-admin", async () => {
    await expectError(createDepartment(clerk, { name: "越权部门", kind: "other" }), "FORBIDDEN");
    expect(await dept("越权部门")).toBeUndefined();
  });
});

describe("updateDepartment", () => {
  it("renames with before/after, and refuses the stale form afterwards", async () => {
    const d = (await dept("区科技局"))!;
    await updateDepartment(admin, { id: d.id, version: d.version, name: "区科学技术局", shortName: "科技局", kind: "district_department" });
    expect((await dept("区科学技术局"))!.version).toBe(d.version + 1);
    expect((await lastAudit("admin.department.update"))!.detail).toMatchObject({ before: { name: "区科技局" }, after: { name: "区科学技术局" } });
    await expectError(updateDepartment(admin, { id: d.id, version: d.version, name: "别的名字", kind: "district_department" }), "CONFLICT", "该记录已被他人修改");
    expect(await dept("别的名字")).toBeUndefined();
  });

  it("refuses a duplicate name and turning a unit with users into a group", async () => {
    const d = (await dept("区民政局"))!;
    await expectError(updateDepartment(admin, { id: d.id, version: d.version, name: "区教委", kind: "district_department" }), "VALIDATION", "已有同名部门");
    await expectError(updateDepartment(admin, { id: d.id, version: d.version, name: d.name, kind: "district_department", isGroup: "on" }), "VALIDATION", "不能改为分组");
    expect((await dept("区民政局"))!.version).toBe(d.version);
  });

  it("is FORBIDDEN for a non-admin", async () => {
    const d = (await dept("区财政局"))!;
    await expectError(updateDepartment(clerk, { id: d.id, version: d.version, name: "x", kind: "other" }), "FORBIDDEN");
  });
});

describe("reorderDepartment", () => {
  it("moves a unit up and down among its siblings and records it", async () => {
    const group = (await dept("国有企业"))!;
    const before = await childrenOf(group.id);
    const second = (await dept(before[1]!))!;
    await reorderDepartment(admin, { id: second.id, version: second.version, direction: "up" });
    expect(await childrenOf(group.id)).toEqual([before[1], before[0], before[2]]);
    expect((await lastAudit("admin.department.reorder"))!.detail).toMatchObject({ before: { position: 2 }, after: { position: 1, movedAbove: before[0] } });
    const moved = (await dept(before[1]!))!;
    await reorderDepartment(admin, { id: moved.id, version: moved.version, direction: "down" });
    expect(await childrenOf(group.id)).toEqual(before);
  });

  it("refuses to move the first one up, a stale version, and a non-admin", async () => {
    const group = (await dept("国有企业"))!;
    const firstName = (await childrenOf(group.id))[0]!;
    const first = (await dept(firstName))!;
    await expectError(reorderDepartment(admin, { id: first.id, version: first.version, direction: "up" }), "VALIDATION", "已经是第一个");
    await expectError(reorderDepartment(admin, { id: first.id, version: first.version + 3, direction: "down" }), "CONFLICT");
    await expectError(reorderDepartment(clerk, { id: first.id, version: first.version, direction: "down" }), "FORBIDDEN");
    expect((await childrenOf(group.id))[0]).toBe(firstName);
  });
});

describe("moveDepartment", () => {
  it("moves a unit to another group, at the end", async () => {
    const d = (await dept("区信访办"))!;
    const other = (await dept("国有企业"))!;
    await moveDepartment(admin, { id: d.id, version: d.version, parentId: other.id });
    expect((await childrenOf(other.id)).at(-1)).toBe("区信访办");
    expect((await lastAudit("admin.department.move"))!.detail).toMatchObject({ before: { parent: "区级部门" }, after: { parent: "国有企业" } });
  });

  it("refuses a cycle: a group cannot go under its own unit, nor under itself", async () => {
    const group = (await dept("街道"))!;
    const child = (await dept("解放碑街道"))!;
    await expectError(moveDepartment(admin, { id: group.id, version: group.version, parentId: child.id }), "VALIDATION", "不能移动到自身或其下级部门之下");
    await expectError(moveDepartment(admin, { id: group.id, version: group.version, parentId: group.id }), "VALIDATION", "不能移动到自身");
    expect((await dept("街道"))!.parentId).toBeNull();
  });

  it("moves to the top level with an empty parent, and refuses stale versions and non-admins", async () => {
    const d = (await dept("区交通局"))!;
    await expectError(moveDepartment(clerk, { id: d.id, version: d.version, parentId: "" }), "FORBIDDEN");
    await expectError(moveDepartment(admin, { id: d.id, version: d.version + 1, parentId: "" }), "CONFLICT");
    await moveDepartment(admin, { id: d.id, version: d.version, parentId: "" });
    expect((await dept("区交通局"))!.parentId).toBeNull();
  });
});

describe("setDepartmentEnabled", () => {
  it("disables and re-enables with audit rows; a double disable is a conflict", async () => {
    const d = (await dept("区商务委"))!;
    await setDepartmentEnabled(admin, { id: d.id, version: d.version, enabled: "false" });
    expect((await dept("区商务委"))!.enabled).toBe(false);
    expect((await lastAudit("admin.department.disable"))!.detail).toMatchObject({ before: { enabled: true }, after: { enabled: false } });
    await expectError(setDepartmentEnabled(admin, { id: d.id, version: d.version, enabled: "false" }), "CONFLICT");
    await setDepartmentEnabled(admin, { id: d.id, version: d.version + 1, enabled: "true" });
    expect((await dept("区商务委"))!.enabled).toBe(true);
  });

  it("is FORBIDDEN for a non-admin", async () => {
    const d = (await dept("区审计局")) ?? (await dept("区应急管理局"))!;
    await expectError(setDepartmentEnabled(clerk, { id: d.id, version: d.version, enabled: "false" }), "FORBIDDEN");
    expect((await dept(d.name))!.enabled).toBe(true);
  });
});

describe("deleteDepartment", () => {
  it("deletes an unused unit and records what it was", async () => {
    const { id } = await createDepartment(admin, { name: "待删单位", kind: "other" });
    await deleteDepartment(admin, { id, version: 1 });
    expect(await dept("待删单位")).toBeUndefined();
    expect((await lastAudit("admin.department.delete"))!.detail).toMatchObject({ before: { name: "待删单位" }, after: null });
  });

  it("refuses a unit with users, a group with units, and a unit named on a task — only disabling is possible", async () => {
    const withUsers = (await dept("区教委"))!;
    await expectError(deleteDepartment(admin, { id: withUsers.id, version: withUsers.version }), "VALIDATION", "个用户，不能删除，只能停用");
    const group = (await dept("区级部门"))!;
    await expectError(deleteDepartment(admin, { id: group.id, version: group.version }), "VALIDATION", "个下级部门");

    const withTask = (await dept("区卫生健康委"))!;
    const [task] = await getDb().select({ id: tasks.id }).from(tasks).limit(1);
    const taskId = task?.id ?? (await insertTask());
    await getDb().insert(taskUnits).values({ taskId, departmentId: withTask.id, role: "lead" });
    await expectError(deleteDepartment(admin, { id: withTask.id, version: withTask.version }), "VALIDATION", "1 项督办任务");
    expect(await dept("区卫生健康委")).toBeDefined();
  });

  it("refuses a stale version and a non-admin", async () => {
    const { id } = await createDepartment(admin, { name: "另一个待删单位", kind: "other" });
    await expectError(deleteDepartment(admin, { id, version: 2 }), "CONFLICT");
    await expectError(deleteDepartment(clerk, { id, version: 1 }), "FORBIDDEN");
    expect(await dept("另一个待删单位")).toBeDefined();
  });
});

/** A minimal draft task, only for the "in use by a task" check. */
async function insertTask(): Promise<string> {
  const [u] = await getDb().select({ id: users.id }).from(users).where(eq(users.username, "dcs_jbr"));
  const [urgency] = await getDb().select({ id: urgencyLevels.id }).from(urgencyLevels).limit(1);
  const [row] = await getDb()
    .insert(tasks)
    .values({ title: "测试任务", content: "测试", deadline: "2026-12-31", dueOn: "2026-12-31", urgencyId: urgency!.id, creatorId: u!.id })
    .returning({ id: tasks.id });
  return row!.id;
}
