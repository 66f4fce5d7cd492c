import { ASSIGNMENT_STATUSES, TASK_STATUSES } from "./states";
import { ASSIGNMENT_ACTIONS, TASK_ACTIONS } from "./transitions";

/**
 * What a 流转记录 row may say, derived from the transition tables so that a new action or state only
 * needs a regenerated migration: the database enums `task_event_action` / `task_event_state` are built
 * from these lists. `create` (登记) is the one step outside the tables: it has no "from" state.
 */
const unique = <T extends string>(values: readonly T[]) => [...new Set(values)] as [T, ...T[]];

export const TASK_EVENT_ACTIONS = unique(["create", ...TASK_ACTIONS, ...ASSIGNMENT_ACTIONS] as const);
export type TaskEventAction = (typeof TASK_EVENT_ACTIONS)[number];

/** An event's from/to state is a task state (task steps) or an assignment state (unit steps). */
export const TASK_EVENT_STATES = unique([...TASK_STATUSES, ...ASSIGNMENT_STATUSES] as const);
export type TaskEventState = (typeof TASK_EVENT_STATES)[number];
