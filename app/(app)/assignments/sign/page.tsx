import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/viewer";
import type { SearchParams } from "@/lib/data/task-filters";
import { AssignmentQueue } from "@/components/tasks/assignment-queue";

export const metadata: Metadata = { title: "任务审签" };

export default async function UnitSignQueuePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission("assignment.sign");
  return (
    <AssignmentQueue
      viewer={viewer}
      kind="sign"
      pathname="/assignments/sign"
      raw={await searchParams}
      title="任务审签"
      description="本单位经办人送您审签的承办内容"
      emptyTitle="暂无待您审签的承办内容"
      columns={["handler", "review"]}
    />
  );
}
