import { requirePermission } from "@/lib/auth/viewer";

// The permission check before the pages' loading skeletons (Suspense), so a viewer without 绩效统计 gets HTTP 403.
export default async function StatsLayout({ children }: { children: React.ReactNode }) {
  await requirePermission("stats.view");
  return children;
}
