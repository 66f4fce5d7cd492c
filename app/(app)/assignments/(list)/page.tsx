import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/viewer";
import type { SearchParams } from "@/lib/data/task-filters";
import { HANDLE_STATUSES } from "@/lib/data/tasks/list-assignments";
import { AssignmentQueue } from "@/components/tasks/assignment-queue";

export const metadata: Metadata = { title: "任务承办" };

export default async function HandleQueuePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission("assignment.handle");
  return (
    <AssignmentQueue
      viewer={viewer}
      kind="handle"
      pathname="/assignments"
      raw={await searchParams}
      title="任务承办"
      description="督查室交办给本单位、待接收或正在办理的任务；接收后可直接反馈，或承办后送单位领导审签"
      emptyTitle="暂无待接收或办理中的任务"
      columns={["handler", "received"]}
      statuses={HANDLE_STATUSES}
    />
  );
}
