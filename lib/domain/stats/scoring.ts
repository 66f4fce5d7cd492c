/**
 * 绩效考核统计口径: which score items the 绩效规则 produce for one 承办任务 and on which day each item falls. The SQL
 * ledger (lib/data/stats/scores.ts) implements exactly these sentences set-based; `referenceScoreItems` below is
 * the brute-force reference its integration test compares it with over generated data. Change both together,
 * and the 口径 text the page shows (scoringDefinitions).
 */
import type { IsoDate } from "@/lib/domain/dates";
import { SCORING_TRIGGER_LABELS, type ScoringTrigger } from "@/lib/domain/rules";

/**
 * 基础分: every ranked unit starts the period with it. 系统参数 “绩效基础分” sets it (this is the default); each
 * published month records the one it was published with, and shows that one from then on.
 */
export const DEFAULT_BASE_SCORE = 100;

/** 督查室对反馈质量的评价 (given when it accepts a final report: 办结通过). */
export const RATINGS = ["excellent", "good", "fair", "poor"] as const;
export type Rating = (typeof RATINGS)[number];
export const RATING_LABELS: Record<Rating, string> = { excellent: "优秀", good: "良好", fair: "一般", poor: "较差" };
export const RATING_TRIGGER: Record<Rating, ScoringTrigger> = {
  excellent: "rating_excellent",
  good: "rating_good",
  fair: "rating_fair",
  poor: "rating_poor",
};

/** 人工加减分 bounds: one entry moves a unit by at most this many points either way. */
export const MAX_ADJUSTMENT_POINTS = 100;

/** The 口径 sentences, with the 基础分 in force. */
export const scoringDefinitions = (base: number): ReadonlyArray<{ term: string; text: string }> => [
  {
    term: "得分",
    text: `单位得分 = 基础分 ${base} 分（系统参数“绩效基础分”）+ 周期内各加分项 − 各扣分项。加减分值取自“绩效规则设置”中启用的规则（同一触发条件有多条启用规则时各自计分）。得分相同的单位名次并列，下一名次顺延。`,
  },
  {
    term: "计分对象",
    text: "每个承办任务（一个事项交办给一个单位）为本单位计分，牵头单位和协办单位各按自己的承办任务计分。事项或承办任务已撤销的不计分。参与排名的是全部启用的承办单位（不含督查室和分组节点），没有计分项的单位得基础分。",
  },
  {
    term: "归属月份",
    text: "每个计分项按产生它的事件日期（北京时间）归入周期：按期办结、提前办结、逾期每个工作日按办结日期（督查室办结通过之日）；每次被催办按催办日期；每次被退回重办按督查室退回之日；超时接收按接收日期；督查室评价按评价日期；人工加减分按录入日期。",
  },
  { term: "按期办结", text: "办结日期不晚于该单位的办理期限（以延期批准后的期限为准），计一次。" },
  { term: "提前办结", text: "办结日期比办理期限至少早一个工作日，计一次；提前办结同时也是按期办结，两项都计。" },
  {
    term: "逾期每个工作日",
    text: "办结日期晚于办理期限的，按期限次日至办结日（含）之间的工作日数计分，例如 3 个工作日 × −0.5 分。期限后只隔了休息日就办结的，工作日数为 0，不计分。",
  },
  {
    term: "逾期仍未办结",
    text: "每个自然月末（当月未结束时为统计当日）仍未办结、且办理期限早于该日的承办任务，每月计一次，日期为该月末日（或统计当日）。之后办结时另按逾期工作日计分。",
  },
  { term: "每次被退回重办", text: "督查室审核反馈时每退回重办一次计一次（单位内部退回不计）。" },
  {
    term: "超时接收",
    text: "接收时距交办已超过该事项紧急程度的提醒规则所设的接收时限（按工作小时计：只有工作日计时，每个工作日 24 小时），计一次。",
  },
  { term: "每次被催办", text: "人工催办和系统按规则自动催办，每次计一次。" },
  { term: "督查室评价", text: "督查室办结通过时对反馈质量评为优秀、良好、一般或较差，按评价对应的规则计一次。" },
  {
    term: "人工加减分",
    text: "督查室录入的加减分（须写明理由，记入操作日志），按录入日期归月，分值以录入为准。",
  },
  {
    term: "发布与更正",
    text: "某月发布后，该月的计分项、得分和名次冻结为快照，以后发生的事件不再改变它们；发布后对该月的人工更正单列在“更正”栏并写明理由，不改变已发布的名次。",
  },
];

/** One enabled 绩效规则, as the ledger applies it. */
export interface ScoringRuleRef {
  id: string;
  name: string;
  trigger: ScoringTrigger;
  points: number;
}

/** Everything scoring reads of one assignment (the brute-force reference works on these). */
export interface ScoredAssignment {
  id: string;
  taskId: string;
  departmentId: string;
  status: string;
  taskCancelled: boolean;
  /** This unit's deadline (after approved extensions). */
  deadline: IsoDate;
  dispatchedAt: Date;
  receivedAt: Date | null;
  completedAt: Date | null;
  /** The task's urgency's 接收时限 in working hours. */
  receiveLimitHours: number;
  rating: Rating | null;
  ratedAt: Date | null;
  urges: ReadonlyArray<{ id: string; at: Date }>;
  /** The office's 退回重办 of this assignment's reports (report id, review time). */
  returns: ReadonlyArray<{ id: string; at: Date }>;
}

export interface ManualAdjustmentRef {
  id: string;
  departmentId: string;
  taskId: string | null;
  points: number;
  reason: string;
  at: Date;
}

/**
 * One row of the ledger. `key` identifies it across recomputations (what an objection points at):
 * trigger:rule:source, the source being the assignment, the urge, the returned report, the month-end day or the
 * adjustment.
 */
export interface ScoreItem {
  key: string;
  departmentId: string;
  trigger: ScoringTrigger;
  ruleId: string | null;
  ruleName: string;
  unitPoints: number;
  quantity: number;
  points: number;
  day: IsoDate;
  assignmentId: string | null;
  taskId: string | null;
}

/** The working-day calendar the reference needs (the SQL reads calendar_days). */
export interface WorkdayCalendar {
  isWorkday(day: IsoDate): boolean;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Calendar date in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiDay(at: Date): IsoDate {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function nextDay(day: IsoDate): IsoDate {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Working days d with a < d ≤ b (negative when b < a), counted day by day. */
export function workdaysBetween(cal: WorkdayCalendar, a: IsoDate, b: IsoDate): number {
  if (b < a) return -workdaysBetween(cal, b, a);
  let n = 0;
  for (let d = nextDay(a); d <= b; d = nextDay(d)) if (cal.isWorkday(d)) n += 1;
  return n;
}

/** Working hours from `from` to `to`: only working days run the clock, 24 hours each (working_hours_at in SQL). */
export function workingHoursBetween(cal: WorkdayCalendar, from: Date, to: Date): number {
  const hoursInto = (at: Date) => ((at.getTime() + 8 * 3_600_000) % 86_400_000) / 3_600_000;
  const a = shanghaiDay(from);
  const b = shanghaiDay(to);
  if (a === b) return cal.isWorkday(a) ? hoursInto(to) - hoursInto(from) : 0;
  let hours = cal.isWorkday(a) ? 24 - hoursInto(from) : 0;
  for (let d = nextDay(a); d < b; d = nextDay(d)) if (cal.isWorkday(d)) hours += 24;
  if (cal.isWorkday(b)) hours += hoursInto(to);
  return hours;
}

/** Last day of every month the period touches, capped at `today`, inside the period: the 逾期仍未办结 check days. */
export function monthEndCheckDays(period: { from: IsoDate; to: IsoDate }, today: IsoDate): IsoDate[] {
  const days: IsoDate[] = [];
  let y = Number(period.from.slice(0, 4));
  let m = Number(period.from.slice(5, 7));
  for (;;) {
    const end = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    const check = end < today ? end : today;
    if (check >= period.from && check <= period.to && !days.includes(check)) days.push(check);
    if (end >= period.to || end >= today) return days;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
}

/**
 * Brute-force reference of the ledger: every item the enabled rules produce for these assignments and
 * adjustments whose day lies in the period. Written for clarity, not speed.
 */
export function referenceScoreItems(
  assignments: readonly ScoredAssignment[],
  adjustments: readonly ManualAdjustmentRef[],
  rules: readonly ScoringRuleRef[],
  period: { from: IsoDate; to: IsoDate },
  today: IsoDate,
  cal: WorkdayCalendar,
): ScoreItem[] {
  const items: ScoreItem[] = [];
  const inPeriod = (day: IsoDate) => day >= period.from && day <= period.to;
  const add = (a: ScoredAssignment, trigger: ScoringTrigger, source: string, day: IsoDate, quantity: number) => {
    if (!inPeriod(day) || quantity <= 0) return;
    for (const r of rules) {
      if (r.trigger !== trigger) continue;
      items.push({
        key: `${trigger}:${r.id}:${source}`,
        departmentId: a.departmentId,
        trigger,
        ruleId: r.id,
        ruleName: r.name,
        unitPoints: r.points,
        quantity,
        points: round2(r.points * quantity),
        day,
        assignmentId: a.id,
        taskId: a.taskId,
      });
    }
  };
  for (const a of assignments) {
    if (a.status === "cancelled" || a.taskCancelled) continue;
    const completedOn = a.status === "completed" && a.completedAt ? shanghaiDay(a.completedAt) : null;
    if (completedOn) {
      if (completedOn <= a.deadline) add(a, "completed_on_time", a.id, completedOn, 1);
      if (workdaysBetween(cal, completedOn, a.deadline) >= 1) add(a, "completed_early", a.id, completedOn, 1);
      if (completedOn > a.deadline) add(a, "per_workday_overdue", a.id, completedOn, workdaysBetween(cal, a.deadline, completedOn));
    }
    for (const check of monthEndCheckDays(period, today)) {
      const openThen = completedOn === null || completedOn > check;
      if (openThen && shanghaiDay(a.dispatchedAt) <= check && a.deadline < check) add(a, "overdue_open", `${a.id}:${check}`, check, 1);
    }
    for (const r of a.returns) add(a, "per_return", r.id, shanghaiDay(r.at), 1);
    for (const u of a.urges) add(a, "per_urge", u.id, shanghaiDay(u.at), 1);
    if (a.receivedAt && workingHoursBetween(cal, a.dispatchedAt, a.receivedAt) > a.receiveLimitHours)
      add(a, "late_receipt", a.id, shanghaiDay(a.receivedAt), 1);
    if (a.rating && a.ratedAt) add(a, RATING_TRIGGER[a.rating], a.id, shanghaiDay(a.ratedAt), 1);
  }
  for (const adj of adjustments) {
    const day = shanghaiDay(adj.at);
    if (!inPeriod(day)) continue;
    items.push({
      key: `manual_adjustment:${adj.id}`,
      departmentId: adj.departmentId,
      trigger: "manual_adjustment",
      ruleId: null,
      ruleName: `${SCORING_TRIGGER_LABELS.manual_adjustment}：${adj.reason}`,
      unitPoints: adj.points,
      quantity: 1,
      points: round2(adj.points),
      day,
      assignmentId: null,
      taskId: adj.taskId,
    });
  }
  return items;
}

export interface UnitScore {
  departmentId: string;
  itemsTotal: number;
  total: number;
  rank: number;
}

/** Totals and ranks: base + Σ items, highest first; equal totals share a rank and the next rank skips (1, 1, 3). */
export function rankUnits(unitIds: readonly string[], items: readonly Pick<ScoreItem, "departmentId" | "points">[], base = DEFAULT_BASE_SCORE): UnitScore[] {
  const sums = new Map<string, number>(unitIds.map((id) => [id, 0]));
  for (const i of items) if (sums.has(i.departmentId)) sums.set(i.departmentId, round2(sums.get(i.departmentId)! + i.points));
  const rows = [...sums].map(([departmentId, itemsTotal]) => ({ departmentId, itemsTotal, total: round2(base + itemsTotal), rank: 0 }));
  for (const r of rows) r.rank = 1 + rows.filter((o) => o.total > r.total).length;
  return rows.sort((a, b) => a.rank - b.rank || a.departmentId.localeCompare(b.departmentId));
}

/** "3 个工作日 × −0.5 分" / "1 次 × +2 分": how an item's points came about. */
export function describeQuantity(trigger: ScoringTrigger, quantity: number, unitPoints: number): string {
  if (trigger === "manual_adjustment") return "人工录入";
  const unit = trigger === "per_workday_overdue" ? "个工作日" : "次";
  const pts = unitPoints > 0 ? `+${unitPoints}` : unitPoints < 0 ? `−${Math.abs(unitPoints)}` : "0";
  return `${quantity} ${unit} × ${pts} 分`;
}

/** Points with sign and up to two decimals: +2 · −1.5 · 0. */
export function formatScore(points: number, signed = true): string {
  const text = Number.isInteger(points) ? String(Math.abs(points)) : Math.abs(points).toFixed(2).replace(/0$/, "");
  if (!signed) return points < 0 ? `−${text}` : text;
  return points > 0 ? `+${text}` : points < 0 ? `−${text}` : "0";
}

/** 申诉 statuses: waiting for the office, accepted (a correction follows), rejected (with a reason). */
export const OBJECTION_STATUSES = ["pending", "accepted", "rejected"] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];
export const OBJECTION_STATUS_LABELS: Record<ObjectionStatus, string> = { pending: "待答复", accepted: "已采纳", rejected: "未采纳" };

/** 'YYYY-MM' of a Shanghai date. */
export const monthOfDay = (day: IsoDate) => day.slice(0, 7);
