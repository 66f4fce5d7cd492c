import { requirePermission } from "@/lib/auth/viewer";

// The permission check before the loading skeleton's Suspense boundary: only there can forbidden() still
// answer HTTP 403 (behind it the 200 has already been sent). The page checks again for itself.
export default async function PermissionLayout({ children }: { children: React.ReactNode }) {
  await requirePermission("task.view");
  return children;
}
