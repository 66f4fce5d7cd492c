import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/viewer";
import type { SearchParams } from "@/lib/data/task-filters";
import { TaskQueue } from "@/components/tasks/task-queue";

export const metadata: Metadata = { title: "任务归档" };

export default async function ArchivePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission("task.view");
  return (
    <TaskQueue
      viewer={viewer}
      kind="archive"
      pathname="/archive"
      raw={await searchParams}
      title="任务归档"
      description={viewer.dataScope === "all_units" ? "已归档的督办事项，只读，可按编号、标题、内容或单位检索" : "本单位承办并已归档的督办事项，只读，可检索"}
      emptyTitle="暂无已归档的督办事项"
    />
  );
}
