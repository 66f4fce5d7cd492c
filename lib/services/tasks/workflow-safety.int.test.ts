import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, count, eq } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { assignments, attachments, reports, taskEvents, tasks, users } from "@/db/schema";
import { toDomainError } from "@/lib/domain/errors";
import { LocalFileStore, setFileStore } from "@/lib/storage";
import { uploadAttachment } from "../attachments/upload-attachment";
import { getTaskDetail } from "@/lib/data/tasks/task-detail";
import {
  archiveTask,
  cancelTask,
  createTask,
  delegateAssignment,
  deleteTask,
  dispatchTask,
  forwardTask,
  handleAssignment,
  receiveAssignment,
  reportUp,
  returnTask,
  returnUnitReport,
  reviewReport,
  signTask,
  signUnitReport,
  submitFeedback,
  submitTask,
  updateTask,
} from "./index";
import { addUser, as, assignmentRow, av, draftInput, expectError, resetActorCache, SETUP_TIMEOUT, taskAt, tv, unitId } from "./test-fixtures";

/** Issue 7: replays, double registration, numbering collisions, feedback modes, receivers, revisions' files. */

let cleanup: () => Promise<void>;
let storeRoot: string;
beforeAll(async () => {
  resetActorCache();
  ({ cleanup } = await useTestDatabase());
  storeRoot = await mkdtemp(path.join(tmpdir(), "dcdb-carry-"));
  setFileStore(new LocalFileStore(storeRoot));
}, SETUP_TIMEOUT);
afterAll(async () => {
  setFileStore(undefined);
  await rm(storeRoot, { recursive: true, force: true });
  await cleanup?.();
});

async function eventCount(taskId: string) {
  return (await getDb().select({ n: count() }).from(taskEvents).where(eq(taskEvents.taskId, taskId)))[0]!.n;
}

async function received(unit = "区教委", clerk = "jw_jbr", overrides: Record<string, unknown> = {}) {
  const t = await taskAt("in_progress", overrides);
  const a = t.assignments[unit]!;
  await receiveAssignment(await as(clerk), { assignmentId: a, version: await av(a) });
  return { taskId: t.id, a };
}

describe("version is required on every step (a replay without it changes nothing)", () => {
  it("分办 replayed without a version → VALIDATION and nothing written; with the old version → CONFLICT", async () => {
    const leader = await as("jw_ld");
    const { taskId, a } = await received();
    const clerk2 = await as("jw_jbr2");
    const first = { assignmentId: a, handlerId: clerk2.userId, instruction: "请田甜办理", version: await av(a) };
    await delegateAssignment(leader, first);
    const before = await assignmentRow(a);
    const events = await eventCount(taskId);

    const { version: _omitted, ...replay } = first;
    void _omitted;
    await expectError(delegateAssignment(leader, replay), "VALIDATION", "缺少版本号");
    await expectError(delegateAssignment(leader, { ...replay, version: "" }), "VALIDATION", "缺少版本号");
    await expectError(delegateAssignment(leader, first), "CONFLICT", "已被他人修改");
    expect(await assignmentRow(a)).toEqual(before);
    expect(await eventCount(taskId)).toBe(events);
  });

  it("every verb refuses a request without a version before touching anything", async () => {
    const id = randomUUID();
    const assignmentId = randomUUID();
    const office = await as("dcs_jbr");
    const leader = await as("dcs_ld");
    const unitClerk = await as("jw_jbr");
    const unitLeader = await as("jw_ld");
    const calls: Array<[string, () => Promise<unknown>]> = [
      ["updateTask", async () => updateTask(office, { ...(await draftInput()), id })],
      ["deleteTask", () => deleteTask(office, { id })],
      ["submitTask", () => submitTask(office, { id, reviewerId: leader.userId })],
      ["forwardTask", () => forwardTask(leader, { id, reviewerId: office.userId })],
      ["signTask", () => signTask(leader, { id })],
      ["returnTask", () => returnTask(leader, { id, opinion: "x" })],
      ["dispatchTask", () => dispatchTask(office, { id })],
      ["cancelTask", () => cancelTask(office, { id, reason: "x" })],
      ["archiveTask", () => archiveTask(office, { id })],
      ["receiveAssignment", () => receiveAssignment(unitClerk, { assignmentId })],
      ["delegateAssignment", () => delegateAssignment(unitLeader, { assignmentId, handlerId: unitClerk.userId, instruction: "x" })],
      ["submitFeedback", () => submitFeedback(unitClerk, { assignmentId, kind: "final", body: "x" })],
      ["handleAssignment", () => handleAssignment(unitClerk, { assignmentId, kind: "final", body: "x", signerId: unitLeader.userId })],
      ["signUnitReport", () => signUnitReport(unitLeader, { assignmentId })],
      ["returnUnitReport", () => returnUnitReport(unitLeader, { assignmentId, opinion: "x" })],
      ["reportUp", () => reportUp(unitClerk, { assignmentId })],
      ["reviewReport", () => reviewReport(office, { assignmentId, decision: "accept_final" })],
    ];
    for (const [name, call] of calls) {
      const e = await expectError(call(), "VALIDATION");
      expect(e.fieldErrors?.version, name).toBe("缺少版本号，请刷新后重试");
    }
  });
});

describe("registration is idempotent per form (request id)", () => {
  it("the same form posted twice makes one draft and the second answer is the first draft", async () => {
    const clerk = await as("dcs_jbr");
    const input = await draftInput({ title: "同一表单提交两次" });
    const first = await createTask(clerk, input);
    const second = await createTask(clerk, input);
    expect(second.id).toBe(first.id);
    const rows = await getDb().select({ id: tasks.id }).from(tasks).where(eq(tasks.title, "同一表单提交两次"));
    expect(rows).toHaveLength(1);
    expect(await eventCount(first.id)).toBe(1);
  });

  it("two POSTs at the same moment still make one draft", async () => {
    const clerk = await as("dcs_jbr");
    const input = await draftInput({ title: "同时提交两次" });
    const [a, b] = await Promise.all([createTask(clerk, input), createTask(clerk, input)]);
    expect(a.id).toBe(b.id);
    const rows = await getDb().select({ id: tasks.id }).from(tasks).where(eq(tasks.title, "同时提交两次"));
    expect(rows).toHaveLength(1);
  });

  it("another form (or another clerk's form with the same id) is another draft; no request id → VALIDATION", async () => {
    const input = await draftInput({ title: "不同表单" });
    const one = await createTask(await as("dcs_jbr"), input);
    const other = await createTask(await as("dcs_jbr"), { ...input, requestId: randomUUID() });
    const otherClerk = await createTask(await as("dcs_jbr2"), input);
    expect(new Set([one.id, other.id, otherClerk.id]).size).toBe(3);
    const { requestId: _r, ...without } = input;
    void _r;
    await expectError(createTask(await as("dcs_jbr"), without), "VALIDATION", "表单已失效");
    const rows = await getDb().select({ id: tasks.id }).from(tasks).where(eq(tasks.title, "不同表单"));
    expect(rows).toHaveLength(3);
  });
});

describe("a unique violation is a clear CONFLICT, not 系统繁忙", () => {
  it("a signing whose number is already taken maps to a conflict naming the number rule", async () => {
    const year = 2040;
    const signAt = new Date(`${year}-03-01T02:00:00Z`);
    // A task already holds the number the next signing of that year will produce.
    const holder = await taskAt("draft");
    await getDb().update(tasks).set({ taskNo: `渝中督〔${year}〕1号` }).where(eq(tasks.id, holder.id));
    const { id } = await taskAt("in_review");
    const error = await signTask(await as("dcs_ld"), { id, version: await tv(id) }, signAt).then(
      () => undefined,
      (e: unknown) => e,
    );
    const mapped = toDomainError(error);
    expect(mapped?.code).toBe("CONFLICT");
    expect(mapped?.message).toContain("督办编号规则");
    // Nothing was signed.
    expect((await getDb().select({ s: tasks.status }).from(tasks).where(eq(tasks.id, id)))[0]!.s).toBe("in_review");
  });
});

async function progressReported() {
  const { taskId, a } = await received("区教委", "jw_jbr", { feedbackMode: "periodic", progressIntervalDays: 7 });
  await submitFeedback(await as("jw_jbr"), { assignmentId: a, kind: "progress", body: "第一阶段已完成摸排。", version: await av(a) });
  return { taskId, a };
}

describe("closing an assignment on a 阶段反馈 needs a stated reason", () => {
  it("without a reason → VALIDATION and nothing changes; with one it is kept on the report and in the history", async () => {
    const office = await as("dcs_jbr");
    const { taskId, a } = await progressReported();
    const before = await assignmentRow(a);
    await expectError(reviewReport(office, { assignmentId: a, decision: "accept_final", version: before.version }), "VALIDATION", "以阶段反馈办结须填写理由");
    expect(await assignmentRow(a)).toEqual(before);

    await reviewReport(office, { assignmentId: a, decision: "accept_final", opinion: "整改已全部完成，阶段反馈已附验收材料", version: before.version });
    expect((await assignmentRow(a)).status).toBe("completed");
    const [report] = await getDb().select().from(reports).where(eq(reports.assignmentId, a));
    expect(report).toMatchObject({ kind: "progress", status: "accepted", closedOnProgressReason: "整改已全部完成，阶段反馈已附验收材料" });
    const [event] = await getDb()
      .select()
      .from(taskEvents)
      .where(and(eq(taskEvents.taskId, taskId), eq(taskEvents.action, "accept_final")));
    expect(event).toMatchObject({ opinion: "整改已全部完成，阶段反馈已附验收材料", detail: { closedOnProgress: true, reportKind: "progress" } });
    // The task page shows the reason with the report it closed on.
    const detail = await getTaskDetail(office, taskId);
    const shown = detail!.assignments.find((x) => x.id === a)!.reports.find((r) => r.kind === "progress");
    expect(shown!.closedOnProgressReason).toBe("整改已全部完成，阶段反馈已附验收材料");
    // Queryable for scoring: assignments closed on a progress report.
    const closed = await getDb().select({ n: count() }).from(reports).where(and(eq(reports.taskId, taskId), eq(reports.status, "accepted")));
    expect(closed[0]!.n).toBe(1);
  });

  it("a 办结反馈 is closed without a reason, and its report has no closing reason", async () => {
    const { a } = await received("区教委", "jw_jbr", { feedbackMode: "periodic", progressIntervalDays: 7 });
    await submitFeedback(await as("jw_jbr"), { assignmentId: a, kind: "final", body: "已办结。", version: await av(a) });
    await reviewReport(await as("dcs_jbr"), { assignmentId: a, decision: "accept_final", version: await av(a) });
    const [report] = await getDb().select().from(reports).where(eq(reports.assignmentId, a));
    expect(report!.closedOnProgressReason).toBeNull();
  });
});

describe("采纳为阶段反馈 only where the task's 反馈方式 has 阶段反馈", () => {
  it("a 办结后一次反馈 task: VALIDATION, nothing changes; a periodic task: accepted", async () => {
    const office = await as("dcs_jbr");
    const { a } = await received();
    await submitFeedback(await as("jw_jbr"), { assignmentId: a, kind: "final", body: "已办结。", version: await av(a) });
    const before = await assignmentRow(a);
    await expectError(reviewReport(office, { assignmentId: a, decision: "accept_progress", version: before.version }), "VALIDATION", "办结后一次反馈");
    expect(await assignmentRow(a)).toEqual(before);

    const periodic = await progressReported();
    await reviewReport(office, { assignmentId: periodic.a, decision: "accept_progress", version: await av(periodic.a) });
    expect((await assignmentRow(periodic.a)).status).toBe("in_progress");
  });
});

describe("交办 refuses units nobody can receive for", () => {
  it("names the unit until 信息中心 adds an enabled account with 任务承办与反馈", async () => {
    const clerk = await as("dcs_jbr");
    const { id } = await taskAt("signed", { leadUnitId: await unitId("区发展改革委"), coUnitIds: [await unitId("区民政局")] });
    await expectError(dispatchTask(clerk, { id, version: await tv(id) }), "VALIDATION", "区发展改革委");
    expect((await getDb().select({ n: count() }).from(assignments).where(eq(assignments.taskId, id)))[0]!.n).toBe(0);

    // A disabled account does not count.
    const added = await addUser("fgw_jbr_test", "发改委经办人", "区发展改革委", "unit_clerk");
    await getDb().update(users).set({ enabled: false }).where(eq(users.id, added.userId));
    await expectError(dispatchTask(clerk, { id, version: await tv(id) }), "VALIDATION", "区发展改革委");

    await getDb().update(users).set({ enabled: true }).where(eq(users.id, added.userId));
    const done = await dispatchTask(clerk, { id, version: await tv(id) });
    expect(done.status).toBe("in_progress");
    expect(done.assignments).toHaveLength(2);
  });
});

describe("a revision keeps the returned version's files (removable)", () => {
  async function upload(username: string, filename: string, text: string) {
    const row = await uploadAttachment(await as(username), { filename, body: Readable.from([Buffer.from(text)]) });
    return row.id;
  }
  async function filesOf(reportId: string) {
    return getDb()
      .select({ id: attachments.id, filename: attachments.filename, storageKey: attachments.storageKey, sha256: attachments.sha256 })
      .from(attachments)
      .where(eq(attachments.reportId, reportId))
      .orderBy(asc(attachments.filename));
  }
  async function reportsOf(a: string) {
    return getDb().select({ id: reports.id, revision: reports.revision }).from(reports).where(eq(reports.assignmentId, a)).orderBy(asc(reports.revision));
  }

  it("unit leader's 退回: the kept file is on 第2稿 (a copy), the unticked one is not, 第1稿 keeps both", async () => {
    const clerk = await as("jw_jbr");
    const leader = await as("jw_ld");
    const { a } = await received();
    const photo = await upload("jw_jbr", "现场照片.txt", "照片");
    const sheet = await upload("jw_jbr", "统计表.txt", "表格");
    await handleAssignment(clerk, { assignmentId: a, kind: "final", body: "初稿", signerId: leader.userId, attachmentIds: [photo, sheet], version: await av(a) });
    await returnUnitReport(leader, { assignmentId: a, opinion: "请补充数据", version: await av(a) });

    await handleAssignment(clerk, { assignmentId: a, kind: "final", body: "修改稿", signerId: leader.userId, keepAttachmentIds: [photo], version: await av(a) });
    const [first, second] = await reportsOf(a);
    const firstFiles = await filesOf(first!.id);
    const secondFiles = await filesOf(second!.id);
    expect(firstFiles.map((f) => f.filename)).toEqual(["现场照片.txt", "统计表.txt"]);
    expect(secondFiles.map((f) => f.filename)).toEqual(["现场照片.txt"]);
    expect(secondFiles[0]!.id).not.toBe(photo);
    expect(secondFiles[0]!.storageKey).not.toBe(firstFiles[0]!.storageKey);
    expect(secondFiles[0]!.sha256).toBe(firstFiles[0]!.sha256);

    // After 审签 and 上报 the office sees 第2稿 with the file.
    await signUnitReport(leader, { assignmentId: a, version: await av(a) });
    await reportUp(clerk, { assignmentId: a, version: await av(a) });
    expect((await filesOf(second!.id)).map((f) => f.filename)).toEqual(["现场照片.txt"]);
  });

  it("office's 退回重办: the revision sent straight back carries the file", async () => {
    const clerk = await as("jw_jbr");
    const { a } = await received();
    const file = await upload("jw_jbr", "整改报告.txt", "报告");
    await submitFeedback(clerk, { assignmentId: a, kind: "final", body: "已整改", attachmentIds: [file], version: await av(a) });
    await reviewReport(await as("dcs_jbr"), { assignmentId: a, decision: "return", opinion: "请补充照片", version: await av(a) });
    await submitFeedback(clerk, { assignmentId: a, kind: "final", body: "已整改并补充", keepAttachmentIds: [file], version: await av(a) });
    const [, second] = await reportsOf(a);
    expect((await filesOf(second!.id)).map((f) => f.filename)).toEqual(["整改报告.txt"]);
  });

  it("only files of the assignment's newest report can be kept: another unit's file → VALIDATION, nothing sent", async () => {
    const other = await received("区民政局", "mz_jbr");
    const foreign = await upload("mz_jbr", "民政局文件.txt", "别的单位");
    await submitFeedback(await as("mz_jbr"), { assignmentId: other.a, kind: "final", body: "民政局反馈", attachmentIds: [foreign], version: await av(other.a) });

    const { a } = await received();
    const before = await assignmentRow(a);
    await expectError(
      submitFeedback(await as("jw_jbr"), { assignmentId: a, kind: "final", body: "x", keepAttachmentIds: [foreign], version: before.version }),
      "VALIDATION",
      "上一稿附件已不存在",
    );
    expect(await assignmentRow(a)).toEqual(before);
    expect(await reportsOf(a)).toHaveLength(0);
  });
});
