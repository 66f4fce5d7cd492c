import { sql } from "drizzle-orm";
import type { DbOrTx } from "../client";
import { reminderRules, scoringRules, urgencyLevels } from "../schema";
import { DEFAULT_REMINDER_RULE, DEFAULT_REMINDER_RULES } from "@/lib/domain/rules";
import { DEFAULT_SETTINGS } from "@/lib/domain/settings";

/** Runtime code reads the defaults from lib/domain; they are re-exported for the seed scripts. */
export { DEFAULT_REMINDER_RULE, DEFAULT_REMINDER_RULES, DEFAULT_SETTINGS };

/** Realistic defaults for the base-data lists; the admin maintains them in 系统后台. */
export const DEFAULT_EVENT_SOURCES = [
  "区委常委会会议",
  "区政府常务会议",
  "区领导批示",
  "上级交办",
  "人大代表建议",
  "政协委员提案",
  "群众来信来访",
  "媒体曝光",
  "12345 热线",
  "其他",
];

export const DEFAULT_TASK_TYPES = ["会议议定事项", "领导批示件", "专项督查", "重点工作", "建议提案", "民生实事", "其他"];

export const DEFAULT_CATEGORIES: Array<{ name: string; children: string[] }> = [
  { name: "经济发展", children: ["项目建设", "招商引资", "营商环境"] },
  { name: "城市建设管理", children: ["市容环境", "交通秩序", "老旧小区改造"] },
  { name: "民生保障", children: ["教育", "医疗卫生", "社会保障", "就业"] },
  { name: "安全稳定", children: ["安全生产", "信访维稳"] },
  { name: "生态环保", children: [] },
  { name: "党的建设", children: [] },
  { name: "其他", children: [] },
];

export const DEFAULT_URGENCY_LEVELS = [
  { code: "normal", name: "一般件", color: "#16a34a" },
  { code: "urgent", name: "紧急件", color: "#d97706" },
  { code: "critical", name: "特急件", color: "#dc2626" },
];



/** 绩效规则 defaults: positive points reward, negative points deduct. */
export const DEFAULT_SCORING_RULES = [
  { name: "按期办结", trigger: "completed_on_time", points: 2 },
  { name: "提前办结", trigger: "completed_early", points: 1 },
  { name: "逾期每个工作日", trigger: "per_workday_overdue", points: -0.5 },
  { name: "逾期仍未办结", trigger: "overdue_open", points: -3 },
  { name: "被退回重办（每次）", trigger: "per_return", points: -1 },
  { name: "超时接收", trigger: "late_receipt", points: -0.5 },
  { name: "被催办（每次）", trigger: "per_urge", points: -0.5 },
  { name: "督查室评价：优秀", trigger: "rating_excellent", points: 3 },
  { name: "督查室评价：良好", trigger: "rating_good", points: 1 },
  { name: "督查室评价：一般", trigger: "rating_fair", points: 0 },
  { name: "督查室评价：较差", trigger: "rating_poor", points: -2 },
  { name: "人工加减分", trigger: "manual_adjustment", points: 0 },
] as const;

/**
 * Default 提醒规则 for every urgency level without one, and the default 绩效规则 when there are none yet.
 * Idempotent; never touches what the admin changed.
 */
export async function seedRules(db: DbOrTx): Promise<void> {
  const levels = await db.select({ id: urgencyLevels.id, code: urgencyLevels.code }).from(urgencyLevels);
  if (levels.length > 0) {
    await db
      .insert(reminderRules)
      .values(levels.map((l) => ({ urgencyId: l.id, ...(DEFAULT_REMINDER_RULES[l.code] ?? DEFAULT_REMINDER_RULE) })))
      .onConflictDoNothing();
  }
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(scoringRules);
  if (n === 0) await db.insert(scoringRules).values(DEFAULT_SCORING_RULES.map((r, i) => ({ ...r, sortOrder: i + 1 })));
}
