import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { assignments, tasks } from "@/db/schema";
import { resetClock, setClock } from "@/lib/clock";
import { parseAssignmentListParams, parseTaskListParams } from "@/lib/data/task-filters";
import { refreshTaskDueOn } from "@/lib/services/tasks/shared";
import { as, resetActorCache, SETUP_TIMEOUT, taskAt } from "@/lib/services/tasks/test-fixtures";
import { listTasks } from "./list-tasks";
import { listAssignments } from "./list-assignments";
import { getTaskDetail } from "./task-detail";
import { orderFor, taskLight } from "./shared";
import { loadLightContext } from "@/lib/data/lights";

/**
 * Lights on every list and the detail page, computed and filtered in SQL. Tasks of urgency 加急 (yellow 2
 * working days ahead by its default 提醒规则), viewed on Wed 30 Sep 2026, the eve of the 国庆 holiday.
 */
const Q = "预警灯测试";
let cleanup: () => Promise<void>;
let red: Awaited<ReturnType<typeof taskAt>>;
let yellow: Awaited<ReturnType<typeof taskAt>>;
let green: Awaited<ReturnType<typeof taskAt>>;

beforeAll(async () => {
  resetActorCache();
  ({ cleanup } = await useTestDatabase());
  setClock("2026-09-01T09:00:00+08:00");
  red = await taskAt("in_progress", { title: `${Q}：已超期`, deadline: "2026-09-29" });
  yellow = await taskAt("in_progress", { title: `${Q}：国庆后到期`, deadline: "2026-10-09" });
  green = await taskAt("in_progress", { title: `${Q}：月底到期`, deadline: "2026-10-30" });
  // Tasks in every light for the sort=light paging test: drafts, signed and dispatched ones due from before
  // "today" to after the yellow window, some of them finished (no light).
  const stages = ["draft", "signed", "in_progress", "in_progress"] as const;
  for (let i = 0; i < 24; i++) {
    const day = 20 + ((i * 7) % 26);
    const deadline = day <= 30 ? `2026-09-${String(day).padStart(2, "0")}` : `2026-10-${String(day - 30).padStart(2, "0")}`;
    const t = await taskAt(stages[i % 4]!, { title: `按灯排序测试 ${i}`, deadline });
    if (i % 5 === 0) await getDb().update(tasks).set({ status: i % 10 === 0 ? "completed" : "archived" }).where(eq(tasks.id, t.id));
  }
  setClock("2026-09-30T10:00:00+08:00");
}, SETUP_TIMEOUT);
afterAll(async () => {
  resetClock();
  await cleanup();
});

const name = (id: string) => (id === red.id ? "red" : id === yellow.id ? "yellow" : id === green.id ? "green" : "other");

describe("lights in SQL on the lists", () => {
  it("全部任务: each task's light; ?light= filters; sort=light puts the reddest first", async () => {
    const clerk = await as("dcs_jbr");
    const all = await listTasks(clerk, "all", parseTaskListParams({ q: Q, sort: "-created" }));
    expect(Object.fromEntries(all.rows.map((r) => [name(r.id), r.light]))).toEqual({ red: "red", yellow: "yellow", green: "green" });
    for (const light of ["red", "yellow", "green"] as const) {
      const only = await listTasks(clerk, "all", parseTaskListParams({ q: Q, light }));
      expect(only.rows.map((r) => name(r.id))).toEqual([light]);
      expect(only.total).toBe(1);
    }
    const sorted = await listTasks(clerk, "all", parseTaskListParams({ q: Q, sort: "light" }));
    expect(sorted.rows.map((r) => name(r.id))).toEqual(["red", "yellow", "green"]);
    // A nasty value falls back to every light.
    expect((await listTasks(clerk, "all", parseTaskListParams({ q: Q, light: "none' or 1=1" }))).total).toBe(3);
  });

  it("sort=light pages every task (demo data: every state, closed ones too) exactly as sorting each row's light would", async () => {
    const clerk = await as("dcs_jbr");
    const light = taskLight(await loadLightContext(getDb()));
    const expected = (await getDb().select({ id: tasks.id }).from(tasks).orderBy(...orderFor("light", light))).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(20);
    const got: string[] = [];
    for (let page = 1; got.length < expected.length; page++) {
      const p = await listTasks(clerk, "all", parseTaskListParams({ sort: "light", page: String(page) }));
      expect(p.rows.length).toBeGreaterThan(0);
      got.push(...p.rows.map((r) => r.id));
    }
    expect(got).toEqual(expected);
    expect(new Set((await listTasks(clerk, "all", parseTaskListParams({ sort: "light" }))).rows.map((r) => r.light)).has("red")).toBe(true);
  });

  it("任务承办 (a unit's list): the assignment's light, filter and sort", async () => {
    const jw = await as("jw_jbr");
    const sorted = await listAssignments(jw, "handle", parseAssignmentListParams({ q: Q, sort: "light" }));
    expect(sorted.rows.map((r) => [name(r.taskId), r.light])).toEqual([
      ["red", "red"],
      ["yellow", "yellow"],
      ["green", "green"],
    ]);
    const onlyYellow = await listAssignments(jw, "handle", parseAssignmentListParams({ q: Q, light: "yellow" }));
    expect(onlyYellow.rows.map((r) => name(r.taskId))).toEqual(["yellow"]);
  });

  it("an extension moves one unit's deadline and light; the task goes by its earliest open deadline", async () => {
    const jwAssignment = yellow.assignments["区教委"]!;
    const mzAssignment = yellow.assignments["区民政局"]!;
    await getDb().transaction(async (tx) => {
      await tx.update(assignments).set({ deadline: "2026-10-30" }).where(eq(assignments.id, jwAssignment));
      await refreshTaskDueOn(tx, yellow.id);
    });
    const jw = await as("jw_jbr");
    const [row] = (await listAssignments(jw, "handle", parseAssignmentListParams({ q: "国庆后到期" }))).rows;
    expect(row).toMatchObject({ deadline: "2026-10-30", taskDeadline: "2026-10-09", light: "green" });

    const office = await getTaskDetail(await as("dcs_jbr"), yellow.id);
    expect(office).toMatchObject({ deadline: "2026-10-09", dueOn: "2026-10-09", light: "yellow", yellowWithin: 2 });
    expect(Object.fromEntries(office!.assignments.map((a) => [a.departmentName, [a.deadline, a.light]]))).toEqual({
      区教委: ["2026-10-30", "green"],
      区民政局: ["2026-10-09", "yellow"],
    });
    // The unit sees its own assignment only, with its own deadline and light.
    const unitView = await getTaskDetail(jw, yellow.id);
    expect(unitView!.assignments.map((a) => [a.departmentName, a.deadline, a.light])).toEqual([["区教委", "2026-10-30", "green"]]);

    // Once the unit still on the old date finishes, the task goes by the extended one; the finished unit shows no light.
    await getDb().transaction(async (tx) => {
      await tx.update(assignments).set({ status: "completed" }).where(eq(assignments.id, mzAssignment));
      await refreshTaskDueOn(tx, yellow.id);
    });
    const after = await getTaskDetail(await as("dcs_jbr"), yellow.id);
    expect(after).toMatchObject({ dueOn: "2026-10-30", light: "green" });
    expect(after!.assignments.find((a) => a.departmentName === "区民政局")!.light).toBe("none");
    const clerk = await as("dcs_jbr");
    expect((await listTasks(clerk, "all", parseTaskListParams({ q: Q, light: "yellow" }))).total).toBe(0);
  });
});
