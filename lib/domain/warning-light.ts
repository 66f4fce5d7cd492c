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

/** Working days still available: the count of working days in (today, deadline]; 0 when due today. */
export type WorkdaysUntil = (today: string, deadline: string) => number;

/** How many working days ahead still counts as "due soon". */
export const YELLOW_WITHIN_WORKDAYS = 2;

const DAY_MS = 86_400_000;

function parseDay(day: string): number {
  const [y, m, d] = day.split("-").map(Number);
  return Date.UTC(y!, m! - 1, d!);
}

/** Fallback counter when no calendar is at hand: plain calendar days. */
export const calendarDaysUntil: WorkdaysUntil = (today, deadline) => Math.round((parseDay(deadline) - parseDay(today)) / DAY_MS);

export function warningLight(input: { deadline: string; closed: boolean; today: string; workdaysUntil?: WorkdaysUntil }): WarningLight {
  if (input.closed) return "none";
  if (input.deadline < input.today) return "red";
  const left = (input.workdaysUntil ?? calendarDaysUntil)(input.today, input.deadline);
  return left <= YELLOW_WITHIN_WORKDAYS ? "yellow" : "green";
}

