import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray, sql } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { assignments, notifications, reminderRules, tasks, urgencyLevels, urges } from "@/db/schema";
import { resetClock, setClock, now } from "@/lib/clock";
import { loadLightContext, lightSql } from "@/lib/data/lights";
import { CLOSED_ASSIGNMENT, CLOSED_TASK } from "@/lib/data/tasks/shared";
import { refreshTaskDueOn } from "@/lib/services/tasks/shared";
import { receiveAssignment } from "@/lib/services/tasks/receive-assignment";
import { as, av, resetActorCache, SETUP_TIMEOUT, taskAt } from "@/lib/services/tasks/test-fixtures";
import { scanReminders } from "./scan-reminders";

/**
 * A task's life on the real 2026 calendar around 国庆: Thu 1 – Wed 7 Oct are holidays, Sun 20 Sep and
 * Sat 10 Oct are 调休 workdays. The rule of the task's urgency (加急): remind 2 working days before, repeat
 * every 2 working days when overdue, receive within 24 working hours, handler + unit leader, SMS, auto 催办
 * at most every 96 hours.
 */
let cleanup: () => Promise<void>;
let lead: string; // 区教委: never receives
let co: string; // 区民政局: receives on the day
let taskId: string;

beforeAll(async () => {
  resetActorCache();
  ({ cleanup } = await useTestDatabase());
  const [urgent] = await getDb().select({ id: urgencyLevels.id }).from(urgencyLevels).where(eq(urgencyLevels.code, "urgent"));
  await getDb()
    .update(reminderRules)
    .set({ daysBeforeDeadline: 2, overdueRepeatDays: 2, receiveLimitHours: 24, targets: ["handler", "unit_leader"], sendSms: true, autoUrge: true, urgeMinIntervalHours: 96, enabled: true })
    .where(eq(reminderRules.urgencyId, urgent!.id));
  // Friday 18 Sep 2026, 10:00 in Shanghai.
  setClock("2026-09-18T10:00:00+08:00");
  const task = await taskAt("in_progress", { deadline: "2026-10-09" });
  taskId = task.id;
  lead = task.assignments["区教委"]!;
  co = task.assignments["区民政局"]!;
  setClock("2026-09-18T15:00:00+08:00");
  await receiveAssignment(await as("mz_jbr"), { assignmentId: co, version: await av(co) });
}, SETUP_TIMEOUT);
afterAll(async () => {
  resetClock();
  await cleanup();
});

/** Reminder occurrences written for an assignment: "kind deadline[:n]" per dedupe base, in order written. */
async function occurrences(assignmentId: string): Promise<string[]> {
  const rows = await getDb()
    .select({ key: notifications.dedupeKey, id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.assignmentId, assignmentId), sql`${notifications.dedupeKey} like 'rem:%'`))
    .orderBy(notifications.createdAt, notifications.id);
  const bases = rows.map((r) => {
    const parts = r.key!.split(":"); // rem:kind:rule:assignment:occurrence…:recipient:channel
    return [parts[1], ...parts.slice(4, -2)].join(" ");
  });
  return [...new Set(bases)].map((b) => b.replace(/ \d{13}/, "")); // dispatch/report epoch stamps vary by run
}

async function messagesOf(assignmentId: string, kind: "reminder_before" | "reminder_overdue" | "reminder_receive") {
  return getDb()
    .select({ recipientName: notifications.recipientName, channel: notifications.channel, status: notifications.status, urgent: notifications.urgent, body: notifications.body })
    .from(notifications)
    .where(and(eq(notifications.assignmentId, assignmentId), eq(notifications.kind, kind)));
}

async function lights(): Promise<Record<string, string>> {
  const ctx = await loadLightContext(getDb(), now());
  const closed = sql`(${inArray(assignments.status, [...CLOSED_ASSIGNMENT])} or ${inArray(tasks.status, [...CLOSED_TASK])})`;
  const rows = await getDb()
    .select({ id: assignments.id, light: lightSql(ctx, assignments.deadline, tasks.urgencyId, closed) })
    .from(assignments)
    .innerJoin(tasks, eq(tasks.id, assignments.taskId))
    .where(eq(assignments.taskId, taskId));
  const [task] = await getDb()
    .select({ light: lightSql(ctx, tasks.dueOn, tasks.urgencyId, inArray(tasks.status, [...CLOSED_TASK])) })
    .from(tasks)
    .where(eq(tasks.id, taskId));
  return { task: task!.light, ...Object.fromEntries(rows.map((r) => [r.id === lead ? "lead" : "co", r.light])) };
}

async function at(time: string) {
  setClock(time);
  return scanReminders({ now: now(), batchSize: 3 });
}

async function ruleUrges(assignmentId: string) {
  return getDb().select({ by: urges.urgedByName, key: urges.dedupeKey }).from(urges).where(and(eq(urges.assignmentId, assignmentId), eq(urges.kind, "rule")));
}

describe("reminders and lights through a task's life (weekend, 国庆, 调休 workdays)", () => {
  it("receipt: 24 working hours from Friday 10:00 end on the 调休 Sunday at 10:00, not over the weekend", async () => {
    await at("2026-09-19T12:00:00+08:00"); // Saturday: the clock stands still
    await at("2026-09-20T09:59:00+08:00"); // 调休 Sunday: 14 h Friday + 9.98 h
    expect(await occurrences(lead)).toEqual([]);
    await at("2026-09-20T10:00:00+08:00");
    expect(await occurrences(lead)).toEqual(["receive"]);
    expect(await occurrences(co)).toEqual([]); // received in time
    // Handler not yet named: the unit's clerks; and its leaders; each in-app + SMS, the rule's SMS may not wait for quiet hours.
    const sent = await messagesOf(lead, "reminder_receive");
    expect(sent.some((m) => m.channel === "in_app")).toBe(true);
    expect(sent.filter((m) => m.channel === "sms").length).toBe(sent.filter((m) => m.channel === "in_app").length);
    expect(new Set(sent.map((m) => m.recipientName)).size).toBeGreaterThanOrEqual(2);
    expect(await lights()).toEqual({ task: "green", lead: "green", co: "green" });
  });

  it("yellow and the before-reminder come 2 working days ahead, counted across the 国庆 holiday", async () => {
    await at("2026-09-29T09:00:00+08:00"); // 3 working days left: 30 Sep, 8 Oct, 9 Oct
    expect(await lights()).toEqual({ task: "green", lead: "green", co: "green" });
    expect(await occurrences(co)).toEqual([]);
    await at("2026-09-30T09:00:00+08:00"); // 2 left (8 and 9 Oct): a week before the deadline in calendar days
    expect(await lights()).toEqual({ task: "yellow", lead: "yellow", co: "yellow" });
    expect(await occurrences(co)).toEqual(["before 2026-10-09"]);
    expect(await occurrences(lead)).toEqual(["receive", "before 2026-10-09"]);
  });

  it("nothing twice: re-scans during the holiday and on the deadline write nothing", async () => {
    const again = await at("2026-09-30T17:00:00+08:00");
    expect(again.messages).toBe(0);
    await at("2026-10-04T09:00:00+08:00");
    await at("2026-10-09T18:00:00+08:00");
    expect(await lights()).toEqual({ task: "yellow", lead: "yellow", co: "yellow" });
    expect(await occurrences(co)).toEqual(["before 2026-10-09"]);
  });

  it("red the day after; the first overdue reminder on the 调休 Saturday with a 系统自动催办", async () => {
    await at("2026-10-10T08:00:00+08:00");
    expect(await lights()).toEqual({ task: "red", lead: "red", co: "red" });
    expect(await occurrences(co)).toEqual(["before 2026-10-09", "overdue 2026-10-09 0"]);
    expect(await ruleUrges(co)).toEqual([{ by: "系统自动催办", key: expect.stringMatching(/^rem:overdue:.*:2026-10-09:0$/) }]);
    const [row] = await getDb().select({ urgeCount: assignments.urgeCount }).from(assignments).where(eq(assignments.id, co));
    expect(row!.urgeCount).toBe(1);
  });

  it("repeats every 2 working days (Sunday does not count); the throttled urge is simply not recorded", async () => {
    await at("2026-10-11T10:00:00+08:00"); // Sunday: rest
    await at("2026-10-12T10:00:00+08:00"); // Monday: 2nd overdue working day
    expect(await occurrences(co)).toEqual(["before 2026-10-09", "overdue 2026-10-09 0"]);
    const third = await at("2026-10-13T10:00:00+08:00"); // Tuesday: 3rd overdue working day → repeat 1
    expect(third.urges).toBe(0); // 74 h after the last urge, the rule allows one per 96 h
    expect(await occurrences(co)).toEqual(["before 2026-10-09", "overdue 2026-10-09 0", "overdue 2026-10-09 1"]);
    expect((await ruleUrges(co)).length).toBe(1);
    expect((await at("2026-10-13T16:00:00+08:00")).messages).toBe(0);
  });

  it("an extension to a new deadline restarts the cycle for that unit only", async () => {
    await getDb().transaction(async (tx) => {
      await tx.update(assignments).set({ deadline: "2026-10-20" }).where(eq(assignments.id, co));
      await refreshTaskDueOn(tx, taskId);
    });
    await at("2026-10-13T17:00:00+08:00");
    // The task's light follows its earliest open deadline (the lead unit's, still overdue).
    expect(await lights()).toEqual({ task: "red", lead: "red", co: "green" });
    await at("2026-10-15T10:00:00+08:00"); // 3 working days left (16, 19, 20)
    expect(await occurrences(co)).toEqual(["before 2026-10-09", "overdue 2026-10-09 0", "overdue 2026-10-09 1"]);
    await at("2026-10-16T10:00:00+08:00"); // 2 left
    expect(await lights()).toEqual({ task: "red", lead: "red", co: "yellow" });
    await at("2026-10-21T10:00:00+08:00");
    expect(await lights()).toEqual({ task: "red", lead: "red", co: "red" });
    expect(await occurrences(co)).toEqual([
      "before 2026-10-09",
      "overdue 2026-10-09 0",
      "overdue 2026-10-09 1",
      "before 2026-10-20",
      "overdue 2026-10-20 0",
    ]);
    // The lead unit kept its own cycle: 0 on 10 Oct, 1 on 13 Oct, 2 on 15 Oct, 4 on 21 Oct. Occurrence 3 fell on
    // 19 Oct, when nothing scanned: a missed day is not made up, only the current occurrence is sent.
    expect((await occurrences(lead)).filter((o) => o.startsWith("overdue"))).toEqual([0, 1, 2, 4].map((n) => `overdue 2026-10-09 ${n}`));
  });

  it("completion stops everything: no light, no reminder", async () => {
    await getDb().update(assignments).set({ status: "completed" }).where(inArray(assignments.id, [co, lead]));
    await getDb().transaction((tx) => refreshTaskDueOn(tx, taskId));
    const before = [...(await occurrences(co)), ...(await occurrences(lead))];
    await at("2026-10-27T10:00:00+08:00");
    await at("2026-11-02T10:00:00+08:00");
    expect([...(await occurrences(co)), ...(await occurrences(lead))]).toEqual(before);
    expect((await lights()).co).toBe("none");
  });

  it("two scans at once write each message exactly once", async () => {
    // A fresh overdue task; two scanners race over the same batches.
    setClock("2026-11-02T09:00:00+08:00");
    const task = await taskAt("in_progress", { deadline: "2026-11-05" });
    setClock("2026-11-09T10:00:00+08:00");
    const results = await Promise.all([scanReminders({ now: now(), batchSize: 2 }), scanReminders({ now: now(), batchSize: 2 })]);
    const ids = Object.values(task.assignments);
    const written = await getDb()
      .select({ key: notifications.dedupeKey })
      .from(notifications)
      .where(and(inArray(notifications.assignmentId, ids), sql`${notifications.dedupeKey} like 'rem:%'`));
    expect(written.length).toBeGreaterThan(0);
    expect(results[0]!.messages + results[1]!.messages).toBe(written.length);
    const keys = written.map((w) => w.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(results[0]!.urges + results[1]!.urges).toBe(ids.length);
    expect(results[0]!.assignmentsScanned).toBe(results[1]!.assignmentsScanned);
  });

  it("a periodic task's 阶段反馈: late after the interval plus the grace working day, once per period, reset by a report", async () => {
    const [urgent] = await getDb().select({ id: urgencyLevels.id }).from(urgencyLevels).where(eq(urgencyLevels.code, "urgent"));
    await getDb().update(reminderRules).set({ reportGraceDays: 1 }).where(eq(reminderRules.urgencyId, urgent!.id));
    setClock("2026-11-02T09:00:00+08:00"); // Monday
    const task = await taskAt("in_progress", { deadline: "2026-12-31", feedbackMode: "periodic", progressIntervalDays: 7 });
    const unit = task.assignments["区民政局"]!;
    setClock("2026-11-02T10:00:00+08:00");
    await receiveAssignment(await as("mz_jbr"), { assignmentId: unit, version: await av(unit) });
    const reports = async () => (await occurrences(unit)).filter((o) => o.startsWith("report"));
    await at("2026-11-10T18:00:00+08:00"); // period 1 ended Mon 9 Nov; the grace day is Tue 10 Nov
    expect(await reports()).toEqual([]);
    await at("2026-11-11T09:00:00+08:00");
    expect(await reports()).toEqual(["report 1"]);
    await at("2026-11-12T09:00:00+08:00");
    await at("2026-11-17T09:00:00+08:00"); // period 2 ended Mon 16 Nov, grace until Tue 17 Nov
    expect(await reports()).toEqual(["report 1"]);
    await at("2026-11-18T09:00:00+08:00");
    expect(await reports()).toEqual(["report 1", "report 2"]);
    // A report restarts the count from its own date.
    await getDb().update(assignments).set({ lastReportedAt: new Date("2026-11-18T10:00:00+08:00") }).where(eq(assignments.id, unit));
    await at("2026-11-25T09:00:00+08:00");
    await at("2026-11-26T09:00:00+08:00"); // period ended Wed 25 Nov, grace Thu 26 Nov
    expect(await reports()).toEqual(["report 1", "report 2"]);
    await at("2026-11-27T09:00:00+08:00");
    expect(await reports()).toEqual(["report 1", "report 2", "report 1"]);
  });
});
