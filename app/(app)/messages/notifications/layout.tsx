import { requirePermission } from "@/lib/auth/viewer";

// The permission check before the loading skeleton's Suspense boundary, so a viewer without 消息中心 gets HTTP 403.
export default async function PermissionLayout({ children }: { children: React.ReactNode }) {
  await requirePermission("messages.view");
  return children;
}
