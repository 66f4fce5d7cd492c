import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { reports, rolePermissions, roles, taskEvents, tasks, userRoles, users } from "@/db/schema";
import { listPendingSteps } from "@/lib/data/pending-steps";
import {
  createTask,
  deleteTask,
  forwardTask,
  handleAssignment,
  receiveAssignment,
  reportUp,
  rerouteAssignment,
  rerouteInUnit,
  rerouteTask,
  signTask,
  signUnitReport,
  submitTask,
  updateTask,
  withdrawHandling,
  withdrawTask,
} from "./index";
import { addUser, as, assignmentRow, av, draftInput, expectError, expectOneWinner, history, resetActorCache, SETUP_TIMEOUT, taskAt, tv, unitId } from "./test-fixtures";

/**
 * 改派 and 收回 (issue 7, item 8: nothing may get stuck). Extra people: a third office leader, a second
 * and third 区教委 leader, and a rerouter whose role only sees 区民政局 (for "another unit → not found").
 */

let cleanup: () => Promise<void>;
type Actor = Awaited<ReturnType<typeof as>>;
const actors = new Map<string, Actor>();
const actor = (u: string) => actors.get(u)!;

beforeAll(async () => {
  resetActorCache();
  ({ cleanup } = await useTestDatabase());
  for (const u of ["admin", "dcs_jbr", "dcs_jbr2", "dcs_ld", "dcs_ld2", "qld", "jw_jbr", "jw_jbr2", "jw_ld", "mz_jbr", "mz_ld"]) actors.set(u, await as(u));
  actors.set("dcs_ld3", await addUser("dcs_ld3", "钱卫东", "区政府督查室", "office_leader"));
  actors.set("jw_ld2", await addUser("jw_ld2", "许文博", "区教委", "unit_leader"));
  actors.set("jw_ld3", await addUser("jw_ld3", "韩雪梅", "区教委", "unit_leader"));
  // A custom own-unit role holding 改派: its scope, not its permission, must stop it at other units.
  const db = getDb();
  const [role] = await db.insert(roles).values({ code: "mz_rerouter", name: "民政局改派员", dataScope: "own_unit" }).returning({ id: roles.id });
  await db.insert(rolePermissions).values({ roleId: role!.id, permission: "task.reroute" });
  const [user] = await db.insert(users).values({ username: "mz_rr", displayName: "民政改派", departmentId: await unitId("区民政局"), passwordHash: "x" }).returning({ id: users.id });
  await db.insert(userRoles).values({ userId: user!.id, roleId: role!.id });
  actors.set("mz_rr", await as("mz_rr"));
}, SETUP_TIMEOUT);
afterAll(() => cleanup?.());

const id = (u: string) => actor(u).userId;

async function taskRow(taskId: string) {
  return (await getDb().select().from(tasks).where(eq(tasks.id, taskId)))[0]!;
}
async function eventCount(taskId: string) {
  return (await getDb().select({ id: taskEvents.id }).from(taskEvents).where(eq(taskEvents.taskId, taskId))).length;
}
async function reportsOf(assignmentId: string) {
  return getDb().select().from(reports).where(eq(reports.assignmentId, assignmentId)).orderBy(asc(reports.revision));
}
async function lastDetail(taskId: string) {
  const rows = await getDb().select({ detail: taskEvents.detail }).from(taskEvents).where(eq(taskEvents.taskId, taskId)).orderBy(asc(taskEvents.id));
  return rows.at(-1)!.detail as Record<string, unknown>;
}

/** Runs `attempt`, which must fail with `code`, and checks that the task and its history did not change. */
async function refusedWithoutWriting(taskId: string, attempt: () => Promise<unknown>, code: Parameters<typeof expectError>[1], text?: string) {
  const before = { task: await taskRow(taskId), events: await eventCount(taskId) };
  await expectError(attempt(), code, text);
  expect(await taskRow(taskId)).toEqual(before.task);
  expect(await eventCount(taskId)).toBe(before.events);
}

/** A dispatched task whose 区教委 clerk jw_jbr received it and sent the handling text to jw_ld. */
async function awaitingUnitSign() {
  const t = await taskAt("in_progress");
  const jw = t.assignments["区教委"]!;
  await receiveAssignment(actor("jw_jbr"), { assignmentId: jw, version: await av(jw) });
  await handleAssignment(actor("jw_jbr"), { assignmentId: jw, kind: "final", body: "已完成整改。", signerId: id("jw_ld"), version: await av(jw) });
  return { taskId: t.id, jw, mz: t.assignments["区民政局"]! };
}

describe("rerouteTask (改派 a pending office review)", () => {
  it("the admin moves dcs_ld's review to dcs_ld2 with a reason; the history says who, from whom, to whom; the new leader signs", async () => {
    const { id: taskId } = await taskAt("in_review");
    const before = await taskRow(taskId);
    const result = await rerouteTask(actor("admin"), { id: taskId, toUserId: id("dcs_ld2"), reason: "李建国长期病假", version: before.version });
    expect(result).toMatchObject({ status: "in_review", version: before.version + 1 });
    expect((await taskRow(taskId)).currentReviewerId).toBe(id("dcs_ld2"));
    expect((await history(taskId)).at(-1)).toMatchObject({ action: "reroute", fromState: "in_review", toState: "in_review", opinion: "李建国长期病假", actorName: "系统管理员" });
    expect(await lastDetail(taskId)).toMatchObject({ fromUserId: id("dcs_ld"), fromUserName: "李建国", toUserId: id("dcs_ld2"), toUserName: "王振华" });
    // The old leader's page is stale now; the new one takes the step.
    await expectError(signTask(actor("dcs_ld"), { id: taskId, version: result.version }), "CONFLICT", "不在您的待审签中");
    const signed = await signTask(actor("dcs_ld2"), { id: taskId, version: result.version });
    expect(signed.status).toBe("signed");
  });

  it("an office leader re-routes a colleague's review, never their own (they forward it instead)", async () => {
    const { id: taskId } = await taskAt("in_review");
    const v = (await taskRow(taskId)).version;
    await refusedWithoutWriting(taskId, () => rerouteTask(actor("dcs_ld"), { id: taskId, toUserId: id("dcs_ld2"), reason: "出差", version: v }), "CONFLICT", "由您本人办理");
    await rerouteTask(actor("dcs_ld3"), { id: taskId, toUserId: id("dcs_ld2"), reason: "李建国出差", version: v });
    expect((await taskRow(taskId)).currentReviewerId).toBe(id("dcs_ld2"));
  });

  it("wrong role → FORBIDDEN; unknown or out-of-scope task → NOT_FOUND; nothing written", async () => {
    const { id: taskId } = await taskAt("in_review");
    const v = (await taskRow(taskId)).version;
    const input = { id: taskId, toUserId: id("dcs_ld2"), reason: "病假", version: v };
    for (const u of ["dcs_jbr", "qld", "jw_ld", "jw_jbr"]) await refusedWithoutWriting(taskId, () => rerouteTask(actor(u), input), "FORBIDDEN");
    await refusedWithoutWriting(taskId, () => rerouteTask(actor("mz_rr"), input), "NOT_FOUND");
    await expectError(rerouteTask(actor("admin"), { ...input, id: randomUUID() }), "NOT_FOUND");
  });

  it("a bad target, no reason or no version → VALIDATION with nothing written", async () => {
    const { id: taskId } = await taskAt("in_review");
    const v = (await taskRow(taskId)).version;
    const base = { id: taskId, reason: "病假", version: v };
    await refusedWithoutWriting(taskId, () => rerouteTask(actor("dcs_ld3"), { ...base, toUserId: id("dcs_ld3") }), "VALIDATION", "不能改派给自己");
    await refusedWithoutWriting(taskId, () => rerouteTask(actor("admin"), { ...base, toUserId: id("dcs_ld") }), "VALIDATION", "请选择其他领导");
    await refusedWithoutWriting(taskId, () => rerouteTask(actor("admin"), { ...base, toUserId: id("jw_ld") }), "VALIDATION", "不是在岗的督查室审签领导");
    await refusedWithoutWriting(taskId, () => rerouteTask(actor("admin"), { ...base, toUserId: id("dcs_jbr2") }), "VALIDATION", "不是在岗的督查室审签领导");
    await refusedWithoutWriting(taskId, () => rerouteTask(actor("admin"), { ...base, toUserId: randomUUID() }), "VALIDATION");
    await refusedWithoutWriting(taskId, () => rerouteTask(actor("admin"), { ...base, toUserId: "nobody" }), "VALIDATION", "请选择改派给的领导");
    await refusedWithoutWriting(taskId, () => rerouteTask(actor("admin"), { ...base, toUserId: id("dcs_ld2"), reason: "  " }), "VALIDATION", "请填写改派原因");
    await refusedWithoutWriting(taskId, () => rerouteTask(actor("admin"), { id: taskId, toUserId: id("dcs_ld2"), reason: "病假" }), "VALIDATION", "版本号");
  });

  it("a disabled leader is no target", async () => {
    const gone = await addUser("dcs_ld_gone", "离职领导", "区政府督查室", "office_leader");
    await getDb().update(users).set({ enabled: false }).where(eq(users.id, gone.userId));
    const { id: taskId } = await taskAt("in_review");
    const v = (await taskRow(taskId)).version;
    await refusedWithoutWriting(taskId, () => rerouteTask(actor("admin"), { id: taskId, toUserId: gone.userId, reason: "病假", version: v }), "VALIDATION", "不是在岗的督查室审签领导");
  });

  it("a stale page or a task that moved on → CONFLICT", async () => {
    const { id: taskId } = await taskAt("in_review");
    const v = (await taskRow(taskId)).version;
    await rerouteTask(actor("admin"), { id: taskId, toUserId: id("dcs_ld2"), reason: "病假", version: v });
    // The same form sent twice: the second is stale.
    await refusedWithoutWriting(taskId, () => rerouteTask(actor("admin"), { id: taskId, toUserId: id("dcs_ld3"), reason: "病假", version: v }), "CONFLICT");
    await signTask(actor("dcs_ld2"), { id: taskId, version: v + 1 });
    await refusedWithoutWriting(taskId, () => rerouteTask(actor("admin"), { id: taskId, toUserId: id("dcs_ld3"), reason: "病假", version: v + 2 }), "CONFLICT", "待交办");
  });

  it("two re-routes of the same review at once: exactly one wins", async () => {
    const { id: taskId } = await taskAt("in_review");
    const v = (await taskRow(taskId)).version;
    await expectOneWinner([
      () => rerouteTask(actor("admin"), { id: taskId, toUserId: id("dcs_ld2"), reason: "病假（管理员）", version: v }),
      () => rerouteTask(actor("dcs_ld3"), { id: taskId, toUserId: id("dcs_ld2"), reason: "病假（领导）", version: v }),
    ]);
    expect((await history(taskId)).filter((e) => e.action === "reroute")).toHaveLength(1);
    expect((await taskRow(taskId)).version).toBe(v + 1);
  });
});

describe("withdrawTask (收回 an untouched submission)", () => {
  it("the clerk takes it back before any leader acted: an editable draft that can be resubmitted but not deleted", async () => {
    const { id: taskId } = await taskAt("in_review");
    const v = (await taskRow(taskId)).version;
    const result = await withdrawTask(actor("dcs_jbr"), { id: taskId, reason: "附件漏传，收回补充", version: v });
    expect(result).toMatchObject({ status: "draft", version: v + 1 });
    expect((await taskRow(taskId)).currentReviewerId).toBeNull();
    expect((await history(taskId)).at(-1)).toMatchObject({ action: "withdraw", fromState: "in_review", toState: "draft", opinion: "附件漏传，收回补充", actorName: "张敏" });
    expect(await lastDetail(taskId)).toMatchObject({ fromUserName: "李建国" });
    await updateTask(actor("dcs_jbr"), { id: taskId, ...(await draftInput({ title: "补充附件后的事项" })), version: v + 1 });
    await refusedWithoutWriting(taskId, async () => deleteTask(actor("dcs_jbr"), { id: taskId, version: await tv(taskId) }), "CONFLICT", "提交过审签，不能删除");
    await submitTask(actor("dcs_jbr"), { id: taskId, reviewerId: id("dcs_ld2"), version: await tv(taskId) });
    expect(await taskRow(taskId)).toMatchObject({ status: "in_review", currentReviewerId: id("dcs_ld2") });
  });

  it("once a leader has passed it on (审核转交) or signed it, it can no longer be taken back", async () => {
    const { id: taskId } = await taskAt("in_review");
    await forwardTask(actor("dcs_ld"), { id: taskId, reviewerId: id("dcs_ld2"), version: await tv(taskId) });
    const v = (await taskRow(taskId)).version;
    await refusedWithoutWriting(taskId, () => withdrawTask(actor("dcs_jbr"), { id: taskId, reason: "收回", version: v }), "CONFLICT", "已有领导处理");
    await signTask(actor("dcs_ld2"), { id: taskId, version: v });
    await refusedWithoutWriting(taskId, () => withdrawTask(actor("dcs_jbr"), { id: taskId, reason: "收回", version: v + 1 }), "CONFLICT", "待交办");
  });

  it("a re-route is not a leader's decision: the clerk may still take the submission back", async () => {
    const { id: taskId } = await taskAt("in_review");
    const v = (await taskRow(taskId)).version;
    await rerouteTask(actor("admin"), { id: taskId, toUserId: id("dcs_ld2"), reason: "病假", version: v });
    await withdrawTask(actor("dcs_jbr"), { id: taskId, reason: "需要修改", version: v + 1 });
    expect((await taskRow(taskId)).status).toBe("draft");
  });

  it("another clerk or a leader → FORBIDDEN; unknown → NOT_FOUND; no reason, stale or double → VALIDATION / CONFLICT; nothing written", async () => {
    const { id: taskId } = await taskAt("in_review");
    const v = (await taskRow(taskId)).version;
    const input = { id: taskId, reason: "收回修改", version: v };
    await refusedWithoutWriting(taskId, () => withdrawTask(actor("dcs_jbr2"), input), "FORBIDDEN", "只有登记人");
    for (const u of ["dcs_ld", "admin", "jw_jbr"]) await refusedWithoutWriting(taskId, () => withdrawTask(actor(u), input), "FORBIDDEN");
    await expectError(withdrawTask(actor("dcs_jbr"), { ...input, id: randomUUID() }), "NOT_FOUND");
    await refusedWithoutWriting(taskId, () => withdrawTask(actor("dcs_jbr"), { ...input, reason: "" }), "VALIDATION", "请填写收回原因");
    await refusedWithoutWriting(taskId, () => withdrawTask(actor("dcs_jbr"), { ...input, version: v - 1 }), "CONFLICT");
    await withdrawTask(actor("dcs_jbr"), input);
    await refusedWithoutWriting(taskId, () => withdrawTask(actor("dcs_jbr"), input), "CONFLICT");
  });

  it("the clerk's 收回 and the leader's 审签 at once: exactly one wins", async () => {
    const { id: taskId } = await taskAt("in_review");
    const v = (await taskRow(taskId)).version;
    await expectOneWinner([() => withdrawTask(actor("dcs_jbr"), { id: taskId, reason: "收回", version: v }), () => signTask(actor("dcs_ld"), { id: taskId, version: v })]);
    expect(["draft", "signed"]).toContain((await taskRow(taskId)).status);
  });
});

describe("rerouteAssignment (改派 a unit's handler or signer, office side)", () => {
  it("moves the handler, then the signer; each new person takes the step and the old one cannot", async () => {
    const t = await taskAt("in_progress");
    const jw = t.assignments["区教委"]!;
    await receiveAssignment(actor("jw_jbr"), { assignmentId: jw, version: await av(jw) });
    let a = await assignmentRow(jw);
    const handler = await rerouteAssignment(actor("dcs_ld"), { assignmentId: jw, toUserId: id("jw_jbr2"), reason: "刘洋调离", version: a.version });
    expect(handler).toMatchObject({ status: "in_progress", version: a.version + 1 });
    expect(await assignmentRow(jw)).toMatchObject({ handlerId: id("jw_jbr2"), delegatedById: null });
    expect((await history(t.id)).at(-1)).toMatchObject({ action: "reroute", assignmentId: jw, fromState: "in_progress", toState: "in_progress", opinion: "刘洋调离", actorName: "李建国" });
    expect(await lastDetail(t.id)).toMatchObject({ role: "handler", fromUserName: "刘洋", toUserName: "田甜" });
    const body = { assignmentId: jw, kind: "final", body: "已完成。" };
    await expectError(handleAssignment(actor("jw_jbr"), { ...body, signerId: id("jw_ld"), version: await av(jw) }), "CONFLICT", "已分办给其他经办人");
    await handleAssignment(actor("jw_jbr2"), { ...body, signerId: id("jw_ld"), version: await av(jw) });

    a = await assignmentRow(jw);
    await rerouteAssignment(actor("admin"), { assignmentId: jw, toUserId: id("jw_ld2"), reason: "周晓红休假", version: a.version });
    expect(await assignmentRow(jw)).toMatchObject({ status: "awaiting_sign", currentSignerId: id("jw_ld2"), handlerId: id("jw_jbr2") });
    expect(await lastDetail(t.id)).toMatchObject({ role: "signer", fromUserName: "周晓红", toUserName: "许文博" });
    await expectError(signUnitReport(actor("jw_ld"), { assignmentId: jw, version: await av(jw) }), "CONFLICT");
    await signUnitReport(actor("jw_ld2"), { assignmentId: jw, version: await av(jw) });
    expect((await assignmentRow(jw)).status).toBe("signed");
  });

  it("wrong role → FORBIDDEN; another unit (own-unit rerouter) or unknown → NOT_FOUND; not yet received → CONFLICT", async () => {
    const t = await taskAt("in_progress");
    const jw = t.assignments["区教委"]!;
    const a0 = await assignmentRow(jw);
    await refusedWithoutWriting(t.id, () => rerouteAssignment(actor("admin"), { assignmentId: jw, toUserId: id("jw_jbr2"), reason: "无人接收", version: a0.version }), "CONFLICT", "待接收");
    await receiveAssignment(actor("jw_jbr"), { assignmentId: jw, version: await av(jw) });
    const a = await assignmentRow(jw);
    const input = { assignmentId: jw, toUserId: id("jw_jbr2"), reason: "调离", version: a.version };
    for (const u of ["dcs_jbr", "qld", "jw_ld", "jw_jbr"]) await refusedWithoutWriting(t.id, () => rerouteAssignment(actor(u), input), "FORBIDDEN");
    await refusedWithoutWriting(t.id, () => rerouteAssignment(actor("mz_rr"), input), "NOT_FOUND");
    await expectError(rerouteAssignment(actor("admin"), { ...input, assignmentId: randomUUID() }), "NOT_FOUND");
  });

  it("the target must be an enabled person of that unit who may take that step → otherwise VALIDATION, nothing written", async () => {
    const { taskId, jw } = await awaitingUnitSign();
    const a = await assignmentRow(jw);
    const base = { assignmentId: jw, reason: "休假", version: a.version };
    // Waiting on a signer: a clerk, another unit's leader or the current signer are refused.
    await refusedWithoutWriting(taskId, () => rerouteAssignment(actor("admin"), { ...base, toUserId: id("jw_jbr2") }), "VALIDATION", "不是该单位在岗的审签领导");
    await refusedWithoutWriting(taskId, () => rerouteAssignment(actor("admin"), { ...base, toUserId: id("mz_ld") }), "VALIDATION", "不是该单位在岗的审签领导");
    await refusedWithoutWriting(taskId, () => rerouteAssignment(actor("admin"), { ...base, toUserId: id("jw_ld") }), "VALIDATION", "请选择其他人员");
    await refusedWithoutWriting(taskId, () => rerouteAssignment(actor("dcs_ld"), { ...base, toUserId: id("dcs_ld") }), "VALIDATION", "不能改派给自己");
    await refusedWithoutWriting(taskId, () => rerouteAssignment(actor("admin"), { ...base, toUserId: id("jw_ld2"), reason: "" }), "VALIDATION", "请填写改派原因");
    await refusedWithoutWriting(taskId, () => rerouteAssignment(actor("admin"), { ...base, toUserId: id("jw_ld2"), version: a.version - 1 }), "CONFLICT");
  });
});

describe("rerouteInUnit (改派 within the unit)", () => {
  it("a leader of the unit moves the signature waiting on a colleague to a third leader", async () => {
    const { taskId, jw } = await awaitingUnitSign();
    const a = await assignmentRow(jw);
    const result = await rerouteInUnit(actor("jw_ld2"), { assignmentId: jw, toUserId: id("jw_ld3"), reason: "周晓红外出学习", version: a.version });
    expect(result).toMatchObject({ status: "awaiting_sign", version: a.version + 1 });
    expect((await assignmentRow(jw)).currentSignerId).toBe(id("jw_ld3"));
    expect((await history(taskId)).at(-1)).toMatchObject({ action: "unit_reroute", assignmentId: jw, opinion: "周晓红外出学习", actorName: "许文博", actorUnitName: "区教委" });
    await signUnitReport(actor("jw_ld3"), { assignmentId: jw, version: await av(jw) });
    expect((await assignmentRow(jw)).status).toBe("signed");
  });

  it("after signing, the leader moves the report-up step to another clerk, who reports it", async () => {
    const { taskId, jw } = await awaitingUnitSign();
    await signUnitReport(actor("jw_ld"), { assignmentId: jw, version: await av(jw) });
    const a = await assignmentRow(jw);
    await rerouteInUnit(actor("jw_ld"), { assignmentId: jw, toUserId: id("jw_jbr2"), reason: "刘洋病假", version: a.version });
    await expectError(reportUp(actor("jw_jbr"), { assignmentId: jw, version: await av(jw) }), "CONFLICT", "已分办给其他经办人");
    await reportUp(actor("jw_jbr2"), { assignmentId: jw, version: await av(jw) });
    expect((await assignmentRow(jw)).status).toBe("reported");
    expect((await history(taskId)).map((e) => e.action)).toContain("unit_reroute");
  });

  it("wrong role → FORBIDDEN; another unit's leader → NOT_FOUND; the awaited leader or a clerk's turn → CONFLICT", async () => {
    const { taskId, jw } = await awaitingUnitSign();
    const a = await assignmentRow(jw);
    const input = { assignmentId: jw, toUserId: id("jw_ld3"), reason: "外出", version: a.version };
    for (const u of ["jw_jbr", "dcs_ld", "admin"]) await refusedWithoutWriting(taskId, () => rerouteInUnit(actor(u), input), "FORBIDDEN");
    await refusedWithoutWriting(taskId, () => rerouteInUnit(actor("mz_ld"), input), "NOT_FOUND");
    await refusedWithoutWriting(taskId, () => rerouteInUnit(actor("jw_ld"), input), "CONFLICT", "由您本人办理");
    await refusedWithoutWriting(taskId, () => rerouteInUnit(actor("jw_ld2"), { ...input, toUserId: id("mz_ld") }), "VALIDATION", "不是该单位在岗的审签领导");

    const t = await taskAt("in_progress");
    const fresh = t.assignments["区教委"]!;
    await receiveAssignment(actor("jw_jbr"), { assignmentId: fresh, version: await av(fresh) });
    const r = await assignmentRow(fresh);
    // While the clerk has the turn, the leader re-names the clerk with 分办, not 改派.
    await refusedWithoutWriting(t.id, () => rerouteInUnit(actor("jw_ld"), { assignmentId: fresh, toUserId: id("jw_jbr2"), reason: "调整", version: r.version }), "CONFLICT", "办理中");
  });

  it("two leaders re-route the same signature at once: exactly one wins", async () => {
    const { taskId, jw } = await awaitingUnitSign();
    const a = await assignmentRow(jw);
    await expectOneWinner([
      () => rerouteInUnit(actor("jw_ld2"), { assignmentId: jw, toUserId: id("jw_ld3"), reason: "外出", version: a.version }),
      () => rerouteInUnit(actor("jw_ld3"), { assignmentId: jw, toUserId: id("jw_ld2"), reason: "外出", version: a.version }),
    ]);
    expect((await history(taskId)).filter((e) => e.action === "unit_reroute")).toHaveLength(1);
  });
});

describe("withdrawHandling (收回 handling text)", () => {
  it("the clerk takes it back before the leader acted: 办理中 again, that version kept as 已收回, the next is a new version", async () => {
    const { taskId, jw } = await awaitingUnitSign();
    const a = await assignmentRow(jw);
    const result = await withdrawHandling(actor("jw_jbr"), { assignmentId: jw, reason: "数据有误，收回修改", version: a.version });
    expect(result).toMatchObject({ status: "in_progress", version: a.version + 1 });
    expect(await assignmentRow(jw)).toMatchObject({ status: "in_progress", currentSignerId: null, handlerId: id("jw_jbr") });
    expect((await reportsOf(jw)).map((r) => [r.revision, r.status])).toEqual([[1, "withdrawn"]]);
    expect((await history(taskId)).at(-1)).toMatchObject({ action: "withdraw", assignmentId: jw, fromState: "awaiting_sign", toState: "in_progress", opinion: "数据有误，收回修改" });
    await handleAssignment(actor("jw_jbr"), { assignmentId: jw, kind: "final", body: "修改后的内容。", signerId: id("jw_ld"), version: await av(jw) });
    expect((await reportsOf(jw)).map((r) => [r.revision, r.status])).toEqual([
      [1, "withdrawn"],
      [2, "awaiting_sign"],
    ]);
  });

  it("once a leader passed it on or signed it, it can no longer be taken back", async () => {
    const { taskId, jw } = await awaitingUnitSign();
    await signUnitReport(actor("jw_ld"), { assignmentId: jw, forwardToId: id("jw_ld2"), version: await av(jw) });
    let a = await assignmentRow(jw);
    await refusedWithoutWriting(taskId, () => withdrawHandling(actor("jw_jbr"), { assignmentId: jw, reason: "收回", version: a.version }), "CONFLICT", "已有领导处理");
    await signUnitReport(actor("jw_ld2"), { assignmentId: jw, version: await av(jw) });
    a = await assignmentRow(jw);
    await refusedWithoutWriting(taskId, () => withdrawHandling(actor("jw_jbr"), { assignmentId: jw, reason: "收回", version: a.version }), "CONFLICT", "待上报");
  });

  it("another clerk → CONFLICT (not theirs); a leader → FORBIDDEN; another unit → NOT_FOUND; no reason → VALIDATION; nothing written", async () => {
    const { taskId, jw } = await awaitingUnitSign();
    const a = await assignmentRow(jw);
    const input = { assignmentId: jw, reason: "收回", version: a.version };
    await refusedWithoutWriting(taskId, () => withdrawHandling(actor("jw_jbr2"), input), "CONFLICT", "已分办给其他经办人");
    for (const u of ["jw_ld", "dcs_ld"]) await refusedWithoutWriting(taskId, () => withdrawHandling(actor(u), input), "FORBIDDEN");
    await refusedWithoutWriting(taskId, () => withdrawHandling(actor("mz_jbr"), input), "NOT_FOUND");
    await refusedWithoutWriting(taskId, () => withdrawHandling(actor("jw_jbr"), { ...input, reason: "" }), "VALIDATION", "请填写收回原因");
    await refusedWithoutWriting(taskId, () => withdrawHandling(actor("jw_jbr"), { assignmentId: jw, reason: "收回" }), "VALIDATION", "版本号");
    expect((await reportsOf(jw)).map((r) => r.status)).toEqual(["awaiting_sign"]);
  });
});

describe("listPendingSteps (用户管理: what waits on a user)", () => {
  it("lists a leader's reviews and a unit person's steps, with only enabled eligible people as targets, within the viewer's scope", async () => {
    const leaving = await addUser("dcs_ld_leaving", "赵离任", "区政府督查室", "office_leader");
    const clerk = actor("dcs_jbr");
    const { id: taskId } = await createSubmitted(clerk, leaving.userId);
    const { jw } = await awaitingUnitSign();
    await getDb().update(users).set({ enabled: false }).where(eq(users.id, leaving.userId));

    const reviews = await listPendingSteps(actor("admin"), leaving.userId);
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ kind: "review", taskId, assignmentId: null });
    const names = reviews[0]!.candidates.map((c) => c.displayName);
    expect(names).toEqual(expect.arrayContaining(["李建国", "王振华", "钱卫东"]));
    expect(names).not.toContain("赵离任");
    expect(names).not.toContain("张敏");

    const signs = (await listPendingSteps(actor("admin"), id("jw_ld"))).filter((s) => s.assignmentId === jw);
    expect(signs).toHaveLength(1);
    expect(signs[0]).toMatchObject({ kind: "sign", departmentName: "区教委" });
    expect(signs[0]!.candidates.map((c) => c.displayName).sort()).toEqual(["许文博", "韩雪梅"].sort());
    const handles = (await listPendingSteps(actor("admin"), id("jw_jbr"))).filter((s) => s.assignmentId === jw);
    expect(handles).toHaveLength(0);

    // A unit-scoped re-router (区民政局, holding 改派) never sees another unit's steps nor the office's reviews.
    expect(await listPendingSteps(actor("mz_rr"), id("jw_ld"))).toEqual([]);
    expect(await listPendingSteps(actor("mz_rr"), leaving.userId)).toEqual([]);

    // The list's 改派 goes through the same verb and empties it.
    await rerouteTask(actor("admin"), { id: taskId, toUserId: id("dcs_ld2"), reason: "赵离任已停用", version: reviews[0]!.version });
    expect(await listPendingSteps(actor("admin"), leaving.userId)).toEqual([]);
  });
});

async function createSubmitted(clerk: Actor, reviewerId: string) {
  const { id: taskId } = await createTask(clerk, await draftInput({ title: "停用前待审签的事项" }));
  await submitTask(clerk, { id: taskId, reviewerId, version: await tv(taskId) });
  return { id: taskId };
}
