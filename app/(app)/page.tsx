import Link from "next/link";
import { clsx } from "clsx";
import { requireViewer } from "@/lib/auth/viewer";
import { navigationFor } from "@/lib/domain/navigation";
import { countWorkQueues } from "@/lib/data/tasks/work-queues";
import { Suspense } from "react";
import type { Actor } from "@/lib/domain/policy";
import { Card, PageHeader } from "@/components/ui/card";
import { LeaderDashboard, LeaderDashboardSkeleton } from "@/components/dashboard/leader-dashboard";

export default async function HomePage() {
  const viewer = await requireViewer();
  // 督查室领导 and 区领导 open the system to look: their home page is the 领导驾驶舱 (dashboard.view).
  if (viewer.permissions.has("dashboard.view")) {
    return (
      <div className="mx-auto max-w-6xl">
        <PageHeader
          title="领导驾驶舱"
          description={
            <>
              {viewer.displayName}（<span data-testid="home-roles">{viewer.roleNames.join("、")}</span>），您好。点击任一数字即可查看对应清单。
            </>
          }
        />
        <Suspense fallback={<LeaderDashboardSkeleton />}>
          <LeaderDashboard viewer={viewer} />
        </Suspense>
      </div>
    );
  }
  return <WorkHome viewer={viewer} />;
}

/** Everyone else: their work queues, who they are, and their menu. */
async function WorkHome({ viewer }: { viewer: Actor }) {
  const groups = navigationFor(viewer);
  const queues = await countWorkQueues(viewer);
  const waiting = queues.reduce((sum, q) => sum + q.count, 0);
  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <PageHeader title={`您好，${viewer.displayName}`} description="欢迎使用督查督办系统" />
      {queues.length > 0 && (
        <Card title="我的待办" actions={<span className="text-sm text-slate-500">{waiting > 0 ? `共 ${waiting} 项待处理` : "暂无待办事项"}</span>}>
          <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3" data-testid="work-queues">
            {queues.map((queue) => (
              <li key={queue.href}>
                <Link
                  href={queue.href}
                  className={clsx(
                    "flex items-center justify-between rounded-md border px-3 py-3 text-sm hover:border-brand-600",
                    queue.count > 0 ? "border-brand-100 bg-brand-50/60" : "border-slate-200",
                  )}
                  data-testid="work-queue"
                  data-queue={queue.href}
                >
                  <span>{queue.label}</span>
                  <span className={clsx("text-lg font-semibold tabular-nums", queue.count > 0 ? "text-brand-700" : "text-slate-500")}>{queue.count}</span>
                </Link>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <div className="grid gap-4 md:grid-cols-2">
        <Card title="我的信息">
          <dl className="grid grid-cols-[5rem_1fr] gap-y-2 text-sm">
            <dt className="text-slate-500">用户名</dt>
            <dd data-testid="home-username">{viewer.username}</dd>
            <dt className="text-slate-500">所在单位</dt>
            <dd data-testid="home-unit">{viewer.departmentName}</dd>
            <dt className="text-slate-500">角色</dt>
            <dd data-testid="home-roles">{viewer.roleNames.join("、") || "未分配角色"}</dd>
            <dt className="text-slate-500">数据范围</dt>
            <dd>{viewer.dataScope === "all_units" ? "全部单位" : "本单位"}</dd>
          </dl>
        </Card>
        <Card title="常用功能">
          {groups.length === 0 ? (
            <p className="text-sm text-slate-500">您的角色暂无可用功能，请联系信息中心分配角色。</p>
          ) : (
            <ul className="grid grid-cols-2 gap-2 text-sm">
              {groups.flatMap((g) =>
                g.items.map((item) => (
                  <li key={item.href}>
                    <Link href={item.href} className="block rounded-md border border-slate-200 px-3 py-2 hover:border-brand-600 hover:text-brand-700">
                      {item.label}
                    </Link>
                  </li>
                )),
              )}
            </ul>
          )}
        </Card>
      </div>
    </div>
  );
}
