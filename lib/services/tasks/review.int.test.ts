import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, desc, eq } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { reports, taskEvents, tasks } from "@/db/schema";
import { receiveAssignment, reviewReport, submitFeedback } from "./index";
import { av, as, assignmentRow, expectError, expectOneWinner, history, resetActorCache, SETUP_TIMEOUT, taskAt } from "./test-fixtures";

let cleanup: () => Promise<void>;
const actors = new Map<string, Awaited<ReturnType<typeof as>>>();
const actor = (u: string) => actors.get(u)!;
beforeAll(async () => {
  resetActorCache();
  ({ cleanup } = await useTestDatabase());
  for (const u of ["jw_jbr", "mz_jbr", "dcs_jbr", "dcs_jbr2", "dcs_ld", "jw_ld", "qld"]) actors.set(u, await as(u));
}, SETUP_TIMEOUT);
afterAll(() => cleanup?.());

/** A dispatched task whose units have both reported (kind per unit). */
async function bothReported(kind: "final" | "progress" = "final", overrides: Record<string, unknown> = {}) {
  const { id, assignments } = await taskAt("in_progress", overrides);
  const jw = assignments["区教委"]!;
  const mz = assignments["区民政局"]!;
  for (const [a, u] of [[jw, "jw_jbr"], [mz, "mz_jbr"]] as const) {
    await receiveAssignment(actor(u), { assignmentId: a, version: await av(a) });
    await submitFeedback(actor(u), { assignmentId: a, kind, body: `${u} 的反馈`, version: await av(a) });
  }
  return { taskId: id, jw, mz };
}

async function taskStatus(id: string) {
  return (await getDb().select({ s: tasks.status }).from(tasks).where(eq(tasks.id, id)))[0]!.s;
}
async function reportsOf(assignmentId: string) {
  return getDb().select().from(reports).where(eq(reports.assignmentId, assignmentId)).orderBy(asc(reports.revision));
}

describe("reviewReport (审核反馈)", () => {
  it("accept as progress: the unit goes on working and may report again", async () => {
    const d = await bothReported("progress", { feedbackMode: "periodic", progressIntervalDays: 14 });
    const result = await reviewReport(actor("dcs_ld"), { assignmentId: d.jw, decision: "accept_progress", opinion: "进展良好", version: await av(d.jw) });
    expect(result).toMatchObject({ status: "in_progress", taskStatus: "in_progress" });
    expect((await reportsOf(d.jw))[0]).toMatchObject({ status: "accepted", officeOpinion: "进展良好", reviewedById: actor("dcs_ld").userId });
    expect((await history(d.taskId)).at(-1)).toMatchObject({ action: "accept_progress", fromState: "reported", toState: "in_progress", actorName: "李建国" });
    await submitFeedback(actor("jw_jbr"), { assignmentId: d.jw, kind: "final", body: "已全部完成", version: await av(d.jw) });
    expect((await reportsOf(d.jw)).map((r) => r.revision)).toEqual([1, 2]);
  });

  it("accept as final completes that unit only; the task completes with the last unit", async () => {
    const d = await bothReported();
    await reviewReport(actor("dcs_jbr"), { assignmentId: d.jw, decision: "accept_final", version: await av(d.jw) });
    expect((await assignmentRow(d.jw)).status).toBe("completed");
    expect((await assignmentRow(d.jw)).completedAt).not.toBeNull();
    expect(await taskStatus(d.taskId)).toBe("in_progress");
    await reviewReport(actor("dcs_jbr"), { assignmentId: d.mz, decision: "accept_final", version: await av(d.mz) });
    expect(await taskStatus(d.taskId)).toBe("completed");
    expect((await history(d.taskId)).slice(-2).map((e) => e.action)).toEqual(["accept_final", "complete"]);
  });

  it("办结通过 may rate the feedback (反馈质量评价): kept on the assignment and in the history; only with 办结通过", async () => {
    const d = await bothReported();
    await expectError(
      reviewReport(actor("dcs_jbr"), { assignmentId: d.mz, decision: "return", opinion: "补充", rating: "good", version: await av(d.mz) }),
      "VALIDATION",
      "只有办结通过时才能评价反馈质量",
    );
    await expectError(reviewReport(actor("dcs_jbr"), { assignmentId: d.mz, decision: "accept_final", rating: "superb", version: await av(d.mz) }), "VALIDATION", "请选择有效的评价等级");
    expect(await assignmentRow(d.mz)).toMatchObject({ status: "reported", rating: null });
    await reviewReport(actor("dcs_jbr"), { assignmentId: d.mz, decision: "accept_final", rating: "excellent", version: await av(d.mz) });
    const row = await assignmentRow(d.mz);
    expect(row).toMatchObject({ status: "completed", rating: "excellent", ratedById: actor("dcs_jbr").userId });
    expect(row.ratedAt).not.toBeNull();
    const [event] = await getDb().select({ action: taskEvents.action, detail: taskEvents.detail }).from(taskEvents).where(eq(taskEvents.assignmentId, d.mz)).orderBy(desc(taskEvents.id)).limit(1);
    expect(event?.action).toBe("accept_final");
    expect(event?.detail).toMatchObject({ rating: "excellent", ratingLabel: "优秀" });
    await reviewReport(actor("dcs_jbr"), { assignmentId: d.jw, decision: "accept_final", rating: "", version: await av(d.jw) });
    expect(await assignmentRow(d.jw)).toMatchObject({ status: "completed", rating: null, ratedAt: null });
  });

  it("退回重办 needs an opinion, keeps the report and sends the unit back to work", async () => {
    const d = await bothReported();
    await expectError(reviewReport(actor("dcs_jbr"), { assignmentId: d.mz, decision: "return", version: await av(d.mz) }), "VALIDATION", "请填写退回重办的意见");
    await expectError(reviewReport(actor("dcs_jbr"), { assignmentId: d.mz, decision: "maybe", version: await av(d.mz) }), "VALIDATION", "请选择审核结果");
    expect((await assignmentRow(d.mz)).status).toBe("reported");
    await reviewReport(actor("dcs_jbr"), { assignmentId: d.mz, decision: "return", opinion: "请补充佐证材料", version: await av(d.mz) });
    expect((await assignmentRow(d.mz)).status).toBe("rework");
    expect((await reportsOf(d.mz))[0]).toMatchObject({ status: "returned", officeOpinion: "请补充佐证材料" });
    await submitFeedback(actor("mz_jbr"), { assignmentId: d.mz, kind: "final", body: "补充材料", version: await av(d.mz) });
    expect((await reportsOf(d.mz)).map((r) => [r.revision, r.status])).toEqual([
      [1, "returned"],
      [2, "submitted"],
    ]);
  });

  it("wrong role → FORBIDDEN; unknown → NOT_FOUND; nothing reported → CONFLICT; a stale report id → CONFLICT", async () => {
    const d = await bothReported();
    for (const u of ["jw_jbr", "jw_ld", "qld"]) await expectError(reviewReport(actor(u), { assignmentId: d.jw, decision: "accept_final", version: await av(d.jw) }), "FORBIDDEN");
    await expectError(reviewReport(actor("dcs_jbr"), { assignmentId: randomUUID(), decision: "accept_final", version: 1 }), "NOT_FOUND");
    await expectError(reviewReport(actor("dcs_jbr"), { assignmentId: d.jw, reportId: randomUUID(), decision: "accept_final", version: await av(d.jw) }), "CONFLICT", "新的反馈");
    const fresh = await taskAt("in_progress");
    await expectError(reviewReport(actor("dcs_jbr"), { assignmentId: fresh.assignments["区教委"]!, decision: "accept_final", version: await av(fresh.assignments["区教委"]!) }), "CONFLICT", "待接收");
    expect((await assignmentRow(d.jw)).status).toBe("reported");
  });

  it("two office users reviewing the same report at once: exactly one decision counts", async () => {
    const d = await bothReported();
    const version = await av(d.jw);
    await expectOneWinner([
      () => reviewReport(actor("dcs_jbr"), { assignmentId: d.jw, decision: "accept_final", version }),
      () => reviewReport(actor("dcs_jbr2"), { assignmentId: d.jw, decision: "return", opinion: "不同意", version }),
    ]);
    const [report] = await reportsOf(d.jw);
    expect(["accepted", "returned"]).toContain(report!.status);
    expect((await history(d.taskId)).filter((e) => e.assignmentId === d.jw && ["accept_final", "return_rework"].includes(e.action))).toHaveLength(1);
  });

  it("both units accepted as final at the same moment: the task still completes (reviews of one task are serialised)", async () => {
    for (let i = 0; i < 3; i++) {
      const d = await bothReported();
      await Promise.all([
        reviewReport(actor("dcs_jbr"), { assignmentId: d.jw, decision: "accept_final", version: await av(d.jw) }),
        reviewReport(actor("dcs_jbr2"), { assignmentId: d.mz, decision: "accept_final", version: await av(d.mz) }),
      ]);
      expect(await taskStatus(d.taskId)).toBe("completed");
      expect((await history(d.taskId)).filter((e) => e.action === "complete")).toHaveLength(1);
    }
  });
});
