import { listTasks } from "@/lib/data/tasks/list-tasks";
import type { TaskListKind } from "@/lib/domain/navigation";
import { parseTaskListParams, type SearchParams } from "@/lib/data/task-filters";
import { PageHeader } from "@/components/ui/card";
import { ListFilters } from "./list-filters";
import { ListEmpty, TaskList } from "./task-list";
import { Pagination } from "@/components/ui/pagination";
import type { Actor } from "@/lib/domain/policy";

/** A work queue of tasks (待审签, 待交办, 登记草稿, 任务归档): search + sort + pages over one slice. */
export async function TaskQueue({
  viewer,
  kind,
  pathname,
  raw,
  title,
  description,
  emptyTitle,
  emptyHint,
  actions,
}: {
  viewer: Actor;
  kind: TaskListKind;
  pathname: string;
  raw: SearchParams;
  title: string;
  description: string;
  emptyTitle: string;
  emptyHint?: string;
  actions?: React.ReactNode;
}) {
  const params = parseTaskListParams(raw);
  // Archived tasks are finished and show no light: 任务归档 offers no light filter.
  if (kind === "archive") params.light = "";
  const page = await listTasks(viewer, kind, params);
  return (
    <div className="mx-auto max-w-7xl">
      <PageHeader title={title} description={description} actions={actions} />
      <ListFilters pathname={pathname} q={params.q} sort={params.sort} light={kind === "archive" ? undefined : params.light} placeholder="督办编号、标题、内容或单位名称" />
      <TaskList page={page} showReviewer={kind === "review"} empty={<ListEmpty filtered={!!(params.q || params.light)} title={emptyTitle} hint={emptyHint} />} />
      <Pagination path={pathname} params={raw} page={page.page} pageSize={page.pageSize} total={page.total} capped={page.capped} />
    </div>
  );
}
