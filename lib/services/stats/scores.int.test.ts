import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { getDb, queryRows } from "@/db/client";
import { auditLogs, departments, notifications, scoreAdjustments, tasks, scoreObjections, scorePublications, scoreSnapshotItems, scoreSnapshotUnits, scoringRules, urges } from "@/db/schema";
import { scoreRanking, unitScoreLedger } from "@/lib/data/stats/scores";
import { listInbox } from "@/lib/data/inbox";
import { getEffectiveSettings } from "@/lib/data/settings";
import { updateSettings } from "@/lib/services/admin/settings/update-settings";
import { DEFAULT_BASE_SCORE } from "@/lib/domain/stats/scoring";
import { adjustScore, answerObjection, publishScoreMonth, raiseObjection } from "./index";
import { as, expectError, expectOneWinner, resetActorCache, SETUP_TIMEOUT, taskAt } from "../tasks/test-fixtures";

/**
 * 绩效考核 verbs: 人工加减分 / 更正, 发布（冻结）, 申诉 / 答复. The app clock is passed in: "now" is 2026-02-10, so
 * January 2026 has ended and can be published.
 */
const NOW = new Date("2026-02-10T02:00:00Z");
const JAN = { from: "2026-01-01", to: "2026-01-31" };
const TODAY = "2026-02-10";

let cleanup: () => Promise<void>;
const actors = new Map<string, Awaited<ReturnType<typeof as>>>();
const actor = (u: string) => actors.get(u)!;
let jw = ""; // 区教委
let jwAssignment = "";
let taskId = "";
let urgeRuleId = "";

async function count(table: typeof scoreAdjustments | typeof scoreObjections | typeof auditLogs) {
  return (await getDb().select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
}
async function urgeOn(day: string) {
  await getDb().insert(urges).values({ assignmentId: jwAssignment, taskId, departmentId: jw, kind: "manual", urgedByName: "测试", createdAt: new Date(`${day}T03:00:00Z`) });
}
async function messagesOf(kind: "objection_raised" | "objection_answered") {
  return getDb().select().from(notifications).where(eq(notifications.kind, kind));
}
async function auditsOf(action: string) {
  return getDb().select().from(auditLogs).where(eq(auditLogs.action, action));
}

beforeAll(async () => {
  resetActorCache();
  ({ cleanup } = await useTestDatabase());
  for (const u of ["dcs_jbr", "dcs_ld", "jw_jbr", "mz_jbr", "admin"]) actors.set(u, await as(u));
  jw = (await getDb().select({ id: departments.id }).from(departments).where(eq(departments.name, "区教委")))[0]!.id;
  const t = await taskAt("in_progress");
  taskId = t.id;
  jwAssignment = t.assignments["区教委"]!;
  // Only this file's rule scores urges, so the figures below are exact.
  await getDb().update(scoringRules).set({ enabled: false }).where(sql`true`);
  urgeRuleId = (await getDb().insert(scoringRules).values({ name: "每次催办扣分", trigger: "per_urge", points: -0.5 }).returning())[0]!.id;
  await urgeOn("2026-01-15");
  await urgeOn("2026-01-20");
}, SETUP_TIMEOUT);
afterAll(() => cleanup?.());

describe("adjustScore (人工加减分)", () => {
  it("the office adds points with a reason: a ledger item of today's month, audited", async () => {
    const r = await adjustScore(actor("dcs_jbr"), { departmentId: jw, points: "2.5", reason: "  专项工作表现突出 ", taskId }, {}, new Date("2026-01-25T02:00:00Z"));
    expect(r).toMatchObject({ month: "2026-01", isCorrection: false });
    const ledger = await unitScoreLedger(actor("dcs_jbr"), jw, JAN, TODAY);
    const item = ledger.items.find((i) => i.key === `manual_adjustment:${r.id}`);
    expect(item).toMatchObject({ points: 2.5, day: "2026-01-25", ruleName: "人工加减分：专项工作表现突出", taskId });
    const [audit] = (await auditsOf("stats.score.adjust")).filter((a) => a.targetId === r.id);
    expect(audit).toMatchObject({ actorName: "张敏", targetType: "score_adjustment" });
    expect((audit!.detail as { after: { points: number } }).after.points).toBe(2.5);
  });

  it("names the task by its 督办编号 (the form's way): the unit's own task is tied, another unit's is refused", async () => {
    const [task] = await getDb().select({ taskNo: tasks.taskNo }).from(tasks).where(eq(tasks.id, taskId));
    expect(task!.taskNo).toBeTruthy();
    const r = await adjustScore(actor("dcs_jbr"), { departmentId: jw, points: "1", reason: "按编号关联", taskNo: ` ${task!.taskNo} ` }, {}, new Date("2025-11-05T02:00:00Z"));
    const [row] = await getDb().select().from(scoreAdjustments).where(eq(scoreAdjustments.id, r.id));
    expect(row!.taskId).toBe(taskId);
    // (Entered in November 2025, a month the other tests do not read.) A ranked unit that does not handle this task:
    // the field says so, nothing is written.
    const [other] = await getDb()
      .select({ id: departments.id, name: departments.name })
      .from(departments)
      .where(sql`${departments.kind} <> 'office' and not ${departments.isGroup} and ${departments.id} not in (select department_id from assignments where task_id = ${taskId})`)
      .limit(1);
    const before = await count(scoreAdjustments);
    await expectError(adjustScore(actor("dcs_jbr"), { departmentId: other!.id, points: "1", reason: "x", taskNo: task!.taskNo }), "VALIDATION", `${other!.name}没有承办督办编号为“${task!.taskNo}”的事项`);
    await expectError(adjustScore(actor("dcs_jbr"), { departmentId: jw, points: "1", reason: "x", taskNo: "不存在的编号" }), "VALIDATION", "没有承办督办编号为");
    expect(await count(scoreAdjustments)).toBe(before);
  });

  it("bad input is refused in Chinese and nothing is written", async () => {
    const before = await count(scoreAdjustments);
    const audits = await count(auditLogs);
    const base = { departmentId: jw, points: "1", reason: "理由" };
    await expectError(adjustScore(actor("dcs_jbr"), { ...base, points: "abc" }), "VALIDATION", "分值必须是数字");
    await expectError(adjustScore(actor("dcs_jbr"), { ...base, points: "0" }), "VALIDATION", "分值不能为 0");
    await expectError(adjustScore(actor("dcs_jbr"), { ...base, points: "1.234" }), "VALIDATION", "分值最多保留两位小数");
    await expectError(adjustScore(actor("dcs_jbr"), { ...base, points: "-100.5" }), "VALIDATION", "分值应在");
    await expectError(adjustScore(actor("dcs_jbr"), { ...base, reason: "   " }), "VALIDATION", "请填写理由");
    await expectError(adjustScore(actor("dcs_jbr"), { ...base, departmentId: "" }), "VALIDATION", "请选择单位");
    await expectError(adjustScore(actor("dcs_jbr"), { ...base, correctsMonth: "2026-13" }), "VALIDATION", "请选择有效的月份");
    await expectError(adjustScore(actor("dcs_jbr"), { ...base, correctsMonth: "2025-06" }, {}, NOW), "VALIDATION", "该月尚未发布");
    await expectError(adjustScore(actor("dcs_jbr"), { ...base, departmentId: randomUUID() }), "NOT_FOUND");
    // A task the unit does not handle cannot be the subject of its adjustment.
    await expectError(adjustScore(actor("dcs_jbr"), { ...base, taskId: randomUUID() }), "NOT_FOUND");
    expect(await count(scoreAdjustments)).toBe(before);
    expect(await count(auditLogs)).toBe(audits);
  });

  it("units and the administrator may not adjust scores", async () => {
    await expectError(adjustScore(actor("jw_jbr"), { departmentId: jw, points: "5", reason: "自评" }), "FORBIDDEN");
    await expectError(adjustScore(actor("admin"), { departmentId: jw, points: "5", reason: "x" }), "FORBIDDEN");
  });
});

describe("publishScoreMonth (发布并冻结)", () => {
  it("refuses a month that has not ended, and wrong roles", async () => {
    await expectError(publishScoreMonth(actor("dcs_ld"), { month: "2026-02" }, {}, NOW), "VALIDATION", "只能发布已经结束的月份");
    await expectError(publishScoreMonth(actor("dcs_ld"), { month: "2026-1" }, {}, NOW), "VALIDATION", "请选择有效的月份");
    await expectError(publishScoreMonth(actor("jw_jbr"), { month: "2026-01" }, {}, NOW), "FORBIDDEN");
    expect(await getDb().select().from(scorePublications)).toEqual([]);
  });

  it("two publishes at once: one wins, the other is a conflict; the snapshot holds the month's items and ranks", async () => {
    const before = await scoreRanking(actor("dcs_ld"), JAN, TODAY);
    const jwBefore = before.rows.find((r) => r.departmentId === jw)!;
    expect(jwBefore.total).toBe(100 - 0.5 - 0.5 + 2.5);
    await expectOneWinner([
      () => publishScoreMonth(actor("dcs_ld"), { month: "2026-01" }, {}, NOW),
      () => publishScoreMonth(actor("dcs_jbr"), { month: "2026-01" }, {}, NOW),
    ]);
    await expectError(publishScoreMonth(actor("dcs_ld"), { month: "2026-01" }, {}, NOW), "CONFLICT", "已经发布");
    const units = await getDb().select().from(scoreSnapshotUnits).where(eq(scoreSnapshotUnits.month, "2026-01"));
    expect(units.length).toBe(before.rows.length);
    expect(units.find((u) => u.departmentId === jw)).toMatchObject({ total: jwBefore.total, rank: jwBefore.rank });
    const items = await getDb().select().from(scoreSnapshotItems).where(and(eq(scoreSnapshotItems.month, "2026-01"), eq(scoreSnapshotItems.departmentId, jw)));
    expect(items.filter((i) => i.ruleId === urgeRuleId).map((i) => i.day).sort()).toEqual(["2026-01-15", "2026-01-20"]);
    expect(await auditsOf("stats.score.publish")).toHaveLength(1);
  });

  it("the frozen month does not move: a later-recorded event and a rule change leave its ranking and items as published", async () => {
    const frozen = await scoreRanking(actor("dcs_ld"), JAN, TODAY);
    await urgeOn("2026-01-28");
    await getDb().update(scoringRules).set({ points: -3 }).where(eq(scoringRules.id, urgeRuleId));
    const after = await scoreRanking(actor("dcs_ld"), JAN, TODAY);
    expect(after.rows).toEqual(frozen.rows);
    const ledger = await unitScoreLedger(actor("dcs_ld"), jw, JAN, TODAY);
    expect(ledger.items.every((i) => i.frozen)).toBe(true);
    expect(ledger.items.filter((i) => i.ruleId === urgeRuleId).map((i) => i.points)).toEqual([-0.5, -0.5]);
    await getDb().update(scoringRules).set({ points: -0.5 }).where(eq(scoringRules.id, urgeRuleId));
  });

  it("a correction on the published month stands beside it (更正) and never changes the rank", async () => {
    const frozen = await scoreRanking(actor("dcs_ld"), JAN, TODAY);
    const r = await adjustScore(actor("dcs_jbr"), { departmentId: jw, points: "-1", reason: "核查发现漏报", correctsMonth: "2026-01" }, {}, NOW);
    expect(r).toMatchObject({ month: "2026-01", isCorrection: true });
    const after = await scoreRanking(actor("dcs_ld"), JAN, TODAY);
    const jwRow = after.rows.find((x) => x.departmentId === jw)!;
    const jwFrozen = frozen.rows.find((x) => x.departmentId === jw)!;
    expect({ total: jwRow.total, rank: jwRow.rank, corrections: jwRow.corrections }).toEqual({ total: jwFrozen.total, rank: jwFrozen.rank, corrections: -1 });
    expect((await unitScoreLedger(actor("dcs_ld"), jw, JAN, TODAY)).corrections.map((c) => c.reason)).toEqual(["核查发现漏报"]);
    expect((await auditsOf("stats.score.correct")).map((a) => a.targetId)).toEqual([r.id]);
  });
});

describe("申诉 and 答复申诉", () => {
  let itemKey = "";
  beforeAll(async () => {
    itemKey = (await unitScoreLedger(actor("jw_jbr"), jw, JAN, TODAY)).items.find((i) => i.ruleId === urgeRuleId)!.key;
  });

  it("a unit sees only its own ledger and cannot object to another unit's item", async () => {
    await expectError(unitScoreLedger(actor("mz_jbr"), jw, JAN, TODAY), "NOT_FOUND");
    await expectError(raiseObjection(actor("mz_jbr"), { month: "2026-01", itemKey, reason: "不是我们的" }, {}, NOW), "NOT_FOUND");
    const own = await scoreRanking(actor("mz_jbr"), JAN, TODAY);
    expect(own.rows).toHaveLength(1);
    expect(own.unitCount).toBeGreaterThan(1);
  });

  it("bad input is refused and nothing is written", async () => {
    const before = await count(scoreObjections);
    await expectError(raiseObjection(actor("jw_jbr"), { month: "2026-01", itemKey, reason: "  " }, {}, NOW), "VALIDATION", "请填写申诉理由");
    await expectError(raiseObjection(actor("jw_jbr"), { month: "2026-01", itemKey: "per_urge:nothing", reason: "x" }, {}, NOW), "NOT_FOUND");
    await expectError(raiseObjection(actor("admin"), { month: "2026-01", itemKey, reason: "x" }, {}, NOW), "FORBIDDEN");
    expect(await count(scoreObjections)).toBe(before);
    expect(await messagesOf("objection_raised")).toEqual([]);
  });

  it("the unit raises one; a second on the same item while it waits is a conflict; the office accepts with a correction", async () => {
    const { id } = await raiseObjection(actor("jw_jbr"), { month: "2026-01", itemKey, reason: "该次催办系误操作" }, {}, NOW);
    await expectError(raiseObjection(actor("jw_jbr"), { month: "2026-01", itemKey, reason: "再次申诉" }, {}, NOW), "CONFLICT", "已有待答复的申诉");
    const [row] = await getDb().select().from(scoreObjections).where(eq(scoreObjections.id, id));
    expect(row).toMatchObject({ status: "pending", departmentId: jw, raisedByName: actor("jw_jbr").displayName, itemPoints: -0.5 });
    expect(row!.itemLabel).toContain("每次催办扣分");

    // Whoever may answer (stats.manage: the office's clerk and leader) is told in 我的消息, in-app only; the
    // message opens January's ranking, where the pending objections are answered.
    const raised = await messagesOf("objection_raised");
    const answerers = await queryRows<{ id: string }>(getDb(), sql`select distinct ur.user_id as id from user_roles ur join role_permissions rp on rp.role_id = ur.role_id join users u on u.id = ur.user_id where rp.permission = 'stats.manage' and u.enabled`);
    const recipients = raised.map((m) => m.recipientId).sort();
    expect(recipients).toEqual(answerers.map((r) => r.id).sort());
    expect(recipients).toEqual(expect.arrayContaining([actor("dcs_jbr").userId, actor("dcs_ld").userId]));
    expect(recipients).not.toContain(actor("jw_jbr").userId);
    for (const m of raised) {
      expect(m).toMatchObject({ channel: "in_app", link: "/stats/scores?period=month&month=2026-01", title: `绩效申诉待答复：${actor("jw_jbr").departmentName}` });
      expect(m.body).toContain("该次催办系误操作");
      expect(m.body).toContain("每次催办扣分");
    }
    const inbox = await listInbox(actor("dcs_ld"), { filter: "all", page: 1 });
    expect(inbox.rows.find((m) => m.kind === "objection_raised")?.open).toEqual({ href: "/stats/scores?period=month&month=2026-01", label: "查看详情" });

    await expectError(answerObjection(actor("jw_jbr"), { objectionId: id, decision: "accept", answer: "同意", points: "0.5", version: 1 }, {}, NOW), "FORBIDDEN");
    await expectError(answerObjection(actor("dcs_jbr"), { objectionId: id, decision: "accept", answer: "同意", version: 1 }, {}, NOW), "VALIDATION", "采纳申诉须填写更正分值");
    await expectError(answerObjection(actor("dcs_jbr"), { objectionId: id, decision: "accept", answer: "", points: "0.5", version: 1 }, {}, NOW), "VALIDATION", "请填写答复意见");

    const answered = await answerObjection(actor("dcs_jbr"), { objectionId: id, decision: "accept", answer: "经核实系误操作，予以更正", points: "0.5", version: 1 }, {}, NOW);
    expect(answered.status).toBe("accepted");
    const [adj] = await getDb().select().from(scoreAdjustments).where(eq(scoreAdjustments.id, answered.adjustmentId!));
    // January is published: the accepted objection becomes a 更正 entry of January, not a change of its rank.
    expect(adj).toMatchObject({ points: 0.5, month: "2026-01", isCorrection: true, departmentId: jw });
    const seen = await unitScoreLedger(actor("jw_jbr"), jw, JAN, TODAY);
    expect(seen.objections.find((o) => o.id === id)).toMatchObject({ status: "accepted", answer: "经核实系误操作，予以更正", answeredByName: "张敏" });
    expect((await auditsOf("stats.objection.answer")).map((a) => a.targetId)).toEqual([id]);
    expect((await auditsOf("stats.objection.raise")).map((a) => a.targetId)).toEqual([id]);
    // The user who raised it gets the answer, with the correction it made, opening the unit's January ledger.
    const told = await messagesOf("objection_answered");
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ recipientId: actor("jw_jbr").userId, channel: "in_app", link: `/stats/scores/${jw}?period=month&month=2026-01` });
    expect(told[0]!.body).toContain("已采纳，更正 +0.5 分");
    expect(told[0]!.body).toContain("经核实系误操作，予以更正");
    await expectError(answerObjection(actor("dcs_ld"), { objectionId: id, decision: "reject", answer: "不同意", version: 2 }, {}, NOW), "CONFLICT", "已答复");
    expect(await messagesOf("objection_answered")).toHaveLength(1);
  });

  it("the office may reject with a reason; no correction is made", async () => {
    const before = await count(scoreAdjustments);
    const { id } = await raiseObjection(actor("jw_jbr"), { month: "2026-01", itemKey, reason: "仍有异议" }, {}, NOW);
    const r = await answerObjection(actor("dcs_ld"), { objectionId: id, decision: "reject", answer: "催办记录属实", version: 1 }, {}, NOW);
    expect(r).toMatchObject({ status: "rejected", adjustmentId: null });
    expect(await count(scoreAdjustments)).toBe(before);
    const told = (await messagesOf("objection_answered")).filter((m) => m.body.includes("催办记录属实"));
    expect(told).toHaveLength(1);
    expect(told[0]!.body).toContain("未采纳");
  });
});

describe("绩效基础分 (系统参数)", () => {
  it("the setting is the live periods' base; a published month keeps the one it was published with", async () => {
    const FEB = { from: "2026-02-01", to: "2026-02-28" };
    const before = await scoreRanking(actor("dcs_jbr"), FEB, TODAY);
    expect(before.base).toBe(DEFAULT_BASE_SCORE);
    const janBefore = await scoreRanking(actor("dcs_jbr"), JAN, TODAY);

    const { values, versions } = await getEffectiveSettings();
    const form = { ...values, attachmentTypes: values.attachmentTypes.join(","), ...Object.fromEntries(Object.entries(versions).map(([k, v]) => [`v_${k}`, String(v)])) };
    await expectError(updateSettings(actor("admin"), { ...form, scoreBase: "-1" }), "VALIDATION", "绩效基础分应在 0 到 1000 之间");
    await updateSettings(actor("admin"), { ...form, scoreBase: "90" });

    // February is live: every unit's total moves with the base, ranks do not.
    const after = await scoreRanking(actor("dcs_jbr"), FEB, TODAY);
    expect(after.base).toBe(90);
    const total = (r: typeof after) => new Map(r.rows.map((u) => [u.departmentId, [u.total, u.rank]]));
    const was = total(before);
    for (const [id, [t, rank]] of total(after)) expect([t, rank]).toEqual([Math.round(((was.get(id)![0] as number) - 10) * 100) / 100, was.get(id)![1]]);
    // January was published with 100: shown with it, totals as published.
    const jan = await scoreRanking(actor("dcs_jbr"), JAN, TODAY);
    expect(jan.base).toBe(DEFAULT_BASE_SCORE);
    expect(jan.rows.map((r) => [r.departmentId, r.total])).toEqual(janBefore.rows.map((r) => [r.departmentId, r.total]));
    expect((await unitScoreLedger(actor("jw_jbr"), jw, FEB, TODAY)).base).toBe(90);
  });
});
