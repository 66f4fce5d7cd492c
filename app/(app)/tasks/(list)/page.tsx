import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/viewer";
import { listTasks } from "@/lib/data/tasks/list-tasks";
import { getTaskFormOptions } from "@/lib/data/task-form";
import { parseTaskListParams, type SearchParams } from "@/lib/data/task-filters";
import { TASK_STATUSES, TASK_STATUS_LABELS } from "@/lib/domain/workflow/states";
import { WARNING_LIGHT_LEGEND } from "@/lib/domain/warning-light";
import { PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { FilterDate, FilterSelect, ListFilters } from "@/components/tasks/list-filters";
import { ListEmpty, TaskList } from "@/components/tasks/task-list";
import { Pagination } from "@/components/ui/pagination";

export const metadata: Metadata = { title: "全部任务" };

export default async function AllTasksPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission("task.view");
  const raw = await searchParams;
  const params = parseTaskListParams(raw);
  const [page, options] = await Promise.all([listTasks(viewer, "all", params), getTaskFormOptions()]);
  const filtered = !!(params.q || params.light || params.status || params.urgency || params.source || params.category || params.type || params.from || params.to);
  return (
    <div className="mx-auto max-w-7xl">
      <PageHeader
        title="全部任务"
        description={`按督办编号、标题、内容或承办单位检索。${WARNING_LIGHT_LEGEND}`}
        actions={
          viewer.permissions.has("task.register") ? (
            <Link href="/tasks/new" className={buttonClass("primary")}>
              督办登记
            </Link>
          ) : undefined
        }
      />
      <ListFilters
        pathname="/tasks"
        q={params.q}
        sort={params.sort}
        light={params.light}
        placeholder="督办编号、标题、内容或单位名称"
        moreLabel="更多筛选：状态、紧急程度、来源、类别、类型、日期"
        moreOpen={filtered && !!(params.status || params.urgency || params.source || params.category || params.type || params.from || params.to)}
      >
        <FilterSelect label="状态" name="status" value={params.status} allLabel="全部状态">
          {TASK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {TASK_STATUS_LABELS[s]}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect label="紧急程度" name="urgency" value={params.urgency} allLabel="全部">
          {options.urgencies.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect label="事件来源" name="source" value={params.source} allLabel="全部来源">
          {options.sources.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect label="事项类别" name="category" value={params.category} allLabel="全部类别">
          {options.categories.map((o) => (
            <option key={o.id} value={o.id}>
              {o.parentName ? `　${o.name}` : o.name}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect label="办件类型" name="type" value={params.type} allLabel="全部类型">
          {options.types.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect label="日期类型" name="dateField" value={params.dateField}>
          <option value="created">登记日期</option>
          <option value="deadline">办理时限</option>
        </FilterSelect>
        <FilterDate label="起始日期" name="from" value={params.from} />
        <FilterDate label="截止日期" name="to" value={params.to} />
      </ListFilters>
      <TaskList page={page} empty={<ListEmpty filtered={filtered} title="暂无督办事项" hint="督查室经办人登记督办事项后将显示在这里。" />} />
      <Pagination path="/tasks" params={raw} page={page.page} pageSize={page.pageSize} total={page.total} capped={page.capped} />
    </div>
  );
}
