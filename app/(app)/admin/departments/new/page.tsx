import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/viewer";
import { buildDepartmentTree, listAdminDepartments } from "@/lib/data/admin-departments";
import { Card, PageHeader } from "@/components/ui/card";
import { DepartmentForm } from "../department-forms";
import { parentOptions } from "../parent-options";

export const metadata: Metadata = { title: "新建部门" };

export default async function NewDepartmentPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requirePermission("admin.departments");
  const { parent } = await searchParams;
  const rows = await listAdminDepartments(viewer);
  const parentRow = rows.find((r) => r.id === parent);
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title="新建部门" description={parentRow ? `上级：${parentRow.name}` : undefined} />
      <Card>
        <DepartmentForm parents={parentOptions(buildDepartmentTree(rows), rows)} defaultParentId={parentRow?.id} defaultKind={parentRow?.kind} />
      </Card>
    </div>
  );
}
