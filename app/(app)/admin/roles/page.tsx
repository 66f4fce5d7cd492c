import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/viewer";
import { listAdminRoles } from "@/lib/data/admin-roles";
import { PERMISSION_LABELS } from "@/lib/domain/permissions";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState, Notice, PageHeader } from "@/components/ui/card";
import { permissionGroups } from "./permission-groups";

export const metadata: Metadata = { title: "角色管理" };

const SCOPE_LABELS = { own_unit: "本单位", all_units: "全部单位" } as const;

export default async function RolesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requirePermission("admin.roles");
  const { deleted } = await searchParams;
  const roles = await listAdminRoles(viewer);
  return (
    <div className="space-y-4">
      <PageHeader
        title="角色管理"
        description="内置角色不能删除；自定义角色在没有用户使用时可以删除。权限修改在用户下一次操作时生效。"
        actions={
          <Link href="/admin/roles/new" className={buttonClass("primary")} data-testid="new-role">
            新建角色
          </Link>
        }
      />
      {deleted && <Notice tone="success">角色已删除。</Notice>}
      {roles.length === 0 ? (
        <EmptyState title="还没有角色" />
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3" data-testid="role-list">
          {roles.map((r) => (
            <li key={r.id} className="flex flex-col rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="role-card" data-role={r.name}>
              <div className="flex items-start justify-between gap-2">
                <Link href={`/admin/roles/${r.id}`} className="font-semibold text-brand-700 hover:underline">
                  {r.name}
                </Link>
                <span className={r.builtIn ? "rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600" : "rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800"}>
                  {r.builtIn ? "内置" : "自定义"}
                </span>
              </div>
              {r.description && <p className="mt-1 text-sm text-slate-600">{r.description}</p>}
              <p className="mt-auto pt-3 text-xs text-slate-500">
                数据范围：{SCOPE_LABELS[r.dataScope]} · {r.permissions.length} 项权限 · {r.holders} 个用户
              </p>
            </li>
          ))}
        </ul>
      )}

      <Card title="权限矩阵">
        <p className="mb-3 text-sm text-slate-600">点击角色名称修改该角色的权限。</p>
        <div className="overflow-x-auto">
          <table className="w-full min-w-[640px] text-sm" data-testid="permission-matrix">
            <thead>
              <tr className="border-b border-slate-200 text-xs text-slate-500">
                <th scope="col" className="sticky left-0 bg-white px-2 py-2 text-left font-medium">
                  权限
                </th>
                {roles.map((r) => (
                  <th key={r.id} scope="col" className="px-2 py-2 text-center font-medium">
                    <Link href={`/admin/roles/${r.id}`} className="text-brand-700 hover:underline">
                      {r.name}
                    </Link>
                  </th>
                ))}
              </tr>
            </thead>
            {permissionGroups().map((group) => (
              <tbody key={group.label} className="border-b border-slate-100">
                <tr>
                  <th colSpan={roles.length + 1} scope="rowgroup" className="bg-slate-50 px-2 py-1 text-left text-xs font-semibold text-slate-500">
                    {group.label}
                  </th>
                </tr>
                {group.permissions.map((p) => (
                  <tr key={p} className="hover:bg-slate-50">
                    <th scope="row" className="sticky left-0 bg-white px-2 py-1.5 text-left font-normal text-slate-700">
                      {PERMISSION_LABELS[p]}
                    </th>
                    {roles.map((r) => (
                      <td key={r.id} className="px-2 py-1.5 text-center">
                        {r.permissions.includes(p) ? (
                          <span className="text-green-700" aria-label="有">
                            ✓
                          </span>
                        ) : (
                          <span className="text-slate-300" aria-label="无">
                            ·
                          </span>
                        )}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      </Card>
    </div>
  );
}
