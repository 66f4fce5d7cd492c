import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/viewer";
import { userFormOptions } from "@/lib/data/admin-users";
import { Card, PageHeader } from "@/components/ui/card";
import { UserForm } from "../user-form";

export const metadata: Metadata = { title: "新建用户" };

export default async function NewUserPage() {
  const viewer = await requirePermission("admin.users");
  const { units, roles } = await userFormOptions(viewer);
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title="新建用户" />
      <Card>
        <UserForm units={units} roles={roles} />
      </Card>
    </div>
  );
}
