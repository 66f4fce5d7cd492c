/**
 * A step that wrote notifications asks for a delivery run now rather than at the next 5-second slot.
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
