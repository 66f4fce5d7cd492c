import { LOGIN_METHOD_LABELS } from "@/lib/domain/session";

/** Field names in audit details, as the admin reads them. Unknown keys are shown as they are. */
const FIELD_LABELS: Record<string, string> = {
  username: "用户名",
  displayName: "姓名",
  mobile: "手机号",
  department: "所属单位",
  roles: "角色",
  smsRecipient: "短信接收人",
  enabled: "启用",
  mustChangePassword: "须修改密码",
  externalId: "OA 账号",
  localPassword: "本地密码",
  method: "登录方式",
  reason: "原因",
  name: "名称",
  shortName: "简称",
  description: "说明",
  dataScope: "数据范围",
  permissions: "权限",
  kind: "类型",
  isGroup: "分组",
  parent: "上级",
  sortOrder: "排序",
  position: "位置",
  movedAbove: "移到其前",
  movedBelow: "移到其后",
};

const VALUE_LABELS: Record<string, string> = {
  own_unit: "本单位",
  all_units: "全部单位",
  ...LOGIN_METHOD_LABELS,
};

function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (typeof value === "boolean") return value ? "是" : "否";
  if (Array.isArray(value)) return value.length ? value.map(show).join("、") : "（无）";
  if (typeof value === "object") return JSON.stringify(value);
  return VALUE_LABELS[String(value)] ?? String(value);
}

/**
 * Before/after of a back-office change as a small table; fields that changed are highlighted. The
 * permission codes are shown with their Chinese labels when the caller passes them in `labels`.
 */
export function AuditDetail({ detail, labels = {} }: { detail: unknown; labels?: Record<string, string> }) {
  const d = detail as { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null } & Record<string, unknown>;
  const before = d.before ?? {};
  const after = d.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const extra = Object.entries(d).filter(([k]) => k !== "before" && k !== "after");
  const fmt = (v: unknown) => (Array.isArray(v) ? v.map((x) => labels[String(x)] ?? x) : v);
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-xs text-brand-700">查看变更</summary>
      <table className="mt-1 w-full text-xs" data-testid="audit-detail">
        <thead className="text-slate-500">
          <tr>
            <th className="py-0.5 pr-2 text-left font-medium">字段</th>
            <th className="py-0.5 pr-2 text-left font-medium">修改前</th>
            <th className="py-0.5 text-left font-medium">修改后</th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => {
            const b = show(fmt(before[k]));
            const a = show(fmt(after[k]));
            const changed = d.before && d.after ? b !== a : true;
            return (
              <tr key={k} className={changed ? "bg-amber-50" : "text-slate-500"}>
                <td className="py-0.5 pr-2 whitespace-nowrap">{FIELD_LABELS[k] ?? k}</td>
                <td className="py-0.5 pr-2 break-all">{d.before ? b : "—"}</td>
                <td className="py-0.5 break-all">{d.after ? a : "（已删除）"}</td>
              </tr>
            );
          })}
          {extra.map(([k, v]) => (
            <tr key={k} className="text-slate-500">
              <td className="py-0.5 pr-2">{k === "row" ? "表格行" : k}</td>
              <td colSpan={2} className="py-0.5">
                {show(v)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

const LOGIN_REASONS: Record<string, string> = {
  wrong_password: "密码错误",
  unknown_user: "账号在本系统中不存在",
  disabled: "账号已停用",
  locked: "账号已锁定",
  password_login_off: "密码登录已关闭",
  missing_claim: "OA 未提供账号",
  link_malformed: "链接不完整",
  link_bad_signature: "链接签名不符",
  link_expired: "链接已过期",
  link_replayed: "链接重复使用",
  ticket_rejected: "OA 凭据无效",
  oa_unavailable: "OA 认证服务不可用",
};

/** A login's method (用户名密码 / OA 单点登录 …), the OA 账号 it came with, and why it was refused. */
export function LoginAuditDetail({ detail }: { detail: unknown }) {
  if (typeof detail !== "object" || detail === null) return null;
  const d = detail as { method?: unknown; reason?: unknown; externalId?: unknown };
  const parts = [
    typeof d.method === "string" && `方式：${VALUE_LABELS[d.method] ?? d.method}`,
    typeof d.externalId === "string" && d.externalId && `OA 账号：${d.externalId}`,
    typeof d.reason === "string" && `原因：${LOGIN_REASONS[d.reason] ?? d.reason}`,
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <span className="block text-xs text-slate-500" data-testid="login-detail">
      {parts.join("；")}
    </span>
  );
}
