import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { auditLogs, departments, eventSources, systemSettings, taskEvents, taskNumberSequences, tasks, taskUnits } from "@/db/schema";
import { createTask, deleteTask, forwardTask, returnTask, signTask, submitTask, updateTask } from "./index";
import {
  tv,
  as,
  attachmentRow,
  draftInput,
  expectError,
  expectOneWinner,
  history,
  lastEvent,
  resetActorCache,
  SETUP_TIMEOUT,
  taskAt,
  unitId,
  uploaded,
} from "./test-fixtures";

let cleanup: () => Promise<void>;
beforeAll(async () => {
  resetActorCache();
  ({ cleanup } = await useTestDatabase());
}, SETUP_TIMEOUT);
afterAll(() => cleanup?.());

async function taskRow(id: string) {
  const [row] = await getDb().select().from(tasks).where(eq(tasks.id, id));
  return row;
}
async function taskCount() {
  const [row] = await getDb().select({ n: count() }).from(tasks);
  return row!.n;
}

describe("createTask (督办登记)", () => {
  it("creates a draft with lead and co-units, claims the clerk's uploads and records 登记", async () => {
    const clerk = await as("dcs_jbr");
    const file = await uploaded("dcs_jbr");
    const { id, status } = await createTask(clerk, await draftInput({ attachmentIds: [file], feedbackMode: "periodic", progressIntervalDays: "7" }));
    expect(status).toBe("draft");
    const row = await taskRow(id);
    expect(row).toMatchObject({ status: "draft", creatorId: clerk.userId, taskNo: null, feedbackMode: "periodic", progressIntervalDays: 7 });
    const units = await getDb().select().from(taskUnits).where(eq(taskUnits.taskId, id));
    expect(units.map((u) => u.role).sort()).toEqual(["co", "lead"]);
    expect(await attachmentRow(file)).toMatchObject({ committed: true, taskId: id });
    expect(await lastEvent(id)).toMatchObject({ action: "create", toState: "draft", actorName: "张敏", actorRole: "督查室经办人", actorUnitName: "区政府督查室" });
  });

  it.each([
    [{ title: "  " }, "title", "请填写事项标题"],
    [{ deadline: "2020-01-01" }, "deadline", "办理时限不能早于今天"],
    [{ deadline: "2099-02-30" }, "deadline", "请填写有效的办理时限"],
    [{ urgencyId: "" }, "urgencyId", "请选择紧急程度"],
    [{ leadUnitId: undefined }, "leadUnitId", "请选择主办单位"],
    [{ feedbackMode: "periodic" }, "progressIntervalDays", "定期反馈需填写反馈周期"],
    [{ instructionText: "请抓紧落实" }, "instructionBy", "请填写批示领导"],
  ])("refuses %j (%s) with a Chinese message and writes nothing", async (overrides, field, message) => {
    const before = await taskCount();
    const error = await expectError(createTask(await as("dcs_jbr"), await draftInput(overrides)), "VALIDATION");
    expect(error.fieldErrors?.[field]).toContain(message);
    expect(await taskCount()).toBe(before);
  });

  it("refuses a co-unit list containing the lead unit, the office, a group node or a disabled unit", async () => {
    const clerk = await as("dcs_jbr");
    const lead = await unitId("区教委");
    const before = await taskCount();
    expect((await expectError(createTask(clerk, await draftInput({ coUnitIds: [lead] })), "VALIDATION")).fieldErrors?.coUnitIds).toBe("协办单位不能包含主办单位");
    expect((await expectError(createTask(clerk, await draftInput({ leadUnitId: await unitId("区政府督查室") })), "VALIDATION")).fieldErrors?.leadUnitId).toMatch(/不能承办/);
    expect((await expectError(createTask(clerk, await draftInput({ coUnitIds: [await unitId("街道")] })), "VALIDATION")).fieldErrors?.coUnitIds).toMatch(/不能承办/);
    const disabled = await unitId("区司法局");
    await getDb().update(departments).set({ enabled: false }).where(eq(departments.id, disabled));
    expect((await expectError(createTask(clerk, await draftInput({ coUnitIds: [disabled] })), "VALIDATION")).fieldErrors?.coUnitIds).toMatch(/已停用/);
    await getDb().update(departments).set({ enabled: true }).where(eq(departments.id, disabled));
    expect(await taskCount()).toBe(before);
  });

  it("refuses a disabled event source", async () => {
    const [source] = await getDb().insert(eventSources).values({ name: "已停用来源", enabled: false }).returning({ id: eventSources.id });
    const error = await expectError(createTask(await as("dcs_jbr"), await draftInput({ sourceId: source!.id })), "VALIDATION");
    expect(error.fieldErrors?.sourceId).toBe("所选事件来源不存在或已停用");
  });

  it("refuses another user's upload or one already attached, and rolls the whole task back", async () => {
    const clerk = await as("dcs_jbr");
    const before = await taskCount();
    const theirs = await uploaded("dcs_jbr2");
    await expectError(createTask(clerk, await draftInput({ attachmentIds: [theirs] })), "VALIDATION", "附件不存在或已被使用");
    const mine = await uploaded("dcs_jbr");
    await createTask(clerk, await draftInput({ attachmentIds: [mine] }));
    await expectError(createTask(clerk, await draftInput({ attachmentIds: [mine] })), "VALIDATION", "附件不存在或已被使用");
    expect(await taskCount()).toBe(before + 1);
    expect(await attachmentRow(theirs)).toMatchObject({ committed: false, taskId: null });
  });

  it("is refused to anyone without 督办登记 (unit clerk, office leader, district leader)", async () => {
    for (const username of ["jw_jbr", "dcs_ld", "qld", "admin"]) {
      await expectError(createTask(await as(username), await draftInput()), "FORBIDDEN");
    }
  });
});

describe("updateTask (修改)", () => {
  it("saves the whole form with the version guard, replaces units, adds and detaches attachments, records 修改", async () => {
    const clerk = await as("dcs_jbr");
    const oldFile = await uploaded("dcs_jbr", "旧.pdf");
    const { id } = await createTask(clerk, await draftInput({ attachmentIds: [oldFile] }));
    const newFile = await uploaded("dcs_jbr", "新.pdf");
    const cg = await unitId("区城市管理局");
    const result = await updateTask(clerk, { ...(await draftInput({ title: "新标题", coUnitIds: [cg] })), id, version: 1, attachmentIds: [newFile], removeAttachmentIds: [oldFile] });
    expect(result.version).toBe(2);
    expect((await taskRow(id))!.title).toBe("新标题");
    const units = await getDb().select().from(taskUnits).where(and(eq(taskUnits.taskId, id), eq(taskUnits.role, "co")));
    expect(units.map((u) => u.departmentId)).toEqual([cg]);
    expect(await attachmentRow(oldFile)).toMatchObject({ committed: false, taskId: null });
    expect(await attachmentRow(newFile)).toMatchObject({ committed: true, taskId: id });
    expect(await lastEvent(id)).toMatchObject({ action: "edit", fromState: "draft", toState: "draft" });
  });

  it("a stale version, or two tabs saving at once: exactly one wins", async () => {
    const clerk = await as("dcs_jbr");
    const { id } = await createTask(clerk, await draftInput());
    const form = await draftInput();
    await expectOneWinner([
      () => updateTask(clerk, { ...form, id, version: 1, title: "甲" }),
      () => updateTask(clerk, { ...form, id, version: 1, title: "乙" }),
    ]);
    await expectError(updateTask(clerk, { ...form, id, version: 1 }), "CONFLICT");
    expect((await taskRow(id))!.version).toBe(2);
  });

  it("only the registering clerk edits; not once submitted; bad input changes nothing", async () => {
    const { id } = await taskAt("draft");
    await expectError(updateTask(await as("dcs_jbr2"), { ...(await draftInput()), id, version: 1 }), "FORBIDDEN", "只有登记人");
    await expectError(updateTask(await as("jw_jbr"), { ...(await draftInput()), id, version: 1 }), "FORBIDDEN");
    await expectError(updateTask(await as("dcs_jbr"), { ...(await draftInput({ content: "" })), id, version: 1 }), "VALIDATION", "请填写督办内容");
    await expectError(updateTask(await as("dcs_jbr"), { ...(await draftInput()), id: randomUUID(), version: 1 }), "NOT_FOUND");
    expect((await taskRow(id))!.version).toBe(1);
    const submitted = await taskAt("in_review");
    await expectError(updateTask(await as("dcs_jbr"), { ...(await draftInput()), id: submitted.id, version: 2 }), "CONFLICT", "待审签");
  });
});

describe("deleteTask (删除草稿)", () => {
  it("deletes the clerk's own draft, releases its files and writes the audit log", async () => {
    const clerk = await as("dcs_jbr");
    const file = await uploaded("dcs_jbr");
    const { id } = await createTask(clerk, await draftInput({ attachmentIds: [file] }));
    await deleteTask(clerk, { id, version: await tv(id) });
    expect(await taskRow(id)).toBeUndefined();
    expect(await attachmentRow(file)).toMatchObject({ committed: false, taskId: null });
    const [audit] = await getDb().select().from(auditLogs).where(and(eq(auditLogs.action, "task.delete"), eq(auditLogs.targetId, id)));
    expect(audit).toMatchObject({ actorName: "张敏" });
  });

  it("refuses another clerk's draft, a submitted task, a unit user, an unknown id; a double delete conflicts", async () => {
    const { id } = await taskAt("draft");
    await expectError(deleteTask(await as("dcs_jbr2"), { id, version: await tv(id) }), "FORBIDDEN");
    await expectError(deleteTask(await as("jw_jbr"), { id, version: await tv(id) }), "FORBIDDEN");
    await expectError(deleteTask(await as("dcs_jbr"), { id: "not-a-uuid", version: await tv("not-a-uuid") }), "VALIDATION");
    await expectError(deleteTask(await as("dcs_jbr"), { id: randomUUID(), version: 1 }), "NOT_FOUND");
    const submitted = await taskAt("in_review");
    await expectError(deleteTask(await as("dcs_jbr"), { id: submitted.id, version: await tv(submitted.id) }), "CONFLICT");
    expect(await taskRow(submitted.id)).toBeDefined();
    const clerk = await as("dcs_jbr");
    const results = await Promise.allSettled([deleteTask(clerk, { id, version: await tv(id) }), deleteTask(clerk, { id, version: await tv(id) })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === "rejected")!;
    // The loser either found the row locked-then-gone (conflict) or already gone (not found).
    expect(["CONFLICT", "NOT_FOUND"]).toContain(lost.reason.code);
  });

  it("a concurrent submit and delete: exactly one wins", async () => {
    const clerk = await as("dcs_jbr");
    const { id } = await taskAt("draft");
    const results = await Promise.allSettled([deleteTask(clerk, { id, version: await tv(id) }), submitTask(clerk, { id, reviewerId: (await as("dcs_ld")).userId, version: await tv(id) })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});

describe("submitTask (提交审签)", () => {
  it("sends the draft to the chosen leader and records it", async () => {
    const clerk = await as("dcs_jbr");
    const leader = await as("dcs_ld2");
    const { id } = await taskAt("draft");
    await submitTask(clerk, { id, reviewerId: leader.userId, opinion: "请审签", version: await tv(id) });
    expect(await taskRow(id)).toMatchObject({ status: "in_review", currentReviewerId: leader.userId });
    expect(await lastEvent(id)).toMatchObject({ action: "submit", fromState: "draft", toState: "in_review", opinion: "请审签" });
  });

  it("refuses a reviewer who is not an office leader, with nothing written", async () => {
    const { id } = await taskAt("draft");
    for (const username of ["dcs_jbr2", "jw_ld", "qld"]) {
      const error = await expectError(submitTask(await as("dcs_jbr"), { id, reviewerId: (await as(username)).userId, version: await tv(id) }), "VALIDATION");
      expect(error.fieldErrors?.reviewerId).toMatch(/不能审签/);
    }
    await expectError(submitTask(await as("dcs_jbr"), { id, version: await tv(id) }), "VALIDATION", "请选择审签领导");
    expect((await taskRow(id))!.status).toBe("draft");
    expect((await history(id)).length).toBe(1);
  });

  it("wrong role → FORBIDDEN; unknown task → NOT_FOUND; a double submit and two at once → CONFLICT", async () => {
    const { id } = await taskAt("draft");
    const leader = await as("dcs_ld");
    await expectError(submitTask(await as("jw_jbr"), { id, reviewerId: leader.userId, version: await tv(id) }), "FORBIDDEN");
    await expectError(submitTask(await as("dcs_ld"), { id, reviewerId: leader.userId, version: await tv(id) }), "FORBIDDEN");
    await expectError(submitTask(await as("dcs_jbr"), { id: randomUUID(), reviewerId: leader.userId, version: 1 }), "NOT_FOUND");
    const clerk = await as("dcs_jbr");
    const version = await tv(id);
    await expectOneWinner([() => submitTask(clerk, { id, reviewerId: leader.userId, version }), () => submitTask(clerk, { id, reviewerId: leader.userId, version })]);
    await expectError(submitTask(clerk, { id, reviewerId: leader.userId, version: await tv(id) }), "CONFLICT", "待审签");
  });
});

describe("forwardTask (审核转交)", () => {
  it("passes the task to another leader; only the one it waits on may (others: CONFLICT, it is not their turn)", async () => {
    const { id } = await taskAt("in_review");
    const ld = await as("dcs_ld");
    const ld2 = await as("dcs_ld2");
    await expectError(forwardTask(ld2, { id, reviewerId: ld.userId, version: await tv(id) }), "CONFLICT", "不在您的待审签中");
    await expectError(forwardTask(ld, { id, reviewerId: ld.userId, version: await tv(id) }), "VALIDATION", "不能转交给自己");
    await expectError(forwardTask(ld, { id, reviewerId: (await as("dcs_jbr")).userId, version: await tv(id) }), "VALIDATION");
    await expectError(forwardTask(await as("dcs_jbr"), { id, reviewerId: ld2.userId, version: await tv(id) }), "FORBIDDEN");
    await expectError(forwardTask(ld, { id: randomUUID(), reviewerId: ld2.userId, version: 1 }), "NOT_FOUND");
    await forwardTask(ld, { id, reviewerId: ld2.userId, opinion: "同意", version: await tv(id) });
    expect(await taskRow(id)).toMatchObject({ status: "in_review", currentReviewerId: ld2.userId });
    expect(await lastEvent(id)).toMatchObject({ action: "forward", actorName: "李建国", opinion: "同意" });
    // The first leader can no longer act on it.
    await expectError(signTask(ld, { id, version: await tv(id) }), "CONFLICT", "不在您的待审签中");
  });

  it("two forwards at once by the same leader: exactly one wins", async () => {
    const { id } = await taskAt("in_review");
    const ld = await as("dcs_ld");
    const ld2 = await as("dcs_ld2");
    const version = await tv(id);
    await expectOneWinner([() => forwardTask(ld, { id, reviewerId: ld2.userId, version }), () => forwardTask(ld, { id, reviewerId: ld2.userId, version })]);
  });
});

describe("signTask (审签) and task numbers", () => {
  it("signs, numbers the task from the configured pattern and records it", async () => {
    await getDb().update(systemSettings).set({ value: "渝中督〔{year}〕{seq:3}号" }).where(eq(systemSettings.key, "taskNoPattern"));
    const { id } = await taskAt("in_review");
    const year = new Date().getFullYear();
    const result = await signTask(await as("dcs_ld"), { id, opinion: "同意", version: await tv(id) }, new Date(`${year}-06-01T02:00:00Z`));
    expect(result.taskNo).toMatch(new RegExp(`^渝中督〔${year}〕\\d{3}号$`));
    expect(await taskRow(id)).toMatchObject({ status: "signed", taskNo: result.taskNo, currentReviewerId: null, signedById: (await as("dcs_ld")).userId });
    expect(await lastEvent(id)).toMatchObject({ action: "sign", toState: "signed", opinion: "同意" });
    await getDb().update(systemSettings).set({ value: "渝中督〔{year}〕{seq}号" }).where(eq(systemSettings.key, "taskNoPattern"));
  });

  it("numbers stay gap-free and unique under concurrent signing; a failed signing gives its number back", async () => {
    const signAt = new Date("2031-03-01T02:00:00Z");
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push((await taskAt("in_review")).id);
    const ld = await as("dcs_ld");
    const results = await Promise.all(ids.map(async (id) => signTask(ld, { id, version: await tv(id) }, signAt)));
    const seqs = results.map((r) => Number(/〕(\d+)号/.exec(r.taskNo)![1])).sort((a, b) => a - b);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
    const rows = await getDb().select({ taskNo: tasks.taskNo }).from(tasks).where(eq(tasks.status, "signed"));
    expect(new Set(rows.map((r) => r.taskNo)).size).toBe(rows.length);
    // A signing that loses the race takes no number: the next one is 7.
    const { id } = await taskAt("in_review");
    const version = await tv(id);
    await expectOneWinner([() => signTask(ld, { id, version }, signAt), () => signTask(ld, { id, version }, signAt)]);
    expect((await taskRow(id))!.taskNo).toBe("渝中督〔2031〕7号");
    // A signing that fails after taking its number (here: the number is already taken by a task
    // imported by hand) rolls the counter back with it.
    const clash = await taskAt("in_review");
    const imported = await taskAt("draft");
    await getDb().update(tasks).set({ taskNo: "渝中督〔2031〕8号" }).where(eq(tasks.id, imported.id));
    await expect(signTask(ld, { id: clash.id, version: await tv(clash.id) }, signAt)).rejects.toThrow();
    expect((await getDb().select().from(taskNumberSequences).where(eq(taskNumberSequences.year, 2031)))[0]!.lastValue).toBe(7);
    expect((await taskRow(clash.id))!.status).toBe("in_review");
  });

  it("a new year starts again at 1 (Asia/Shanghai new year)", async () => {
    const { id } = await taskAt("in_review");
    const result = await signTask(await as("dcs_ld"), { id, version: await tv(id) }, new Date("2032-12-31T16:30:00Z"));
    expect(result.taskNo).toBe("渝中督〔2033〕1号");
  });

  it("wrong role → FORBIDDEN, a leader it does not wait on → CONFLICT, unknown task, a double signing", async () => {
    const { id } = await taskAt("in_review");
    await expectError(signTask(await as("dcs_jbr"), { id, version: await tv(id) }), "FORBIDDEN");
    await expectError(signTask(await as("jw_ld"), { id, version: await tv(id) }), "FORBIDDEN");
    await expectError(signTask(await as("dcs_ld2"), { id, version: await tv(id) }), "CONFLICT", "不在您的待审签中");
    await expectError(signTask(await as("dcs_ld"), { id: randomUUID(), version: 1 }), "NOT_FOUND");
    await expectError(signTask(await as("dcs_ld"), { id, version: "abc" }), "VALIDATION");
    await signTask(await as("dcs_ld"), { id, version: await tv(id) });
    await expectError(signTask(await as("dcs_ld"), { id, version: await tv(id) }), "CONFLICT", "待交办");
  });
});

describe("returnTask (退回)", () => {
  it("needs an opinion, sends the task back to the clerk, who may edit and resubmit", async () => {
    const { id } = await taskAt("in_review");
    const ld = await as("dcs_ld");
    await expectError(returnTask(ld, { id, opinion: "  ", version: await tv(id) }), "VALIDATION", "请填写退回意见");
    expect((await taskRow(id))!.status).toBe("in_review");
    await returnTask(ld, { id, opinion: "请补充依据", version: await tv(id) });
    expect(await taskRow(id)).toMatchObject({ status: "returned", currentReviewerId: null });
    expect(await lastEvent(id)).toMatchObject({ action: "return", fromState: "in_review", toState: "returned", opinion: "请补充依据" });
    await submitTask(await as("dcs_jbr"), { id, reviewerId: ld.userId, version: await tv(id) });
    expect((await taskRow(id))!.status).toBe("in_review");
  });

  it("wrong role → FORBIDDEN, another leader → CONFLICT; return and sign at once → exactly one wins", async () => {
    const { id } = await taskAt("in_review");
    const ld = await as("dcs_ld");
    await expectError(returnTask(await as("dcs_jbr"), { id, opinion: "x", version: await tv(id) }), "FORBIDDEN");
    await expectError(returnTask(await as("dcs_ld2"), { id, opinion: "x", version: await tv(id) }), "CONFLICT");
    await expectError(returnTask(ld, { id: randomUUID(), opinion: "x", version: 1 }), "NOT_FOUND");
    const version = await tv(id);
    await expectOneWinner([() => returnTask(ld, { id, opinion: "不同意", version }), () => signTask(ld, { id, version })]);
    const events = await getDb().select().from(taskEvents).where(eq(taskEvents.taskId, id));
    expect(events.filter((e) => e.action === "return" || e.action === "sign")).toHaveLength(1);
  });
});
