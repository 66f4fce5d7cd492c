/**
 * A step that wrote notifications asks for a delivery run now rather than at the next 5-second slot; a saved
 * 提醒规则 asks for a reminder scan now rather than at the next 10-minute slot.
 * Kept apart from the runner (no pg-boss import) so services can call it; a process without a runner
 * (JOBS_IN_APP=false, tests, scripts) ignores it and the next slot delivers.
 */
const holder = globalThis as unknown as { __dcdbJobNudge?: (name: string) => void };

export function setNudgeHandler(handler: ((name: string) => void) | undefined): void {
  holder.__dcdbJobNudge = handler;
}

/** Called right after enqueueing (inside the step's transaction: the run is asked for a moment later, see runner). */
export function requestDelivery(): void {
  holder.__dcdbJobNudge?.("notifications.deliver");
}

/**
 * Called after a reminder rule is saved: the scan runs with the new rule within seconds (on whichever process runs
 * jobs; one run per 2 s slot per installation, and the scan's dedupe keys make a repeated run write nothing).
 */
export function requestReminderScan(): void {
  holder.__dcdbJobNudge?.("reminders.scan");
}
