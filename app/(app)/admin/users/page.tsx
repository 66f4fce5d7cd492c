import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/viewer";
import { USER_PAGE_SIZE, listAdminUsers, parseUserFilters, userFormOptions } from "@/lib/data/admin-users";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/field";
import { Pagination } from "@/components/ui/pagination";
import { listHref } from "@/lib/data/list-params";
import { UnitOptions } from "@/components/admin/unit-options";
import { countOpenChangeRequests } from "@/lib/data/member-changes";

export const metadata: Metadata = { title: "用户管理" };

export default async function UsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requirePermission("admin.users");
  const filters = parseUserFilters(await searchParams);
  const [{ rows, total }, options, openRequests] = await Promise.all([listAdminUsers(viewer, filters), userFormOptions(viewer), countOpenChangeRequests(viewer)]);
  const params = { q: filters.q, unit: filters.unit, role: filters.role, enabled: filters.enabled };
  const filtered = Object.values(params).some(Boolean);
  return (
    <div className="space-y-4">
      <PageHeader
        title="用户管理"
        description="账号、所属单位、角色和短信接收人"
        actions={
          <>
            <Link href="/admin/users/new" className={buttonClass("primary")} data-testid="new-user">
              新建用户
            </Link>
            <Link href="/admin/users/import" className={buttonClass("secondary")}>
              批量导入
            </Link>
            <a href={listHref("/admin/users/export", params)} className={buttonClass("secondary")} data-testid="export-users" download>
              导出 Excel
            </a>
            {/* 单位用户信息's 变更申请: the units' requests wait here until an admin closes them. */}
            <Link href="/admin/users/change-requests" className={buttonClass("secondary")} data-testid="change-requests-link">
              变更申请
              {openRequests > 0 && (
                <span className="rounded-full bg-red-600 px-1.5 text-xs text-white" data-testid="change-requests-open">
                  {openRequests}
                  <span className="sr-only"> 条待处理</span>
                </span>
              )}
            </Link>
          </>
        }
      />
      <form method="get" className="grid gap-2 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2 lg:grid-cols-[2fr_2fr_1.3fr_1fr_auto]" role="search" aria-label="筛选用户">
        <label className="sr-only" htmlFor="q">
          搜索
        </label>
        <Input id="q" name="q" defaultValue={filters.q} placeholder="姓名、用户名、完整手机号或单位" data-testid="user-search" />
        <label className="sr-only" htmlFor="unit">
          单位
        </label>
        <Select id="unit" name="unit" defaultValue={filters.unit} data-testid="filter-unit">
          <option value="">全部单位</option>
          <UnitOptions units={options.units} groupsSelectable />
        </Select>
        <label className="sr-only" htmlFor="role">
          角色
        </label>
        <Select id="role" name="role" defaultValue={filters.role} data-testid="filter-role">
          <option value="">全部角色</option>
          {options.roles.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </Select>
        <label className="sr-only" htmlFor="enabled">
          状态
        </label>
        <Select id="enabled" name="enabled" defaultValue={filters.enabled} data-testid="filter-enabled">
          <option value="">全部状态</option>
          <option value="1">启用</option>
          <option value="0">停用</option>
        </Select>
        <div className="flex gap-2">
          <button type="submit" className={buttonClass("primary", "flex-1 sm:flex-none")}>
            查询
          </button>
          {filtered && (
            <Link href="/admin/users" className={buttonClass("ghost")}>
              清除
            </Link>
          )}
        </div>
      </form>

      {rows.length === 0 ? (
        <EmptyState title={filtered ? "没有符合条件的用户" : "还没有用户"}>{filtered ? "请调整搜索或筛选条件" : "点击“新建用户”或“批量导入”添加"}</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm" data-testid="user-table">
            <thead className="bg-slate-50 text-xs text-slate-500">
              <tr>
                <th className="px-3 py-2 font-medium whitespace-nowrap">姓名 / 用户名</th>
                <th className="px-3 py-2 font-medium">所属单位</th>
                <th className="hidden px-3 py-2 font-medium md:table-cell">角色</th>
                <th className="hidden px-3 py-2 font-medium sm:table-cell">手机号</th>
                <th className="px-3 py-2 font-medium">状态</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((u) => (
                <tr key={u.id} className="hover:bg-slate-50" data-testid="user-row" data-username={u.username}>
                  <td className="px-3 py-2">
                    <Link href={`/admin/users/${u.id}`} className="font-medium text-brand-700 hover:underline">
                      {u.displayName}
                    </Link>
                    <span className="block text-xs text-slate-500">{u.username}</span>
                  </td>
                  <td className="px-3 py-2">
                    {u.departmentName}
                    <span className="block text-xs text-slate-500 md:hidden">{u.roleNames.join("、")}</span>
                  </td>
                  <td className="hidden px-3 py-2 md:table-cell">{u.roleNames.join("、") || <span className="text-slate-500">无</span>}</td>
                  <td className="hidden px-3 py-2 whitespace-nowrap sm:table-cell">
                    {u.mobile ?? <span className="text-slate-500">—</span>}
                    {u.smsRecipient && <span className="ml-1 rounded bg-brand-50 px-1.5 py-0.5 text-xs text-brand-700">短信</span>}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    {u.enabled ? <span className="text-green-700">启用</span> : <span className="text-slate-500">停用</span>}
                    {u.mustChangePassword && <span className="block text-xs text-amber-700">待改密码</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination path="/admin/users" params={params} page={filters.page} pageSize={USER_PAGE_SIZE} total={total} />
    </div>
  );
}
