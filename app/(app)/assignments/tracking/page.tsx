import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/viewer";
import type { SearchParams } from "@/lib/data/task-filters";
import { ASSIGNMENT_STATUSES } from "@/lib/domain/workflow/states";
import { AssignmentQueue } from "@/components/tasks/assignment-queue";

export const metadata: Metadata = { title: "任务跟踪" };

export default async function TrackingPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission("task.view");
  return (
    <AssignmentQueue
      viewer={viewer}
      kind="tracking"
      pathname="/assignments/tracking"
      raw={await searchParams}
      title="任务跟踪"
      description="本单位全部承办任务的办理进度，以及单位领导和督查室的审核结果"
      emptyTitle="本单位暂无承办任务"
      columns={viewer.dataScope === "all_units" ? ["unit", "handler", "received", "review"] : ["handler", "received", "review"]}
      statuses={ASSIGNMENT_STATUSES}
    />
  );
}
