/**
 * Facts the guards need that only the 流转记录 knows: whether a task was ever submitted, and whether
 * anyone has acted on the submission (or the handling text) waiting now. Pure, so the services (inside
 * the step's transaction) and the task page (from the events it shows) derive them the same way.
 */

export interface HistoryEvent {
  action: string;
  assignmentId?: string | null;
}

/**
 * A task's submission is untouched while no leader has passed it on (审核转交) since it was last
 * submitted. 改派 does not count: it changes who the review waits on, not what was decided. Signing
 * or returning moves the task out of in_review, which the state check already refuses.
 */
export function taskHistoryFacts(events: readonly HistoryEvent[]): { everSubmitted: boolean; submissionUntouched: boolean } {
  const own = events.filter((e) => !e.assignmentId);
  return { everSubmitted: own.some((e) => e.action === "submit"), submissionUntouched: lastOf(own, "submit", ["forward"]) };
}

/** Handling text is untouched while no unit leader has passed it on (转其他领导审签) since it was sent. */
export function assignmentHistoryFacts(events: readonly HistoryEvent[], assignmentId: string): { handlingUntouched: boolean } {
  return { handlingUntouched: lastOf(events.filter((e) => e.assignmentId === assignmentId), "handle", ["unit_forward"]) };
}

/** Walking back from the newest event: true when `start` comes before any of `touches`. */
function lastOf(events: readonly HistoryEvent[], start: string, touches: readonly string[]): boolean {
  for (let i = events.length - 1; i >= 0; i--) {
    const action = events[i]!.action;
    if (action === start) return true;
    if (touches.includes(action)) return false;
  }
  return false;
}
