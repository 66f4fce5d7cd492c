import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { assignments, attachments, departments, reports, taskEvents, taskUnits, tasks, urgencyLevels} from "@/db/schema";
import type { Actor } from "@/lib/domain/policy";
import { listAssignments } from "./list-assignments";
import { listTasks } from "./list-tasks";
import { getTaskDetail } from "./task-detail";
import { countWorkQueues } from "./work-queues";
import { parseAssignmentListParams, parseTaskListParams } from "@/lib/data/task-filters";

let cleanup: () => Promise<void>;
const actors: Record<string, Actor> = {};
let sharedTask: string;
let otherTask: string;

const actor = actorNamed;

async function dept(name: string): Promise<string> {
  const [d] = await getDb().select({ id: departments.id }).from(departments).where(eq(departments.name, name));
  return d!.id;
}

/** A dispatched task with assignments for `units` (first = lead), one report and one file per unit. */
async function dispatchedTask(title: string, taskNo: string, units: string[], creatorId: string, content = "内容"): Promise<string> {
  const db = getDb();
  const [urgency] = await db.select({ id: urgencyLevels.id }).from(urgencyLevels).where(eq(urgencyLevels.code, "normal"));
  const [task] = await db
    .insert(tasks)
    .values({ title, content, taskNo, urgencyId: urgency!.id, deadline: "2026-12-31", dueOn: "2026-12-31", status: "in_progress", creatorId, dispatchedAt: new Date(Date.now() - 1000) })
    .returning({ id: tasks.id });
  await db.insert(taskEvents).values({ taskId: task!.id, actorName: "张敏", actorRole: "督查室经办人", actorUnitName: "区政府督查室", action: "submit", at: new Date(Date.now() - 5000), opinion: "内部送审" });
  await db.insert(attachments).values({ taskId: task!.id, filename: "通知附件.pdf", mimeType: "application/pdf", size: 10, sha256: "x", storageKey: `k-${task!.id}`, uploadedById: creatorId, committed: true });
  for (const [i, unit] of units.entries()) {
    const departmentId = await dept(unit);
    await db.insert(taskUnits).values({ taskId: task!.id, departmentId, role: i === 0 ? "lead" : "co" });
    const [a] = await db.insert(assignments).values({ taskId: task!.id, departmentId, role: i === 0 ? "lead" : "co", status: "reported", deadline: "2026-12-31" }).returning({ id: assignments.id });
    const [r] = await db
      .insert(reports)
      .values({ assignmentId: a!.id, taskId: task!.id, kind: "final", path: "direct", revision: 1, body: `${unit}的反馈`, status: "submitted", authorId: creatorId, submittedAt: new Date() })
      .returning({ id: reports.id });
    await db.insert(attachments).values({ taskId: task!.id, assignmentId: a!.id, reportId: r!.id, filename: `${unit}反馈.docx`, mimeType: "application/msword", size: 5, sha256: "y", storageKey: `k-${r!.id}`, uploadedById: creatorId, committed: true });
    await db.insert(taskEvents).values({ taskId: task!.id, assignmentId: a!.id, actorName: unit, actorRole: "承办单位经办人", actorUnitName: unit, action: "feedback" });
  }
  return task!.id;
}

beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
  for (const u of ["dcs_jbr", "qld", "jw_jbr", "mz_jbr", "zj_jbr"]) actors[u] = await actor(u);
  sharedTask = await dispatchedTask("校园周边交通整治", "渝中督〔2026〕1号", ["区教委", "区民政局"], actors.dcs_jbr!.userId);
  otherTask = await dispatchedTask("老旧小区加装电梯", "渝中督〔2026〕2号", ["区住房城乡建委"], actors.dcs_jbr!.userId, "加装电梯推进情况");
});
afterAll(() => cleanup());

describe("listTasks", () => {
  it("shows the office and 区领导 every task", async () => {
    for (const u of ["dcs_jbr", "qld"]) {
      const page = await listTasks(actors[u]!, "all", parseTaskListParams({}));
      expect(page.rows.map((r) => r.title).sort()).toEqual(["校园周边交通整治", "老旧小区加装电梯"]);
    }
  });

  it("keeps the office's drafts from 区领导 (list and detail) but not from the office", async () => {
    const [urgency] = await getDb().select({ id: urgencyLevels.id }).from(urgencyLevels).where(eq(urgencyLevels.code, "normal"));
    const [draft] = await getDb()
      .insert(tasks)
      .values({ title: "尚在起草的事项", content: "草稿", urgencyId: urgency!.id, deadline: "2026-12-31", dueOn: "2026-12-31", creatorId: actors.dcs_jbr!.userId })
      .returning({ id: tasks.id });
    try {
      const officeTitles = (await listTasks(actors.dcs_jbr!, "all", parseTaskListParams({}))).rows.map((r) => r.title);
      expect(officeTitles).toContain("尚在起草的事项");
      const leaderTitles = (await listTasks(actors.qld!, "all", parseTaskListParams({}))).rows.map((r) => r.title);
      expect(leaderTitles).not.toContain("尚在起草的事项");
      expect(await getTaskDetail(actors.qld!, draft!.id)).toBeNull();
      expect(await getTaskDetail(actors.dcs_jbr!, draft!.id)).not.toBeNull();
    } finally {
      await getDb().delete(tasks).where(eq(tasks.id, draft!.id));
    }
  });

  it("shows a unit only the tasks it has an assignment in", async () => {
    const page = await listTasks(actors.zj_jbr!, "all", parseTaskListParams({}));
    expect(page.rows.map((r) => r.title)).toEqual(["老旧小区加装电梯"]);
    expect(page.total).toBe(1);
  });

  it("searches number, title, content and unit names", async () => {
    const find = async (q: string) => (await listTasks(actors.dcs_jbr!, "all", parseTaskListParams({ q }))).rows.map((r) => r.title);
    expect(await find("2026〕2号")).toEqual(["老旧小区加装电梯"]);
    expect(await find("交通")).toEqual(["校园周边交通整治"]);
    expect(await find("推进情况")).toEqual(["老旧小区加装电梯"]);
    expect(await find("民政")).toEqual(["校园周边交通整治"]);
    expect(await find("100%")).toEqual([]);
  });

  it("lists the unit names of lead and co-units", async () => {
    const page = await listTasks(actors.dcs_jbr!, "all", parseTaskListParams({ q: "交通" }));
    expect(page.rows[0]).toMatchObject({ leadUnits: "区教委", coUnits: "区民政局" });
  });
});

describe("listAssignments", () => {
  it("gives a unit only its own unit's assignments", async () => {
    const page = await listAssignments(actors.jw_jbr!, "tracking", parseAssignmentListParams({}));
    expect(page.rows.map((r) => r.departmentName)).toEqual(["区教委"]);
    expect(page.rows[0]!.latestReport).toMatchObject({ status: "submitted", revision: 1 });
  });

  it("gives the office every reported assignment in its review queue", async () => {
    const page = await listAssignments(actors.dcs_jbr!, "feedback", parseAssignmentListParams({}));
    expect(page.rows.map((r) => r.departmentName).sort()).toEqual(["区住房城乡建委", "区教委", "区民政局"].sort());
  });
});

describe("getTaskDetail", () => {
  it("is null for another unit's task", async () => {
    expect(await getTaskDetail(actors.zj_jbr!, sharedTask)).toBeNull();
    expect(await getTaskDetail(actors.jw_jbr!, otherTask)).toBeNull();
    expect(await getTaskDetail(actors.jw_jbr!, "not-a-uuid")).toBeNull();
  });

  it("shows a co-unit only its own assignment, reports, files and history", async () => {
    const detail = (await getTaskDetail(actors.mz_jbr!, sharedTask))!;
    expect(detail.units.map((u) => u.name)).toEqual(["区教委", "区民政局"]);
    expect(detail.assignments.map((a) => a.departmentName)).toEqual(["区民政局"]);
    expect(detail.assignments[0]!.reports.map((r) => r.body)).toEqual(["区民政局的反馈"]);
    expect(detail.assignments[0]!.reports[0]!.attachments.map((f) => f.filename)).toEqual(["区民政局反馈.docx"]);
    expect(detail.attachments.map((f) => f.filename)).toEqual(["通知附件.pdf"]);
    // The office's internal sign-off before dispatch and the other unit's steps stay hidden.
    expect(detail.events.map((e) => e.actorName)).toEqual(["区民政局"]);
  });

  it("shows the office every assignment and the whole history in order", async () => {
    const detail = (await getTaskDetail(actors.dcs_jbr!, sharedTask))!;
    expect(detail.assignments.map((a) => a.role)).toEqual(["lead", "co"]);
    expect(detail.events.map((e) => e.action)).toEqual(["submit", "feedback", "feedback"]);
  });
});

describe("countWorkQueues", () => {
  it("counts each queue the viewer's permissions give them, scoped like the lists", async () => {
    const office = await countWorkQueues(actors.dcs_jbr!);
    expect(office.map((q) => q.href)).toEqual(["/tasks/drafts", "/tasks/dispatch", "/tasks/feedback"]);
    // Three unit reports wait for the office: 区教委 and 区民政局 on one task, 区住房城乡建委 on the other.
    expect(office.find((q) => q.href === "/tasks/feedback")?.count).toBe(3);

    const unitClerk = await countWorkQueues(actors.jw_jbr!);
    expect(unitClerk.map((q) => q.href)).toEqual(["/assignments", "/assignments/report"]);
    expect(unitClerk.every((q) => q.count === 0)).toBe(true);

    expect(await countWorkQueues(actors.qld!)).toEqual([]);
  });
});
