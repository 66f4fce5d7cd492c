import { todayInShanghai, type IsoDate } from "@/lib/domain/dates";
import { addDays, isIsoDate } from "@/lib/domain/work-calendar";

/**
 * 统计周期: what every statistics page, its drill-down lists and its exports are computed for. Written in the
 * URL so a link (and an exported sheet) reproduces exactly the figures on the page:
 *   period=year&year=2026 · period=quarter&year=2026&q=4 · period=month&month=2026-11 · period=range&from=…&to=…
 * Anything malformed falls back to the default, this year (the same rule as every list's URL parser).
 * Pure: `today` is passed in (lib/clock in the app, a fixed day in tests).
 */
export const PERIOD_KINDS = ["year", "quarter", "month", "range"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface StatsPeriod {
  kind: PeriodKind;
  /** Inclusive calendar dates in Asia/Shanghai. */
  from: IsoDate;
  to: IsoDate;
  /** 2026年 · 2026年第4季度 · 2026年11月 · 2026-01-05 至 2026-03-31 */
  label: string;
  /** The URL parameters that reproduce this period (for links and the filter form). */
  params: Record<string, string>;
}

/** Years the form offers and the parser accepts (ten years of history, a province's retention period). */
export const FIRST_STATS_YEAR = 2000;
export const LAST_STATS_YEAR = 2100;

const pad = (n: number) => String(n).padStart(2, "0");

function lastDayOfMonth(year: number, month: number): IsoDate {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(day)}`;
}

function yearOf(value: string, fallback: number): number {
  if (!/^\d{4}$/.test(value)) return fallback;
  const n = Number(value);
  return n >= FIRST_STATS_YEAR && n <= LAST_STATS_YEAR ? n : fallback;
}

export function yearPeriod(year: number): StatsPeriod {
  return { kind: "year", from: `${year}-01-01`, to: `${year}-12-31`, label: `${year}年`, params: { period: "year", year: String(year) } };
}

export function quarterPeriod(year: number, quarter: number): StatsPeriod {
  const first = (quarter - 1) * 3 + 1;
  return {
    kind: "quarter",
    from: `${year}-${pad(first)}-01`,
    to: lastDayOfMonth(year, first + 2),
    label: `${year}年第${quarter}季度`,
    params: { period: "quarter", year: String(year), q: String(quarter) },
  };
}

export function monthPeriod(year: number, month: number): StatsPeriod {
  return {
    kind: "month",
    from: `${year}-${pad(month)}-01`,
    to: lastDayOfMonth(year, month),
    label: `${year}年${month}月`,
    params: { period: "month", month: `${year}-${pad(month)}` },
  };
}

export function rangePeriod(from: IsoDate, to: IsoDate): StatsPeriod {
  return { kind: "range", from, to, label: `${from} 至 ${to}`, params: { period: "range", from, to } };
}

/** The longest free range (a province compares at most a few years; keeps month trends to ≤ 120 points). */
export const MAX_RANGE_DAYS = 3660;

function daysBetween(from: IsoDate, to: IsoDate): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

/**
 * The period the URL asks for; malformed or missing parts → this year (Asia/Shanghai at `now`), or this month when
 * the page's `defaultKind` is month and the URL names no kind. `param` reads
 * one trimmed URL parameter ("" when absent): lib/data/list-params' `param` bound to the page's searchParams.
 */
export function parsePeriod(param: (key: string) => string, now: Date, defaultKind: "year" | "month" = "year"): StatsPeriod {
  const today = todayInShanghai(now);
  const thisYear = Number(today.slice(0, 4));
  // A page whose default is 月度 (绩效考核): a bare URL is this month, and the form's default choice sends only `month`.
  if (defaultKind === "month" && !param("period")) {
    const m = /^(\d{4})-(\d{2})$/.exec(param("month"));
    const [y, mo] = m && yearOf(m[1]!, -1) > 0 && Number(m[2]) >= 1 && Number(m[2]) <= 12 ? [Number(m[1]), Number(m[2])] : [thisYear, Number(today.slice(5, 7))];
    return monthPeriod(y, mo);
  }
  const kind = param("period");
  const year = yearOf(param("year"), thisYear);
  if (kind === "quarter") {
    const q = param("q");
    return /^[1-4]$/.test(q) ? quarterPeriod(year, Number(q)) : yearPeriod(year);
  }
  if (kind === "month") {
    const m = /^(\d{4})-(\d{2})$/.exec(param("month"));
    if (!m) return yearPeriod(thisYear);
    const month = Number(m[2]);
    const y = yearOf(m[1]!, -1);
    return y > 0 && month >= 1 && month <= 12 ? monthPeriod(y, month) : yearPeriod(thisYear);
  }
  if (kind === "range") {
    const from = param("from");
    const to = param("to");
    const ok = (d: string) => isIsoDate(d) && yearOf(d.slice(0, 4), -1) > 0;
    if (ok(from) && ok(to) && from <= to && daysBetween(from, to) <= MAX_RANGE_DAYS) return rangePeriod(from, to);
    return yearPeriod(thisYear);
  }
  return yearPeriod(year);
}

/** 'YYYY-MM' of every month the period touches, in order (the x axis of a trend chart). */
export function monthsOf(period: Pick<StatsPeriod, "from" | "to">): string[] {
  const months: string[] = [];
  let y = Number(period.from.slice(0, 4));
  let m = Number(period.from.slice(5, 7));
  const last = period.to.slice(0, 7);
  for (;;) {
    const key = `${y}-${pad(m)}`;
    months.push(key);
    if (key >= last) return months;
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
}

/**
 * The period is whole calendar months (from a 1st to a month's last day): what the statistics' monthly copies
 * (assignment_month_counts, score_month_quantities) can answer on their own.
 */
export function isWholeMonths(period: Pick<StatsPeriod, "from" | "to">): boolean {
  return period.from.endsWith("-01") && addDays(period.to, 1).endsWith("-01");
}
