import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/viewer";
import { buildDepartmentTree, listAdminDepartments } from "@/lib/data/admin-departments";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState, Notice, PageHeader } from "@/components/ui/card";
import { DepartmentTree } from "./department-tree";

export const metadata: Metadata = { title: "部门管理" };

export default async function DepartmentsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requirePermission("admin.departments");
  const { created, deleted } = await searchParams;
  const rows = await listAdminDepartments(viewer);
  const tree = buildDepartmentTree(rows);
  return (
    <div className="space-y-4">
      <PageHeader
        title="部门管理"
        description="有用户或督办任务的单位不能删除，只能停用；停用的单位不能再被选作新用户或新任务的单位。"
        actions={
          <Link href="/admin/departments/new" className={buttonClass("primary")} data-testid="new-department">
            新建部门
          </Link>
        }
      />
      {created && <Notice tone="success">部门已创建。</Notice>}
      {deleted && <Notice tone="success">部门已删除。</Notice>}
      {tree.length === 0 ? (
        <EmptyState title="还没有部门">点击“新建部门”添加分组（如区级部门、街道）和单位。</EmptyState>
      ) : (
        <Card>
          <DepartmentTree tree={tree} highlight={created} />
        </Card>
      )}
    </div>
  );
}
