import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/viewer";
import { buildDepartmentTree, listAdminDepartments } from "@/lib/data/admin-departments";
import { Card, Notice, PageHeader } from "@/components/ui/card";
import { DepartmentForm, MoveForm, StatusPanel, type DepartmentValues } from "../department-forms";
import { parentOptions } from "../parent-options";

export const metadata: Metadata = { title: "编辑部门" };

export default async function EditDepartmentPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission("admin.departments");
  const { id } = await params;
  const rows = await listAdminDepartments(viewer);
  const row = rows.find((r) => r.id === id);
  if (!row) notFound();
  const parent = rows.find((r) => r.id === row.parentId);
  const department: DepartmentValues = {
    id: row.id,
    version: row.version,
    name: row.name,
    shortName: row.shortName,
    kind: row.kind,
    isGroup: row.isGroup,
    parentId: row.parentId,
    enabled: row.enabled,
    users: row.users,
    tasks: row.tasks,
    children: rows.filter((r) => r.parentId === row.id).length,
  };
  const options = parentOptions(buildDepartmentTree(rows), rows, row.id);
  return (
    <div className="mx-auto max-w-3xl space-y-4">
      <PageHeader
        title={row.name}
        description={
          <>
            上级：{parent?.name ?? "（顶层）"} · {row.users} 个用户
            {row.users > 0 && (
              <>
                {" "}
                <Link className="text-brand-700 underline" href={`/admin/users?unit=${row.id}`}>
                  查看
                </Link>
              </>
            )}
            {row.tasks > 0 && ` · ${row.tasks} 项督办任务`}
          </>
        }
      />
      {!row.enabled && <Notice tone="warning">该部门已停用。</Notice>}
      <Card title="基本信息">
        <DepartmentForm department={department} />
      </Card>
      <Card title="调整上级">
        <MoveForm department={department} parents={options} />
      </Card>
      <Card title="状态">
        <StatusPanel department={department} />
      </Card>
    </div>
  );
}
