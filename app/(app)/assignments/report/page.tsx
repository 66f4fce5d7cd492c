import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/viewer";
import type { SearchParams } from "@/lib/data/task-filters";
import { AssignmentQueue } from "@/components/tasks/assignment-queue";

export const metadata: Metadata = { title: "承办反馈" };

export default async function ReportQueuePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission("assignment.handle");
  return (
    <AssignmentQueue
      viewer={viewer}
      kind="report"
      pathname="/assignments/report"
      raw={await searchParams}
      title="承办反馈"
      description="单位领导已审签、待上报督查室的承办内容"
      emptyTitle="暂无待上报的承办内容"
      columns={["handler", "review"]}
    />
  );
}
