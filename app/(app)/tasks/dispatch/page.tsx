import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/viewer";
import type { SearchParams } from "@/lib/data/task-filters";
import { TaskQueue } from "@/components/tasks/task-queue";

export const metadata: Metadata = { title: "待交办" };

export default async function DispatchQueuePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission("task.dispatch");
  return (
    <TaskQueue
      viewer={viewer}
      kind="dispatch"
      pathname="/tasks/dispatch"
      raw={await searchParams}
      title="待交办"
      description="领导已审签、等待交办给承办单位的督办事项"
      emptyTitle="暂无待交办的督办事项"
    />
  );
}
