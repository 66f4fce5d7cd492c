import { yearInShanghai } from "../dates";
/** 督办编号: the office's pattern, e.g. `渝中督〔{year}〕{seq}号`; `{seq:3}` pads the number to 3 digits. */
export const DEFAULT_TASK_NO_PATTERN = "渝中督〔{year}〕{seq}号";

/**
 * A usable pattern contains the sequence (or every task of a year gets the same number) and the year:
 * the counter restarts every year, so without {year} the first number of 1 January repeats the first
 * number of the year before and the unique 督办编号 refuses the signing.
 */
export function isValidTaskNoPattern(pattern: unknown): pattern is string {
  return typeof pattern === "string" && /\{seq(?::\d)?\}/.test(pattern) && pattern.includes("{year}") && pattern.length <= 100;
}

export function formatTaskNo(pattern: string, year: number, seq: number): string {
  const usable = isValidTaskNoPattern(pattern) ? pattern : DEFAULT_TASK_NO_PATTERN;
  return usable
    .replaceAll("{year}", String(year))
    .replace(/\{seq(?::(\d))?\}/g, (_m, width: string | undefined) => String(seq).padStart(width ? Number(width) : 0, "0"));
}

/** The year a number belongs to: the signing date in Asia/Shanghai (31 Dec 20:00 UTC is already 1 Jan). */
export function taskNoYear(now: Date): number {
  return yearInShanghai(now);
}
