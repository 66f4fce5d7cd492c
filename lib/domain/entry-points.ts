import { PERMISSIONS, type Permission } from "./permissions";
import { isBackOfficePermission } from "./grants";
import { UPLOAD_PERMISSIONS } from "./file-types";

/**
 * Every way into the server, with who may use it: each exported function of a `"use server"` module and
 * each route handler (`app/**\/route.ts`), keyed `<file>#<export>`. This table is the declared policy the
 * entry-point matrix holds the code to (`lib/scope/entry-matrix.int.test.ts`): an entry point missing here,
 * or listed here but gone, fails that test; every entry is then called as every built-in role (and as
 * nobody, and as a user who must still change the password) and must answer exactly as declared.
 *
 * - `public`: anyone, signed in or not (login, OA entry, health). `why` says why it needs no session.
 * - `signed-in`: any signed-in user; what they may reach is decided by the record's scope (`scope`).
 * - `permission`: a signed-in user holding one of `anyOf`; anyone else is refused (FORBIDDEN / HTTP 403).
 * `scope`: the entry names a record a unit user may only reach in their own unit (`unit`) or that is the
 * user's own (`own`, e.g. an inbox message); another's is "not found" (NOT_FOUND / HTTP 404), never "forbidden".
 * `mustChangePassword: true`: also open to a user who must first change an initial password.
 */
export type EntryAccess =
  | { access: "public"; why: string }
  | { access: "signed-in"; why: string; scope?: EntryScope; mustChangePassword?: true }
  | { access: "permission"; anyOf: readonly [Permission, ...Permission[]]; scope?: EntryScope; mustChangePassword?: true };

export type EntryScope = "unit" | "own";

const needs = (permission: Permission, scope?: EntryScope): EntryAccess =>
  scope ? { access: "permission", anyOf: [permission], scope } : { access: "permission", anyOf: [permission] };

const TASKS = "app/(app)/tasks/actions.ts";

/** Whoever holds any back-office power may (and, with 强制管理员启用双因素, must) bind a 动态口令. */
const BACK_OFFICE = PERMISSIONS.filter(isBackOfficePermission) as unknown as readonly [Permission, ...Permission[]];

export const ENTRY_POINTS: Readonly<Record<string, EntryAccess>> = {
  // 登录、注销、密码
  "app/(auth)/login/actions.ts#loginAction": { access: "public", why: "用户名密码登录本身" },
  "app/(app)/actions.ts#logoutAction": { access: "public", why: "用户注销：有会话则结束该用户全部会话，没有会话只回到登录页" },
  "app/(app)/account/password/actions.ts#changePasswordAction": {
    access: "signed-in",
    why: "每个用户修改自己的密码（须先修改初始密码的用户也只能做这件事）",
    mustChangePassword: true,
  },
  "app/(auth)/login/totp/actions.ts#verifyTotpAction": { access: "public", why: "登录第二步：只有等待动态口令的会话能走下去，其余回到登录页" },
  "app/(auth)/login/totp/actions.ts#cancelTotpAction": { access: "public", why: "放弃登录第二步，回到登录页" },
  "app/(app)/account/password/security-actions.ts#startTotpAction": { access: "permission", anyOf: BACK_OFFICE, mustChangePassword: true },
  "app/(app)/account/password/security-actions.ts#confirmTotpAction": { access: "permission", anyOf: BACK_OFFICE, mustChangePassword: true },
  "app/(app)/account/password/security-actions.ts#endOtherSessionsAction": {
    access: "signed-in",
    why: "退出本人的其他会话（须先修改密码的用户也可以）",
    mustChangePassword: true,
  },
  "app/api/auth/[...nextauth]/route.ts#GET": { access: "public", why: "Auth.js 端点：登录页所需的 CSRF 令牌、会话查询与 OpenID Connect 回调" },
  "app/api/auth/[...nextauth]/route.ts#POST": { access: "public", why: "Auth.js 端点：登录、注销（带 CSRF 令牌）" },
  "app/sso/oidc/route.ts#GET": { access: "public", why: "OA 单点登录入口（OpenID Connect），未配置时回到登录页" },
  "app/sso/cas/route.ts#GET": { access: "public", why: "OA 单点登录入口（CAS 票据校验），未配置时回到登录页" },
  "app/sso/link/route.ts#GET": { access: "public", why: "OA 签名链接登录入口，签名、时效、一次性在服务端校验" },
  "app/api/health/route.ts#GET": { access: "public", why: "内网监控探活：匿名只得到 ok/error，明细仅给系统参数管理员" },
  "app/api/badges/route.ts#GET": { access: "signed-in", why: "页头待办数、未读数：只数本人的" },

  // 督办任务（督查室）
  [`${TASKS}#createTaskAction`]: needs("task.register"),
  [`${TASKS}#updateTaskAction`]: needs("task.register"),
  [`${TASKS}#deleteTaskAction`]: needs("task.register"),
  [`${TASKS}#submitTaskAction`]: needs("task.register"),
  [`${TASKS}#withdrawTaskAction`]: needs("task.register"),
  [`${TASKS}#forwardTaskAction`]: needs("task.review"),
  [`${TASKS}#signTaskAction`]: needs("task.review"),
  [`${TASKS}#returnTaskAction`]: needs("task.review"),
  [`${TASKS}#dispatchTaskAction`]: needs("task.dispatch"),
  [`${TASKS}#cancelTaskAction`]: needs("task.manage"),
  [`${TASKS}#archiveTaskAction`]: needs("task.manage"),
  [`${TASKS}#urgeAssignmentAction`]: needs("task.manage"),
  [`${TASKS}#approveExtensionAction`]: needs("task.manage"),
  [`${TASKS}#rejectExtensionAction`]: needs("task.manage"),
  [`${TASKS}#reviewReportAction`]: needs("report.review"),
  [`${TASKS}#rerouteTaskAction`]: needs("task.reroute"),
  [`${TASKS}#rerouteAssignmentAction`]: needs("task.reroute"),
  // 督办任务（承办单位）: another unit's assignment, urge or request is "not found"
  [`${TASKS}#receiveAssignmentAction`]: needs("assignment.handle", "unit"),
  [`${TASKS}#feedbackAssignmentAction`]: needs("assignment.handle", "unit"),
  [`${TASKS}#handleAssignmentAction`]: needs("assignment.handle", "unit"),
  [`${TASKS}#reportUpAction`]: needs("assignment.handle", "unit"),
  [`${TASKS}#withdrawHandlingAction`]: needs("assignment.handle", "unit"),
  [`${TASKS}#requestExtensionAction`]: needs("assignment.handle", "unit"),
  [`${TASKS}#withdrawExtensionAction`]: needs("assignment.handle", "unit"),
  [`${TASKS}#delegateAssignmentAction`]: needs("assignment.sign", "unit"),
  [`${TASKS}#unitSignAction`]: needs("assignment.sign", "unit"),
  [`${TASKS}#unitReturnAction`]: needs("assignment.sign", "unit"),
  [`${TASKS}#rerouteInUnitAction`]: needs("assignment.sign", "unit"),
  [`${TASKS}#forwardExtensionAction`]: needs("assignment.sign", "unit"),
  [`${TASKS}#returnExtensionAction`]: needs("assignment.sign", "unit"),
  [`${TASKS}#acknowledgeUrgeAction`]: { access: "permission", anyOf: ["assignment.handle", "assignment.sign"], scope: "unit" },

  // 附件
  // 上传暂存文件（登记、承办、审签时附上）；只有上传者本人能把它挂到自己可办理的记录上
  "app/api/attachments/route.ts#POST": { access: "permission", anyOf: UPLOAD_PERMISSIONS },
  "app/api/attachments/[id]/route.ts#GET": { access: "signed-in", why: "下载：文件随所属记录的范围", scope: "unit" },
  "app/api/attachments/[id]/route.ts#DELETE": { access: "signed-in", why: "删除自己尚未挂接的暂存文件", scope: "own" },

  // 绩效统计
  "app/(app)/stats/scores/actions.ts#adjustScoreAction": needs("stats.manage"),
  "app/(app)/stats/scores/actions.ts#publishScoreMonthAction": needs("stats.manage"),
  "app/(app)/stats/scores/actions.ts#answerObjectionAction": needs("stats.manage"),
  "app/(app)/stats/scores/actions.ts#raiseObjectionAction": needs("stats.view"),
  "app/(app)/stats/supervision/export/route.ts#GET": needs("stats.view"),
  "app/(app)/stats/business/export/route.ts#GET": needs("stats.view"),
  "app/(app)/stats/assignments/export/route.ts#GET": needs("stats.view"),
  "app/(app)/stats/scores/export/route.ts#GET": needs("stats.view"),
  "app/(app)/dashboard/behind/export/route.ts#GET": needs("dashboard.view"),

  // 消息中心
  "app/(app)/messages/actions.ts#markReadAction": needs("messages.view", "own"),
  "app/(app)/messages/actions.ts#markAllReadAction": needs("messages.view"),
  "app/(app)/messages/actions.ts#requestMemberChangeAction": needs("unit.members.view", "unit"),
  "app/(app)/messages/notifications/actions.ts#resendNotificationAction": needs("task.manage"),
  "app/(app)/messages/notifications/export/route.ts#GET": needs("messages.view"),

  // 系统后台
  "app/(app)/admin/users/actions.ts#createUserAction": needs("admin.users"),
  "app/(app)/admin/users/actions.ts#updateUserAction": needs("admin.users"),
  "app/(app)/admin/users/actions.ts#setUserEnabledAction": needs("admin.users"),
  "app/(app)/admin/users/actions.ts#resetUserPasswordAction": needs("admin.users"),
  "app/(app)/admin/users/actions.ts#decideMemberChangeAction": needs("admin.users"),
  "app/(app)/admin/users/actions.ts#resetUserTotpAction": needs("admin.users"),
  "app/(app)/admin/users/export/route.ts#GET": needs("admin.users"),
  "app/(app)/admin/users/import/template/route.ts#GET": needs("admin.users"),
  "app/api/admin/users/import/route.ts#POST": needs("admin.users"),
  "app/(app)/admin/roles/actions.ts#createRoleAction": needs("admin.roles"),
  "app/(app)/admin/roles/actions.ts#updateRoleAction": needs("admin.roles"),
  "app/(app)/admin/roles/actions.ts#deleteRoleAction": needs("admin.roles"),
  "app/(app)/admin/departments/actions.ts#createDepartmentAction": needs("admin.departments"),
  "app/(app)/admin/departments/actions.ts#updateDepartmentAction": needs("admin.departments"),
  "app/(app)/admin/departments/actions.ts#moveDepartmentAction": needs("admin.departments"),
  "app/(app)/admin/departments/actions.ts#reorderDepartmentAction": needs("admin.departments"),
  "app/(app)/admin/departments/actions.ts#setDepartmentEnabledAction": needs("admin.departments"),
  "app/(app)/admin/departments/actions.ts#deleteDepartmentAction": needs("admin.departments"),
  "app/(app)/admin/base-data/actions.ts#createEntryAction": needs("admin.basedata"),
  "app/(app)/admin/base-data/actions.ts#renameEntryAction": needs("admin.basedata"),
  "app/(app)/admin/base-data/actions.ts#setEntryEnabledAction": needs("admin.basedata"),
  "app/(app)/admin/base-data/actions.ts#moveEntryAction": needs("admin.basedata"),
  "app/(app)/admin/base-data/actions.ts#deleteEntryAction": needs("admin.basedata"),
  "app/(app)/admin/reminder-rules/actions.ts#updateReminderRuleAction": needs("admin.rules"),
  "app/(app)/admin/scoring-rules/actions.ts#createScoringRuleAction": needs("admin.rules"),
  "app/(app)/admin/scoring-rules/actions.ts#updateScoringRuleAction": needs("admin.rules"),
  "app/(app)/admin/calendar/actions.ts#setCalendarDayAction": needs("admin.rules"),
  "app/(app)/admin/calendar/actions.ts#resetCalendarDayAction": needs("admin.rules"),
  "app/(app)/admin/calendar/actions.ts#importHolidaysAction": needs("admin.rules"),
  "app/(app)/admin/message-templates/actions.ts#updateMessageTemplateAction": needs("admin.rules"),
  "app/(app)/admin/message-templates/actions.ts#resetMessageTemplateAction": needs("admin.rules"),
  "app/(app)/admin/settings/actions.ts#updateSettingsAction": needs("admin.settings"),
};
