/**
 * Every permission the system knows. Roles are granted subsets of these (as data, editable in 角色管理);
 * services check them on the server before anything else.
 */
export const PERMISSIONS = [
  "task.view", // read tasks/assignments within the viewer's data scope
  "task.register", // 督办登记: create, edit, delete drafts, submit for review
  "task.review", // 督查室领导: 审核 / 审签 / 退回 a submitted task
  "task.dispatch", // 交办 a signed task to units
  "task.manage", // 撤销, 归档, 催办 after dispatch
  "task.reroute", // 改派: move a step waiting on someone else (a leader's review, a unit's handler or signer) to another eligible person
  "report.review", // 督查室 reviews unit feedback: accept / 退回重办
  "assignment.handle", // 承办单位经办人: receive, handle, feed back, report up
  "assignment.sign", // 承办单位领导: 审签 / 退回 handling text, 分办
  "stats.view", // 绩效统计: an all-units viewer sees every unit, a unit its own figures and ranking position
  "stats.manage", // 绩效考核: 人工加减分, 发布（冻结）月度排名, 答复申诉
  "dashboard.view", // 领导驾驶舱 as the home page
  "messages.view", // 消息中心
  "unit.members.view", // 单位用户信息
  "admin.users",
  "admin.roles",
  "admin.departments",
  "admin.basedata", // 事件来源 / 事项类别 / 办件类型 / 紧急程度
  "admin.rules", // 提醒规则 / 绩效规则 / 工作日历
  "admin.settings", // 系统参数
  "admin.audit", // 操作日志
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const PERMISSION_LABELS: Record<Permission, string> = {
  "task.view": "查看督办任务",
  "task.register": "督办登记",
  "task.review": "审核、审签督办事项",
  "task.dispatch": "交办",
  "task.manage": "撤销、归档",
  "task.reroute": "改派待办环节",
  "report.review": "审核承办反馈",
  "assignment.handle": "任务承办与反馈",
  "assignment.sign": "承办任务审签、分办",
  "stats.view": "绩效统计",
  "stats.manage": "绩效考核管理（加减分、发布、答复申诉）",
  "dashboard.view": "领导驾驶舱",
  "messages.view": "消息中心",
  "unit.members.view": "单位用户信息",
  "admin.users": "用户管理",
  "admin.roles": "角色管理",
  "admin.departments": "部门管理",
  "admin.basedata": "基础数据设置",
  "admin.rules": "提醒、绩效规则与工作日历",
  "admin.settings": "系统参数",
  "admin.audit": "操作日志",
};

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
