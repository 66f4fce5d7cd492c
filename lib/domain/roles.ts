import type { Permission } from "./permissions";

/** Data scope of a role: office roles see every unit, unit roles only their own. */
export const DATA_SCOPES = ["own_unit", "all_units"] as const;
export type DataScope = (typeof DATA_SCOPES)[number];

export const BUILT_IN_ROLE_CODES = [
  "office_clerk",
  "office_leader",
  "unit_clerk",
  "unit_leader",
  "district_leader",
  "admin",
  "security_admin",
  "security_auditor",
] as const;
export type BuiltInRoleCode = (typeof BUILT_IN_ROLE_CODES)[number];

export interface RoleDefinition {
  code: BuiltInRoleCode;
  name: string;
  description: string;
  dataScope: DataScope;
  permissions: readonly Permission[];
}

/**
 * The built-in roles of the product brief, with the back office split three ways (三员分立, 等保 2.0):
 * 系统管理员 runs the system (users, units, base data, rules, settings) but cannot read 操作日志;
 * 安全管理员 owns roles and permissions and the security settings; 安全审计员 only reads and verifies
 * 操作日志. Nobody can change the log (there is no edit path, and the database refuses it). Seeded into the roles table; the admin may change a
 * built-in role's permissions but never delete it.
 */
export const BUILT_IN_ROLES: readonly RoleDefinition[] = [
  {
    code: "office_clerk",
    name: "督查室经办人",
    description: "登记督办事项、提交审签、交办、审核反馈、撤销、归档",
    dataScope: "all_units",
    permissions: ["task.view", "task.register", "task.dispatch", "task.manage", "report.review", "stats.view", "stats.manage", "messages.view"],
  },
  {
    code: "office_leader",
    name: "督查室领导",
    description: "审核、审签或退回督办事项，审核承办反馈",
    dataScope: "all_units",
    permissions: ["task.view", "task.review", "task.reroute", "report.review", "stats.view", "stats.manage", "dashboard.view", "messages.view"],
  },
  {
    code: "unit_clerk",
    name: "承办单位经办人",
    description: "接收、承办、反馈、上报本单位承办任务",
    dataScope: "own_unit",
    permissions: ["task.view", "assignment.handle", "stats.view", "messages.view", "unit.members.view"],
  },
  {
    code: "unit_leader",
    name: "承办单位领导",
    description: "审签或退回本单位承办内容，分办任务",
    dataScope: "own_unit",
    permissions: ["task.view", "assignment.sign", "stats.view", "messages.view", "unit.members.view"],
  },
  {
    code: "district_leader",
    name: "区领导",
    description: "只读：查看已审签督办事项的办理和跟踪情况",
    dataScope: "all_units",
    permissions: ["task.view", "stats.view", "dashboard.view", "messages.view"],
  },
  {
    code: "admin",
    name: "系统管理员",
    description: "信息中心：用户、角色、部门、基础数据与规则",
    dataScope: "all_units",
    permissions: [
      "admin.users",
      "admin.roles",
      "admin.departments",
      "admin.basedata",
      "admin.rules",
      "admin.settings",
      // 改派 from 用户管理 when a user with pending steps leaves: nothing may wait on a disabled account.
      "task.reroute",
      "messages.view",
    ],
  },
  {
    code: "security_admin",
    name: "安全管理员",
    description: "角色与权限分配，登录、密码与会话等安全策略（系统参数）",
    dataScope: "all_units",
    permissions: ["admin.roles", "admin.settings", "messages.view"],
  },
  {
    code: "security_auditor",
    name: "安全审计员",
    description: "只读：查看、导出和校验操作日志，不能修改",
    dataScope: "own_unit",
    permissions: ["admin.audit", "messages.view"],
  },
];
