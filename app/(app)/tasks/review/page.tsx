import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/viewer";
import type { SearchParams } from "@/lib/data/task-filters";
import { TaskQueue } from "@/components/tasks/task-queue";

export const metadata: Metadata = { title: "待审签" };

export default async function ReviewQueuePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission("task.review");
  return (
    <TaskQueue
      viewer={viewer}
      kind="review"
      pathname="/tasks/review"
      raw={await searchParams}
      title="待审签"
      description="经办人提交给您审核、审签的督办事项"
      emptyTitle="暂无待您审签的督办事项"
    />
  );
}
