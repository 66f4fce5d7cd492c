import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { assignments, departments, notifications, tasks } from "@/db/schema";
import { archiveTask, cancelTask, dispatchTask, receiveAssignment, reviewReport, submitFeedback } from "./index";
import { av, tv, as, assignmentRow, expectError, expectOneWinner, lastEvent, resetActorCache, SETUP_TIMEOUT, taskAt, unitId } from "./test-fixtures";

let cleanup: () => Promise<void>;
beforeAll(async () => {
  resetActorCache();
  ({ cleanup } = await useTestDatabase());
}, SETUP_TIMEOUT);
afterAll(() => cleanup?.());

async function taskRow(id: string) {
  const [row] = await getDb().select().from(tasks).where(eq(tasks.id, id));
  return row!;
}
async function assignmentCount(taskId: string) {
  const [row] = await getDb().select({ n: count() }).from(assignments).where(eq(assignments.taskId, taskId));
  return row!.n;
}

describe("dispatchTask (交办)", () => {
  it("creates one assignment per unit and queues SMS + in-app messages for each unit's SMS recipients", async () => {
    const { id, taskNo } = await taskAt("signed");
    const result = await dispatchTask(await as("dcs_jbr"), { id, version: await tv(id) });
    expect(result.status).toBe("in_progress");
    const rows = await getDb().select().from(assignments).where(eq(assignments.taskId, id));
    expect(rows.map((r) => [r.departmentId, r.role, r.status]).sort()).toEqual(
      [
        [await unitId("区教委"), "lead", "to_receive"],
        [await unitId("区民政局"), "co", "to_receive"],
      ].sort(),
    );
    const sent = await getDb().select().from(notifications).where(eq(notifications.taskId, id));
    // 区教委: 刘洋 and 周晓红 receive SMS; 田甜 (jw_jbr2) is not an SMS recipient. 区民政局: 赵磊, 孙丽萍.
    expect(sent.filter((n) => n.channel === "sms").map((n) => n.recipientName).sort()).toEqual(["刘洋", "周晓红", "孙丽萍", "赵磊"].sort());
    // Every clerk and leader of both units gets the in-app message, 田甜 included.
    expect(sent.filter((n) => n.channel === "in_app").map((n) => n.recipientName).sort()).toEqual(["刘洋", "周晓红", "田甜", "孙丽萍", "赵磊"].sort());
    expect(sent.every((n) => n.status === "queued" && n.kind === "dispatch" && n.body.includes(taskNo!))).toBe(true);
    expect(await taskRow(id)).toMatchObject({ status: "in_progress" });
    expect((await taskRow(id)).dispatchedAt).not.toBeNull();
    expect(await lastEvent(id)).toMatchObject({ action: "dispatch", fromState: "signed", toState: "in_progress", actorName: "张敏" });
  });

  it("wrong role → FORBIDDEN; unknown → NOT_FOUND; bad id → VALIDATION; not yet signed → CONFLICT", async () => {
    const { id } = await taskAt("signed");
    for (const username of ["dcs_ld", "jw_jbr", "jw_ld", "qld"]) await expectError(dispatchTask(await as(username), { id, version: await tv(id) }), "FORBIDDEN");
    await expectError(dispatchTask(await as("dcs_jbr"), { id: randomUUID(), version: 1 }), "NOT_FOUND");
    await expectError(dispatchTask(await as("dcs_jbr"), { id: "1; drop table tasks", version: await tv("1; drop table tasks") }), "VALIDATION");
    const review = await taskAt("in_review");
    await expectError(dispatchTask(await as("dcs_jbr"), { id: review.id, version: await tv(review.id) }), "CONFLICT", "待审签");
    expect(await assignmentCount(id)).toBe(0);
  });

  it("two clerks dispatching at once: exactly one wins and the units get one assignment each", async () => {
    const { id } = await taskAt("signed");
    const version = await tv(id);
    await expectOneWinner([() => dispatchTask(preloaded("dcs_jbr"), { id, version }), () => dispatchTask(preloaded("dcs_jbr2"), { id, version })]);
    expect(await assignmentCount(id)).toBe(2);
    await expectError(dispatchTask(await as("dcs_jbr"), { id, version: await tv(id) }), "CONFLICT", "承办中");
  });

  it("refuses a unit disabled since registration and writes nothing", async () => {
    const { id } = await taskAt("signed", { coUnitIds: [await unitId("区财政局")] });
    await getDb().update(departments).set({ enabled: false }).where(eq(departments.name, "区财政局"));
    await expectError(dispatchTask(await as("dcs_jbr"), { id, version: await tv(id) }), "VALIDATION", "区财政局");
    await getDb().update(departments).set({ enabled: true }).where(eq(departments.name, "区财政局"));
    expect((await taskRow(id)).status).toBe("signed");
    expect(await assignmentCount(id)).toBe(0);
  });
});

// Actors are loaded before the race starts so both attempts really run at once.
const loaded = new Map<string, Awaited<ReturnType<typeof as>>>();
function preloaded(username: string) {
  return loaded.get(username)!;
}
beforeAll(async () => {
  for (const u of ["dcs_jbr", "dcs_jbr2"]) loaded.set(u, await as(u));
});

describe("cancelTask (撤销)", () => {
  it("needs a reason; cancels every open assignment, keeps completed ones, tells the units, records it", async () => {
    const { id, assignments: a } = await taskAt("in_progress");
    const clerk = await as("dcs_jbr");
    const mz = a["区民政局"]!;
    await receiveAssignment(await as("mz_jbr"), { assignmentId: mz, version: await av(mz) });
    await submitFeedback(await as("mz_jbr"), { assignmentId: mz, kind: "final", body: "已完成", version: await av(mz) });
    await reviewReport(clerk, { assignmentId: mz, decision: "accept_final", version: await av(mz) });

    await expectError(cancelTask(clerk, { id, reason: "", version: await tv(id) }), "VALIDATION", "请填写撤销原因");
    expect((await taskRow(id)).status).toBe("in_progress");
    await cancelTask(clerk, { id, reason: "上级通知暂停实施", version: await tv(id) });
    expect(await taskRow(id)).toMatchObject({ status: "cancelled", cancelReason: "上级通知暂停实施" });
    expect((await assignmentRow(a["区教委"]!)).status).toBe("cancelled");
    expect((await assignmentRow(mz)).status).toBe("completed");
    const told = await getDb().select().from(notifications).where(and(eq(notifications.taskId, id), eq(notifications.kind, "cancel")));
    expect(told.filter((n) => n.channel === "sms").map((n) => n.recipientName).sort()).toEqual(["刘洋", "周晓红"].sort());
    expect(told.filter((n) => n.channel === "in_app").map((n) => n.recipientName).sort()).toEqual(["刘洋", "周晓红", "田甜"].sort());
    expect(told.every((n) => n.body.includes("上级通知暂停实施"))).toBe(true);
    expect(await lastEvent(id)).toMatchObject({ action: "cancel", toState: "cancelled", opinion: "上级通知暂停实施" });
    // The unit can do nothing more with it.
    await expectError(receiveAssignment(await as("jw_jbr"), { assignmentId: a["区教委"]!, version: await av(a["区教委"]!) }), "CONFLICT", "已撤销");
  });

  it("wrong role → FORBIDDEN; not dispatched → CONFLICT; two at once → exactly one wins", async () => {
    const { id } = await taskAt("in_progress");
    for (const username of ["dcs_ld", "jw_jbr", "jw_ld"]) await expectError(cancelTask(await as(username), { id, reason: "x", version: await tv(id) }), "FORBIDDEN");
    await expectError(cancelTask(await as("dcs_jbr"), { id: randomUUID(), reason: "x", version: 1 }), "NOT_FOUND");
    const signed = await taskAt("signed");
    await expectError(cancelTask(await as("dcs_jbr"), { id: signed.id, reason: "x", version: await tv(signed.id) }), "CONFLICT");
    const version = await tv(id);
    await expectOneWinner([() => cancelTask(preloaded("dcs_jbr"), { id, reason: "甲", version }), () => cancelTask(preloaded("dcs_jbr2"), { id, reason: "乙", version })]);
  });
});

describe("archiveTask (归档)", () => {
  it("only once every assignment is completed; then archived and read-only", async () => {
    const { id, assignments: a } = await taskAt("in_progress");
    const clerk = await as("dcs_jbr");
    await expectError(archiveTask(clerk, { id, version: await tv(id) }), "CONFLICT", "承办中");
    for (const [unit, username] of [["区教委", "jw_jbr"], ["区民政局", "mz_jbr"]] as const) {
      await receiveAssignment(await as(username), { assignmentId: a[unit]!, version: await av(a[unit]!) });
      await submitFeedback(await as(username), { assignmentId: a[unit]!, kind: "final", body: "办结", version: await av(a[unit]!) });
      await reviewReport(clerk, { assignmentId: a[unit]!, decision: "accept_final", version: await av(a[unit]!) });
    }
    expect((await taskRow(id)).status).toBe("completed");
    for (const username of ["dcs_ld", "jw_jbr", "qld"]) await expectError(archiveTask(await as(username), { id, version: await tv(id) }), "FORBIDDEN");
    await expectError(archiveTask(clerk, { id: randomUUID(), version: 1 }), "NOT_FOUND");
    await expectError(archiveTask(clerk, { id: 42, version: 1 }), "VALIDATION");
    await expectError(archiveTask(clerk, { id, version: 1 }), "CONFLICT", "已被他人修改");
    const version = await tv(id);
    await expectOneWinner([() => archiveTask(preloaded("dcs_jbr"), { id, version }), () => archiveTask(preloaded("dcs_jbr2"), { id, version })]);
    expect(await taskRow(id)).toMatchObject({ status: "archived" });
    expect(await lastEvent(id)).toMatchObject({ action: "archive", fromState: "completed", toState: "archived" });
    await expectError(cancelTask(clerk, { id, reason: "x", version: await tv(id) }), "CONFLICT", "已归档");
  });
});
