import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/viewer";
import { getAdminRole } from "@/lib/data/admin-roles";
import { Card, Notice, PageHeader } from "@/components/ui/card";
import { RoleForm } from "../role-form";

export const metadata: Metadata = { title: "编辑角色" };

export default async function EditRolePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | undefined>> }) {
  const viewer = await requirePermission("admin.roles");
  const [{ id }, { created }] = await Promise.all([params, searchParams]);
  const role = await getAdminRole(viewer, id);
  if (!role) notFound();
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <PageHeader title={role.name} description={`${role.builtIn ? "内置角色" : "自定义角色"} · ${role.holders} 个用户拥有该角色`} />
      {created && <Notice tone="success">角色已创建。</Notice>}
      <Card>
        <RoleForm
          role={{
            id: role.id,
            version: role.version,
            name: role.name,
            description: role.description,
            builtIn: role.builtIn,
            isAdminRole: role.code === "admin",
            dataScope: role.dataScope,
            permissions: role.permissions,
            holders: role.holders,
          }}
        />
      </Card>
    </div>
  );
}
