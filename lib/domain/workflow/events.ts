import { ASSIGNMENT_STATUSES, TASK_STATUSES } from "./states";
import { ASSIGNMENT_ACTIONS, TASK_ACTIONS } from "./transitions";
import { SIDE_ACTIONS } from "./side-steps";

/**
 * What a 流转记录 row may say, derived from the transition tables so that a new action or state only
 * needs a regenerated migration: the database enums `task_event_action` / `task_event_state` are built
 * from these lists. `create` (登记) has no "from" state, and the side steps (催办, 延期申请, lib/domain/workflow/side-steps.ts)
 * change no state.
 */
const unique = <T extends string>(values: readonly T[]) => [...new Set(values)] as [T, ...T[]];

export const TASK_EVENT_ACTIONS = unique(["create", ...TASK_ACTIONS, ...ASSIGNMENT_ACTIONS, ...SIDE_ACTIONS] as const);
export type TaskEventAction = (typeof TASK_EVENT_ACTIONS)[number];

/** An event's from/to state is a task state (task steps) or an assignment state (unit steps). */
export const TASK_EVENT_STATES = unique([...TASK_STATUSES, ...ASSIGNMENT_STATUSES] as const);
export type TaskEventState = (typeof TASK_EVENT_STATES)[number];
