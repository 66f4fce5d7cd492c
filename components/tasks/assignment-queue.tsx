import type { ReactNode } from "react";
import { listAssignments } from "@/lib/data/tasks/list-assignments";
import type { AssignmentListKind } from "@/lib/domain/navigation";
import { parseAssignmentListParams, type SearchParams } from "@/lib/data/task-filters";
import type { AssignmentStatus } from "@/lib/domain/workflow/states";
import { ASSIGNMENT_STATUS_LABELS } from "@/lib/domain/workflow/states";
import { PageHeader } from "@/components/ui/card";
import { FilterSelect, ListFilters } from "./list-filters";
import { ListEmpty } from "./task-list";
import { AssignmentList, type AssignmentColumn } from "./assignment-list";
import { Pagination } from "@/components/ui/pagination";
import type { Actor } from "@/lib/domain/policy";

/** A unit-side list of the unit's assignments (任务承办, 任务审签, 承办反馈, 任务跟踪). */
export async function AssignmentQueue({
  viewer,
  kind,
  pathname,
  raw,
  title,
  description,
  emptyTitle,
  emptyHint,
  columns,
  statuses,
}: {
  viewer: Actor;
  kind: AssignmentListKind;
  pathname: string;
  raw: SearchParams;
  title: string;
  description: string;
  emptyTitle: string;
  emptyHint?: ReactNode;
  columns: AssignmentColumn[];
  /** Offer a status filter with these states. */
  statuses?: readonly AssignmentStatus[];
}) {
  const params = parseAssignmentListParams(raw);
  if (statuses && params.status && !statuses.includes(params.status)) params.status = "";
  const page = await listAssignments(viewer, kind, params);
  return (
    <div className="mx-auto max-w-7xl">
      <PageHeader title={title} description={description} />
      <ListFilters pathname={pathname} q={params.q} sort={params.sort} light={params.light} placeholder="督办编号、标题或内容">
        {statuses && (
          <FilterSelect label="状态" name="status" value={params.status} allLabel="全部状态">
            {statuses.map((s) => (
              <option key={s} value={s}>
                {ASSIGNMENT_STATUS_LABELS[s]}
              </option>
            ))}
          </FilterSelect>
        )}
      </ListFilters>
      <AssignmentList page={page} columns={columns} empty={<ListEmpty filtered={!!(params.q || params.status || params.light)} title={emptyTitle} hint={emptyHint} />} />
      <Pagination path={pathname} params={raw} page={page.page} pageSize={page.pageSize} total={page.total} capped={page.capped} />
    </div>
  );
}
