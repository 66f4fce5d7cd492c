import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/viewer";
import { getUnitMembers } from "@/lib/data/unit-members";
import { listUnitChangeRequests } from "@/lib/data/member-changes";
import { shownMobile } from "@/lib/domain/mobile-visibility";
import { Card, EmptyState, Notice, PageHeader } from "@/components/ui/card";
import { ChangeRequestSummary } from "@/components/members/change-request-summary";
import { ChangeRequestForm } from "./change-request-form";

export const metadata: Metadata = { title: "单位用户信息" };

/**
 * 单位用户信息 (manual §2.6, §2.8.2): the unit's people and who of them gets the dispatch SMS; the manual's
 * "如需变更，请联系信息中心" is the 变更申请 form below, which 信息中心 sees in 用户管理.
 */
export default async function UnitMembersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requirePermission("unit.members.view");
  const [unit, requests, raw] = await Promise.all([getUnitMembers(viewer), listUnitChangeRequests(viewer), searchParams]);
  const preselect = typeof raw.target === "string" && unit.members.some((m) => m.id === raw.target) ? raw.target : "";
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <PageHeader title="单位用户信息" description={`${unit.departmentName}的人员及短信接收情况。督查室交办任务时，向本单位的短信接收人发送短信提示。`} />

      <p className="text-sm text-slate-700" data-testid="sms-summary">
        本单位共 {unit.members.length} 人，其中 <strong>{unit.smsReceivers}</strong> 人能接收交办短信
        {unit.unreachable > 0 && (
          <>
            ，<strong className="text-red-700">{unit.unreachable}</strong> 名短信接收人无法接收短信（未登记或号码无效）
          </>
        )}
        。
      </p>
      {unit.smsReceivers === 0 && (
        <Notice tone="error" testId="no-sms-receiver">
          本单位目前没有人能接收交办短信：督查室交办任务时不会有短信提示。请通过下方“变更申请”告知信息中心设置短信接收人。
        </Notice>
      )}

      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm" data-testid="member-table">
          <thead className="bg-slate-50 text-xs text-slate-500">
            <tr>
              <th className="px-3 py-2 font-medium whitespace-nowrap">姓名 / 用户名</th>
              <th className="hidden px-3 py-2 font-medium sm:table-cell">角色</th>
              <th className="hidden px-3 py-2 font-medium sm:table-cell">手机号</th>
              <th className="px-3 py-2 font-medium whitespace-nowrap">短信接收</th>
              <th className="hidden px-3 py-2 font-medium sm:table-cell">状态</th>
              <th className="px-3 py-2 font-medium">
                <span className="sr-only">操作</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {unit.members.map((m) => (
              <tr key={m.id} data-testid="member-row" data-username={m.username} className={m.enabled ? undefined : "text-slate-500"}>
                <td className="px-3 py-2">
                  <span className="font-medium">{m.displayName}</span>
                  {m.id === viewer.userId && <span className="ml-1 text-xs text-slate-500">（本人）</span>}
                  <span className="block text-xs text-slate-500">{m.username}</span>
                  {/* On a phone the role, number and state sit under the name, so the table fits 390 px. */}
                  <span className="block text-xs text-slate-500 sm:hidden">
                    {m.roleNames.join("、")}
                    {!m.enabled && " · 已停用"}
                  </span>
                  <span className="block text-xs text-slate-600 tabular-nums sm:hidden">{m.mobile}</span>
                </td>
                <td className="hidden px-3 py-2 sm:table-cell">{m.roleNames.join("、") || <span className="text-slate-500">无</span>}</td>
                <td className="hidden px-3 py-2 whitespace-nowrap tabular-nums sm:table-cell">{m.mobile}</td>
                <td className="px-3 py-2" data-testid="member-sms">
                  {m.unreachable ? (
                    <span className="rounded bg-red-50 px-1.5 py-0.5 text-xs whitespace-nowrap text-red-700" data-testid="member-unreachable">
                      无法接收短信
                    </span>
                  ) : m.smsRecipient ? (
                    <span className="rounded bg-brand-50 px-1.5 py-0.5 text-xs text-brand-700">是</span>
                  ) : (
                    <span className="text-slate-500">否</span>
                  )}
                </td>
                <td className="hidden px-3 py-2 whitespace-nowrap sm:table-cell">{m.enabled ? <span className="text-green-700">启用</span> : "停用"}</td>
                <td className="px-3 py-2 text-right whitespace-nowrap">
                  <a href={`?target=${m.id}#change-request`} className="text-brand-700 hover:underline" data-testid="member-request-change">
                    申请变更<span className="sr-only">：{m.displayName}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-xs text-slate-500">手机号仅显示前三位和后四位（本人除外）；完整号码由信息中心在用户管理中维护。</p>

      <Card title="变更申请">
        <div id="change-request" className="scroll-mt-4 space-y-4">
          <p className="text-sm text-slate-600">人员调动、不在岗或号码变更时，请在此提交申请，由信息中心修改后标记办理结果。</p>
          <ChangeRequestForm
            key={preselect}
            members={unit.members.filter((m) => m.enabled || m.id === preselect).map((m) => ({ id: m.id, label: `${m.displayName}（${m.username}）` }))}
            preselect={preselect}
          />
        </div>
      </Card>

      <Card title={`本单位的变更申请（${requests.length}）`}>
        {requests.length === 0 ? (
          <EmptyState title="还没有提交过变更申请" />
        ) : (
          <ul className="-mx-4 -my-4 divide-y divide-slate-100" data-testid="change-request-list">
            {requests.map((r) => (
              <ChangeRequestSummary key={r.id} request={r} showMobile={(mobile) => shownMobile(viewer, { userId: r.target?.id, departmentId: r.departmentId }, mobile) ?? ""} />
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
