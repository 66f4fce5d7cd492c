import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/viewer";
import { Card, PageHeader } from "@/components/ui/card";
import { RoleForm } from "../role-form";

export const metadata: Metadata = { title: "新建角色" };

export default async function NewRolePage() {
  await requirePermission("admin.roles");
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader title="新建角色" />
      <Card>
        <RoleForm />
      </Card>
    </div>
  );
}
