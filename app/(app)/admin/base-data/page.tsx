import { redirect } from "next/navigation";
import { requirePermission } from "@/lib/auth/viewer";

/** 基础数据 opens on its first list. */
export default async function BaseDataIndex() {
  await requirePermission("admin.basedata");
  redirect("/admin/base-data/sources");
}
