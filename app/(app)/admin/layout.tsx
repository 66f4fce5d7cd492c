import { forbidden } from "next/navigation";
import { requireViewer } from "@/lib/auth/viewer";
import { adminNavigationFor } from "@/lib/domain/navigation";
import { AdminSubnav } from "@/components/admin/admin-subnav";

/**
 * 系统后台 section. The sub-navigation is the 系统设置 group of lib/domain/navigation.ts filtered by the
 * viewer's permissions. A viewer without any back-office permission is turned away here as well, but
 * every page (and every action and service) still checks its own permission: layouts are not re-run
 * on every client navigation, so this is never the only check.
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const viewer = await requireViewer();
  const items = adminNavigationFor(viewer);
  if (items.length === 0) forbidden();
  return (
    <div>
      <AdminSubnav items={items} />
      {children}
    </div>
  );
}
