/**
 * The one clock. Every service, job and read that needs "now" asks here, so that tests can move a task
 * through its life (dispatch on a Friday, jump over a holiday, come back when it is overdue) without
 * sleeping and without touching the machine's time. Production never sets it.
 *
 * SQL defaults (`defaultNow()`) still stamp rows with the database's clock; code that compares times
 * (reminder scans, lights, throttles) passes `now()` into its queries instead of calling SQL now().
 */

type ClockSource = () => Date;

const systemClock: ClockSource = () => new Date();

// On globalThis, like the database handle: Next evaluates modules more than once, and the jobs and the
// pages must agree on the time.
const holder = globalThis as unknown as { __dcdbClock?: ClockSource };

/** The current instant (a fresh Date each call; callers may keep it). */
export function now(): Date {
  return new Date((holder.__dcdbClock ?? systemClock)().getTime());
}

/** Tests only: fix the clock at `at` (a Date or ISO string), or pass a function for a moving clock. */
export function setClock(at: Date | string | ClockSource): void {
  if (typeof at === "function") holder.__dcdbClock = at;
  else {
    const fixed = new Date(at);
    if (Number.isNaN(fixed.getTime())) throw new RangeError(`setClock: not a time: ${String(at)}`);
    holder.__dcdbClock = () => fixed;
  }
}

/** Tests only: move a fixed clock on by `ms` milliseconds. */
export function advanceClock(ms: number): Date {
  const next = new Date(now().getTime() + ms);
  setClock(next);
  return next;
}

/** Back to the machine's clock. */
export function resetClock(): void {
  holder.__dcdbClock = undefined;
}
