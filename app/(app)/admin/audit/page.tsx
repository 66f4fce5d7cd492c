import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/viewer";
import { AUDIT_PAGE_SIZE, auditActionOptions, auditIntegrity, listAuditLogs, PAGE_VERIFY_ROWS, parseAuditFilters, type AuditRow } from "@/lib/data/audit";
import type { ChainReport } from "@/lib/services/audit-chain";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/field";
import { Pagination } from "@/components/ui/pagination";
import { AuditDetail, LoginAuditDetail } from "@/components/admin/audit-detail";
import { PERMISSION_LABELS } from "@/lib/domain/permissions";
import { formatDateTime } from "@/lib/domain/dates";

export const metadata: Metadata = { title: "操作日志" };

function hasChange(detail: unknown): boolean {
  return typeof detail === "object" && detail !== null && ("before" in detail || "after" in detail);
}

function Row({ row }: { row: AuditRow }) {
  return (
    <tr className="align-top" data-testid="audit-row" data-action={row.action}>
      <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatDateTime(row.at, { seconds: true })}</td>
      <td className="px-3 py-2">{row.actorName ?? <span className="text-slate-500">—</span>}</td>
      <td className="px-3 py-2">
        <span className={row.success ? "" : "text-red-700"}>{row.actionLabel}</span>
        {!row.success && <span className="ml-1 text-xs text-red-700">（失败）</span>}
        <span className="block text-xs text-slate-500 sm:hidden">{row.ip}</span>
        {hasChange(row.detail) && <AuditDetail detail={row.detail} labels={PERMISSION_LABELS} />}
        {row.action.startsWith("auth.login") && <LoginAuditDetail detail={row.detail} />}
      </td>
      <td className="hidden px-3 py-2 whitespace-nowrap text-slate-600 sm:table-cell" title={row.userAgent ?? undefined}>
        {row.ip ?? "—"}
      </td>
    </tr>
  );
}

const CHAIN_LABELS = { audit_logs: "操作日志", task_events: "流转记录" } as const;

/** The result of 校验完整性: each chain whole, or where it first breaks and how. */
function Integrity({ reports }: { reports: ChainReport[] }) {
  const broken = reports.some((r) => r.broken);
  return (
    <div role="status" data-testid="audit-integrity" className={`rounded-lg border p-3 text-sm ${broken ? "border-red-300 bg-red-50 text-red-800" : "border-green-300 bg-green-50 text-green-800"}`}>
      <p className="font-medium">{broken ? "完整性校验发现问题" : "完整性校验通过"}</p>
      <p className="text-xs">校验每类记录最新的 {PAGE_VERIFY_ROWS.toLocaleString("zh-CN")} 条；全部记录请由运维人员运行 npm run audit:verify。</p>
      <ul className="mt-1 space-y-1">
        {reports.map((r) => (
          <li key={r.table}>
            {CHAIN_LABELS[r.table]}：已校验 {r.checked} 条，{r.broken ? `在第 ${r.broken.id} 号记录处断链 — ${r.broken.problem}` : "完整"}
            {r.unsigned > 0 && `（另有 ${r.unsigned} 条启用校验前的记录未签名）`}
          </li>
        ))}
      </ul>
    </div>
  );
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requirePermission("admin.audit");
  const search = await searchParams;
  const filters = parseAuditFilters(search);
  const integrity = search.verify === "1" ? await auditIntegrity(viewer) : null;
  const [{ rows, total }, actions] = await Promise.all([listAuditLogs(viewer, filters), auditActionOptions(viewer)]);
  const params = { who: filters.who, action: filters.action, from: filters.from, to: filters.to, ip: filters.ip };
  const filtered = Object.values(params).some(Boolean);
  return (
    <div className="space-y-4">
      <PageHeader
        title="操作日志"
        description="登录、密码和后台设置的每一次变更，最新的在前；只能追加，不能修改或删除"
        actions={
          <Link href="/admin/audit?verify=1" className={buttonClass("secondary")} data-testid="audit-verify">
            校验完整性
          </Link>
        }
      />
      {integrity && <Integrity reports={integrity} />}
      <form method="get" role="search" aria-label="筛选操作日志" className="grid gap-2 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2 lg:grid-cols-[1.2fr_1.5fr_1fr_1fr_1fr_auto]">
        <div>
          <label htmlFor="who" className="text-xs text-slate-500">
            操作人
          </label>
          <Input id="who" name="who" defaultValue={filters.who} placeholder="操作人姓名" />
        </div>
        <div>
          <label htmlFor="action" className="text-xs text-slate-500">
            操作
          </label>
          <Select id="action" name="action" defaultValue={filters.action}>
            <option value="">全部操作</option>
            {actions.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </Select>
        </div>
        <div>
          <label htmlFor="from" className="text-xs text-slate-500">
            开始日期
          </label>
          <Input id="from" name="from" type="date" defaultValue={filters.from} />
        </div>
        <div>
          <label htmlFor="to" className="text-xs text-slate-500">
            结束日期
          </label>
          <Input id="to" name="to" type="date" defaultValue={filters.to} />
        </div>
        <div>
          <label htmlFor="ip" className="text-xs text-slate-500">
            IP 地址
          </label>
          <Input id="ip" name="ip" defaultValue={filters.ip} placeholder="如 10.1." />
        </div>
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonClass("primary", "flex-1 sm:flex-none")}>
            查询
          </button>
          {filtered && (
            <Link href="/admin/audit" className={buttonClass("ghost")}>
              清除
            </Link>
          )}
        </div>
      </form>
      {rows.length === 0 ? (
        <EmptyState title={filtered ? "没有符合条件的日志" : "还没有操作日志"} />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm" data-testid="audit-table">
            <thead className="bg-slate-50 text-xs text-slate-500">
              <tr>
                <th className="px-3 py-2 font-medium">时间</th>
                <th className="px-3 py-2 font-medium">操作人</th>
                <th className="px-3 py-2 font-medium">操作与内容</th>
                <th className="hidden px-3 py-2 font-medium sm:table-cell">IP</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <Row key={r.id} row={r} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination path="/admin/audit" params={params} page={filters.page} pageSize={AUDIT_PAGE_SIZE} total={total} />
    </div>
  );
}
