/**
 * 预警灯 on every task list: red when the deadline has passed, yellow when it falls within the next
 * two working days (today included), green otherwise. Finished work (办结, 归档, 撤销) shows no light.
 * Pure: "today" and the working-day counter are injected so the rule is testable and so the work
 * calendar (法定节假日 and 调休) can be plugged in.
 */
export type WarningLight = "red" | "yellow" | "green" | "none";

export const WARNING_LIGHT_LABELS: Record<WarningLight, string> = {
  red: "已超期",
  yellow: "临近期限",
  green: "正常",
  none: "已结束",
};

/** What each light means (hover text of every dot, the light filter and the list legends). */
export const WARNING_LIGHT_RULES: Record<WarningLight, string> = {
  red: "已超期：办理期限已过",
  yellow: "临近期限：截止前 N 个工作日内（N 为该紧急程度提醒规则的“截止前提醒天数”，未设规则时为 2），节假日不计",
  green: "正常：距办理期限还有 N 个工作日以上",
  none: "已办结、归档或撤销，不再预警",
};

/** One line for list headers: the light rule in words. */
export const WARNING_LIGHT_LEGEND = "红灯已超期；黄灯为截止前 N 个工作日内（按紧急程度的提醒规则，节假日不计）；绿灯正常";

/** Working days still available: the count of working days in (today, deadline]; 0 when due today. */
export type WorkdaysUntil = (today: string, deadline: string) => number;

/** How many working days ahead still counts as "due soon" when the urgency has no reminder rule. */
export const YELLOW_WITHIN_WORKDAYS = 2;

const DAY_MS = 86_400_000;

function parseDay(day: string): number {
  const [y, m, d] = day.split("-").map(Number);
  return Date.UTC(y!, m! - 1, d!);
}

/** Fallback counter when no calendar is at hand: plain calendar days. */
export const calendarDaysUntil: WorkdaysUntil = (today, deadline) => Math.round((parseDay(deadline) - parseDay(today)) / DAY_MS);

/**
 * `yellowWithin`: how many working days before the deadline the light turns yellow. It comes from the
 * 提醒规则 of the task's urgency (its "remind N working days before the deadline"), so the light and the
 * first reminder change on the same day; without a rule, YELLOW_WITHIN_WORKDAYS.
 */
export function warningLight(input: {
  deadline: string;
  closed: boolean;
  today: string;
  workdaysUntil?: WorkdaysUntil;
  yellowWithin?: number;
}): WarningLight {
  if (input.closed) return "none";
  if (input.deadline < input.today) return "red";
  const left = (input.workdaysUntil ?? calendarDaysUntil)(input.today, input.deadline);
  return left <= (input.yellowWithin ?? YELLOW_WITHIN_WORKDAYS) ? "yellow" : "green";
}

/** Reddest first: the order 待办事项 and "sort by light" use. */
export const LIGHT_RANK: Record<WarningLight, number> = { red: 0, yellow: 1, green: 2, none: 3 };

/**
 * The first date that is no longer yellow: a deadline d (today ≤ d) is yellow exactly when d is before the
 * (n+1)-th working day after today, i.e. at most n working days lie in (today, d]. Lets SQL compare the
 * deadline column with one date per urgency instead of counting working days row by row.
 */
export function yellowBoundary(today: string, yellowWithin: number, addWorkdays: (day: string, n: number) => string): string {
  return addWorkdays(today, Math.max(0, yellowWithin) + 1);
}


/** The rule for one urgency, e.g. "截止前 2 个工作日内显示黄灯（按紧急程度的提醒规则），超过期限显示红灯". */
export function lightRuleText(yellowWithin: number): string {
  return `截止前 ${yellowWithin} 个工作日内显示黄灯（按紧急程度的提醒规则，节假日不计），超过期限显示红灯`;
}
