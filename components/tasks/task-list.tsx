import Link from "next/link";
import type { ReactNode } from "react";
import type { Page, TaskListRow } from "@/lib/data/tasks/types";
import { EmptyState } from "@/components/ui/card";
import { DeadlineText, TaskStatusBadge, UrgencyBadge, WarningDot } from "./badges";
import { formatDate } from "./format";

/** The office's task lists: a table from md up, cards on a phone. */
export function TaskList({ page, empty, showReviewer = false }: { page: Page<TaskListRow>; empty: ReactNode; showReviewer?: boolean }) {
  if (page.rows.length === 0) return <div data-testid="list-empty">{empty}</div>;
  return (
    <>
      <div className="hidden overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm md:block">
        <table className="w-full text-sm" data-testid="task-table">
          <thead className="bg-slate-50 text-left text-xs text-slate-600">
            <tr>
              <th scope="col" className="w-10 px-3 py-2">
                <span className="sr-only">预警</span>
              </th>
              <th scope="col" className="px-3 py-2">督办编号 / 事项</th>
              <th scope="col" className="px-3 py-2">承办单位</th>
              <th scope="col" className="px-3 py-2">紧急程度</th>
              <th scope="col" className="px-3 py-2">办理时限</th>
              <th scope="col" className="px-3 py-2">{showReviewer ? "登记人" : "登记日期"}</th>
              <th scope="col" className="px-3 py-2">状态</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {page.rows.map((row) => (
              <tr key={row.id} className="hover:bg-slate-50" data-testid="task-row" data-task-id={row.id}>
                <td className="px-3 py-2">
                  <WarningDot light={row.light} />
                </td>
                <td className="max-w-md px-3 py-2">
                  <p className="text-xs text-slate-500">{row.taskNo ?? "（审签后编号）"}</p>
                  <Link href={`/tasks/${row.id}`} className="font-medium text-brand-700 hover:underline">
                    {row.title}
                  </Link>
                </td>
                <td className="px-3 py-2 text-slate-700">
                  {row.leadUnits ?? "—"}
                  {row.coUnits && <span className="block text-xs text-slate-500">协办：{row.coUnits}</span>}
                </td>
                <td className="px-3 py-2">
                  <UrgencyBadge name={row.urgencyName} color={row.urgencyColor} />
                </td>
                <td className="whitespace-nowrap px-3 py-2">
                  <DeadlineText deadline={row.dueOn} original={row.deadline} />
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-slate-600">{showReviewer ? row.creatorName : formatDate(row.createdAt)}</td>
                <td className="px-3 py-2">
                  <TaskStatusBadge status={row.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="space-y-2 md:hidden">
        {page.rows.map((row) => (
          <li key={row.id} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm" data-testid="task-card">
            <div className="flex items-start gap-2">
              <span className="pt-1">
                <WarningDot light={row.light} />
              </span>
              <div className="min-w-0 flex-1">
                <Link href={`/tasks/${row.id}`} className="font-medium text-brand-700">
                  {row.title}
                </Link>
                <p className="mt-0.5 text-xs text-slate-500">{row.taskNo ?? "（审签后编号）"}</p>
                <div className="mt-2 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                  <TaskStatusBadge status={row.status} />
                  <UrgencyBadge name={row.urgencyName} color={row.urgencyColor} />
                  <span>
                    期限 <DeadlineText deadline={row.dueOn} original={row.deadline} />
                  </span>
                </div>
                {row.leadUnits && (
                  <p className="mt-1 text-xs text-slate-600">
                    主办：{row.leadUnits}
                    {row.coUnits && `；协办：${row.coUnits}`}
                  </p>
                )}
              </div>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Empty state of a list: "nothing matches" when filtered, otherwise the list's own message. */
export function ListEmpty({ filtered, title, hint }: { filtered: boolean; title: string; hint?: ReactNode }) {
  return filtered ? <EmptyState title="没有符合条件的记录">请调整查询条件后重试。</EmptyState> : <EmptyState title={title}>{hint}</EmptyState>;
}
