import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { attachments, notifications, reports, tasks } from "@/db/schema";
import {
  archiveTask,
  createTask,
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
import { av, tv, as, assignmentRow, draftInput, history, resetActorCache, SETUP_TIMEOUT, unitId, uploaded } from "./test-fixtures";

let cleanup: () => Promise<void>;
beforeAll(async () => {
  resetActorCache();
  ({ cleanup } = await useTestDatabase());
}, SETUP_TIMEOUT);
afterAll(() => cleanup?.());

describe("the whole story of one task (manual §2.1, both flow charts)", () => {
  it("register → return → resubmit → sign → dispatch → unit A signed path with a return → unit B direct, reworked → both final → archive", async () => {
    const clerk = await as("dcs_jbr");
    const leader = await as("dcs_ld");
    const leader2 = await as("dcs_ld2");
    const jwClerk = await as("jw_jbr");
    const jwLeader = await as("jw_ld");
    const mzClerk = await as("mz_jbr");

    // Office: register with an attachment, leader returns, clerk edits and resubmits, two-level sign-off.
    const file = await uploaded("dcs_jbr", "会议纪要.pdf");
    const input = await draftInput({ attachmentIds: [file] });
    const { id } = await createTask(clerk, input);
    await submitTask(clerk, { id, reviewerId: leader.userId, version: await tv(id) });
    await returnTask(leader, { id, opinion: "办理要求不够具体，请补充时间节点", version: await tv(id) });
    const [returned] = await getDb().select().from(tasks).where(eq(tasks.id, id));
    expect(returned!.status).toBe("returned");
    await updateTask(clerk, { ...input, id, version: returned!.version, requirements: "6月15日前完成摸排，6月30日前报送办结情况。", attachmentIds: [] });
    await submitTask(clerk, { id, reviewerId: leader.userId, opinion: "已按意见修改", version: await tv(id) });
    await forwardTask(leader, { id, reviewerId: leader2.userId, opinion: "同意，请王主任审签", version: await tv(id) });
    const signed = await signTask(leader2, { id, opinion: "同意交办", version: await tv(id) });
    expect(signed.taskNo).toMatch(/^渝中督〔\d{4}〕1号$/);
    const dispatched = await dispatchTask(clerk, { id, version: await tv(id) });
    expect(dispatched.assignments).toHaveLength(2);
    const jwA = dispatched.assignments.find((a) => a.role === "lead")!.id;
    const mzA = dispatched.assignments.find((a) => a.role === "co")!.id;

    // Both units' SMS recipients got a queued SMS; every clerk and leader there an in-app message.
    const sent = await getDb().select().from(notifications).where(eq(notifications.taskId, id));
    expect(new Set(sent.filter((n) => n.channel === "sms").map((n) => n.recipientName))).toEqual(new Set(["刘洋", "周晓红", "赵磊", "孙丽萍"]));
    expect(new Set(sent.filter((n) => n.channel === "in_app").map((n) => n.recipientName))).toEqual(new Set(["刘洋", "周晓红", "田甜", "赵磊", "孙丽萍"]));
    expect(sent.filter((n) => n.channel === "sms" && n.status === "queued")).toHaveLength(4);

    // Unit A (lead): receive, handle → leader returns → revise → leader signs → report up.
    await receiveAssignment(jwClerk, { assignmentId: jwA, version: await av(jwA) });
    await handleAssignment(jwClerk, { assignmentId: jwA, kind: "final", body: "已完成摸排。", signerId: jwLeader.userId, version: await av(jwA) });
    await returnUnitReport(jwLeader, { assignmentId: jwA, opinion: "请补充加装数量", version: await av(jwA) });
    await handleAssignment(jwClerk, { assignmentId: jwA, kind: "final", body: "已完成摸排，共加装电梯 12 部。", signerId: jwLeader.userId, version: await av(jwA) });
    await signUnitReport(jwLeader, { assignmentId: jwA, opinion: "同意上报", version: await av(jwA) });
    await reportUp(jwClerk, { assignmentId: jwA, version: await av(jwA) });

    // Unit B (co): receive, direct feedback → office returns → feedback again.
    await receiveAssignment(mzClerk, { assignmentId: mzA, version: await av(mzA) });
    await submitFeedback(mzClerk, { assignmentId: mzA, kind: "final", body: "已配合完成。", version: await av(mzA) });
    await reviewReport(clerk, { assignmentId: mzA, decision: "return", opinion: "请说明配合的具体工作", version: await av(mzA) });
    expect((await assignmentRow(mzA)).status).toBe("rework");
    await submitFeedback(mzClerk, { assignmentId: mzA, kind: "final", body: "已配合开展 3 个小区的入户调查。", version: await av(mzA) });

    // Office accepts both as final: the task completes with the second, then is archived.
    const first = await reviewReport(clerk, { assignmentId: jwA, decision: "accept_final", opinion: "办结", version: await av(jwA) });
    expect(first.taskStatus).toBe("in_progress");
    const second = await reviewReport(clerk, { assignmentId: mzA, decision: "accept_final", version: await av(mzA) });
    expect(second.taskStatus).toBe("completed");
    await archiveTask(clerk, { id, version: await tv(id) });

    const [finalTask] = await getDb().select().from(tasks).where(eq(tasks.id, id));
    expect(finalTask).toMatchObject({ status: "archived", taskNo: signed.taskNo });
    expect(finalTask!.archivedAt).not.toBeNull();

    // Every version the units wrote is kept, with the leaders' and the office's opinions.
    const jwReports = await getDb().select().from(reports).where(eq(reports.assignmentId, jwA)).orderBy(asc(reports.revision));
    expect(jwReports.map((r) => [r.revision, r.path, r.status, r.unitOpinion])).toEqual([
      [1, "signed", "unit_returned", "请补充加装数量"],
      [2, "signed", "accepted", "同意上报"],
    ]);
    const mzReports = await getDb().select().from(reports).where(eq(reports.assignmentId, mzA)).orderBy(asc(reports.revision));
    expect(mzReports.map((r) => [r.revision, r.path, r.status, r.officeOpinion])).toEqual([
      [1, "direct", "returned", "请说明配合的具体工作"],
      [2, "direct", "accepted", null],
    ]);
    expect((await getDb().select().from(attachments).where(eq(attachments.taskId, id))).map((a) => a.filename)).toEqual(["会议纪要.pdf"]);

    const steps = (await history(id)).map((e) => [e.action, e.fromState, e.toState, e.actorName, e.actorUnitName]);
    const jw = "区教委";
    const mz = "区民政局";
    const office = "区政府督查室";
    expect(steps).toEqual([
      ["create", null, "draft", "张敏", office],
      ["submit", "draft", "in_review", "张敏", office],
      ["return", "in_review", "returned", "李建国", office],
      ["edit", "returned", "returned", "张敏", office],
      ["submit", "returned", "in_review", "张敏", office],
      ["forward", "in_review", "in_review", "李建国", office],
      ["sign", "in_review", "signed", "王振华", office],
      ["dispatch", "signed", "in_progress", "张敏", office],
      ["receive", "to_receive", "in_progress", "刘洋", jw],
      ["handle", "in_progress", "awaiting_sign", "刘洋", jw],
      ["unit_return", "awaiting_sign", "unit_returned", "周晓红", jw],
      ["handle", "unit_returned", "awaiting_sign", "刘洋", jw],
      ["unit_sign", "awaiting_sign", "signed", "周晓红", jw],
      ["report_up", "signed", "reported", "刘洋", jw],
      ["receive", "to_receive", "in_progress", "赵磊", mz],
      ["feedback", "in_progress", "reported", "赵磊", mz],
      ["return_rework", "reported", "rework", "张敏", office],
      ["feedback", "rework", "reported", "赵磊", mz],
      ["accept_final", "reported", "completed", "张敏", office],
      ["accept_final", "reported", "completed", "张敏", office],
      ["complete", "in_progress", "completed", "张敏", office],
      ["archive", "completed", "archived", "张敏", office],
    ]);
    const events = await history(id);
    expect(events[2]).toMatchObject({ opinion: "办理要求不够具体，请补充时间节点", actorRole: "督查室领导" });
    expect(events[10]).toMatchObject({ opinion: "请补充加装数量", actorRole: "承办单位领导" });
    expect(await unitId(jw)).toBe((await assignmentRow(jwA)).departmentId);
  });
});
