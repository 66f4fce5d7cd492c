import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/viewer";
import { listAssignments } from "@/lib/data/tasks/list-assignments";
import { parseAssignmentListParams, type SearchParams } from "@/lib/data/task-filters";
import { PageHeader } from "@/components/ui/card";
import { ListFilters } from "@/components/tasks/list-filters";
import { ListEmpty } from "@/components/tasks/task-list";
import { AssignmentList } from "@/components/tasks/assignment-list";
import { Pagination } from "@/components/ui/pagination";

export const metadata: Metadata = { title: "反馈审核" };

export default async function FeedbackQueuePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission("report.review");
  const raw = await searchParams;
  const params = parseAssignmentListParams(raw);
  const page = await listAssignments(viewer, "feedback", params);
  return (
    <div className="mx-auto max-w-7xl">
      <PageHeader title="反馈审核" description="承办单位已上报、等待督查室审核的反馈，按上报先后排列" />
      <ListFilters pathname="/tasks/feedback" q={params.q} sort={params.sort} light={params.light} placeholder="督办编号、标题、内容或单位名称" showSort={false} />
      <AssignmentList page={page} columns={["unit", "reported", "review"]} empty={<ListEmpty filtered={!!(params.q || params.light)} title="暂无待审核的反馈" />} />
      <Pagination path="/tasks/feedback" params={raw} page={page.page} pageSize={page.pageSize} total={page.total} capped={page.capped} />
    </div>
  );
}
