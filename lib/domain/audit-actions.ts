/**
 * Every action code 操作日志 records, with the Chinese name the admin reads. The one label table:
 * writeAudit only accepts these codes, so a new code cannot reach the log without a label.
 */
export const AUDIT_ACTION_LABELS = {
  "auth.login": "登录",
  "auth.login_failed": "登录失败",
  "auth.logout": "注销",
  "auth.password_changed": "修改密码",
  "auth.password_change_failed": "修改密码失败",
  "auth.totp_verified": "动态口令验证通过",
  "auth.totp_enabled": "启用双因素认证",
  "auth.sessions_ended": "退出其他会话",
  "auth.session_displaced": "超出会话数上限结束较早会话",
  "admin.user.reset_totp": "重置用户动态口令",
  "admin.user.create": "新建用户",
  "admin.user.update": "修改用户",
  "admin.user.enable": "启用用户",
  "admin.user.disable": "停用用户",
  "admin.user.import": "导入用户",
  "admin.user.reset_password": "重置用户密码",
  "unit.member_change.request": "提交人员变更申请",
  "admin.member_change.done": "办理人员变更申请",
  "admin.member_change.reject": "不采纳人员变更申请",
  "admin.role.create": "新建角色",
  "admin.role.update": "修改角色",
  "admin.role.delete": "删除角色",
  "admin.department.create": "新建部门",
  "admin.department.update": "修改部门",
  "admin.department.enable": "启用部门",
  "admin.department.disable": "停用部门",
  "admin.department.move": "移动部门",
  "admin.department.reorder": "调整部门顺序",
  "admin.department.delete": "删除部门",
  "admin.basedata.create": "新增基础数据",
  "admin.basedata.update": "修改基础数据",
  "admin.basedata.enable": "启用基础数据",
  "admin.basedata.disable": "停用基础数据",
  "admin.basedata.move": "调整基础数据顺序",
  "admin.basedata.delete": "删除基础数据",
  "admin.calendar.set_day": "设置工作日历",
  "admin.calendar.reset_day": "恢复工作日历默认",
  "admin.calendar.import": "导入法定节假日",
  "admin.rules.reminder_update": "修改提醒规则",
  "admin.rules.scoring_create": "新增绩效规则",
  "admin.rules.scoring_update": "修改绩效规则",
  "admin.settings.update": "修改系统参数",
  "task.delete": "删除督办草稿",
  "notification.resend": "重发短信",
  "admin.template.update": "修改消息模板",
  "admin.template.reset": "恢复默认消息模板",
  "stats.score.adjust": "人工加减分",
  "stats.score.correct": "更正已发布月份绩效",
  "stats.score.publish": "发布月度绩效排名",
  "stats.objection.raise": "提出绩效申诉",
  "stats.objection.answer": "答复绩效申诉",
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTION_LABELS;

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTION_LABELS, value);
}

/** The Chinese name of an action code; a code from an older version of the app reads 其他操作. */
export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTION_LABELS[action] : "其他操作";
}
