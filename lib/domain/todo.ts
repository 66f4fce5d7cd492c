import type { Permission } from "./permissions";

/**
 * 待办事项: every kind of step that can wait on one person, with who can have it. lib/data/todo.ts turns
 * each kind into one small indexed sub-query limited to the viewer; the page shows the labels as chips.
 * Order here is the chips' order (the office's steps, then the unit's, then the side steps).
 */
export const TODO_KINDS = [
  "draft", // 登记草稿 or a task a leader returned: its registering clerk
  "review", // 待审签: the office leader it waits on
  "dispatch", // 已审签待交办: the office's dispatch clerks
  "feedback", // a unit's report waiting for the office's review
  "receive", // 待接收: every clerk of the unit
  "handle", // 办理中 / 单位领导退回 / 退回重办: the handling clerk
  "report", // signed by the unit leader, waiting to be 上报: the handling clerk
  "sign", // handling text waiting on this unit leader
  "extension_unit", // 延期申请 waiting on this unit leader
  "extension_office", // 延期申请 waiting for the office's decision
  "urge", // 催办 not yet signed for (签收) by the unit
  "reroute", // a step waiting on a disabled account: someone must 改派 it
] as const;
export type TodoKind = (typeof TODO_KINDS)[number];

export const TODO_KIND_LABELS: Record<TodoKind, string> = {
  draft: "待提交登记",
  review: "待审签",
  dispatch: "待交办",
  feedback: "反馈待审核",
  receive: "待接收",
  handle: "待办理",
  report: "待上报",
  sign: "待单位审签",
  extension_unit: "延期申请待审核",
  extension_office: "延期申请待审批",
  urge: "催办待签收",
  reroute: "待改派",
};

/** The permissions that give a viewer each kind (any one of them). */
export const TODO_KIND_PERMISSIONS: Record<TodoKind, readonly Permission[]> = {
  draft: ["task.register"],
  review: ["task.review"],
  dispatch: ["task.dispatch"],
  feedback: ["report.review"],
  receive: ["assignment.handle"],
  handle: ["assignment.handle"],
  report: ["assignment.handle"],
  sign: ["assignment.sign"],
  extension_unit: ["assignment.sign"],
  extension_office: ["task.manage"],
  urge: ["assignment.handle", "assignment.sign"],
  reroute: ["task.reroute"],
};

/** The kinds this viewer can have at all (the others are not even queried). */
export function todoKindsFor(viewer: { permissions: ReadonlySet<Permission> }): TodoKind[] {
  return TODO_KINDS.filter((kind) => TODO_KIND_PERMISSIONS[kind].some((p) => viewer.permissions.has(p)));
}

export function isTodoKind(value: string): value is TodoKind {
  return (TODO_KINDS as readonly string[]).includes(value);
}

/**
 * Where to act on an item: the task page, at the unit's assignment when the step is a unit's. A step
 * stuck on a disabled account goes to that user's page in 用户管理 (its 改派 forms) for whoever may
 * open it, else to the task.
 */
export function todoHref(item: { kind: TodoKind; taskId: string; assignmentId: string | null; refId: string | null }, viewer: { permissions: ReadonlySet<Permission> }): string {
  if (item.kind === "reroute" && item.refId && viewer.permissions.has("admin.users")) return `/admin/users/${item.refId}`;
  return item.assignmentId ? `/tasks/${item.taskId}#assignment-${item.assignmentId}` : `/tasks/${item.taskId}`;
}
