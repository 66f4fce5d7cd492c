import type { Metadata } from "next";
import Link from "next/link";
import { clsx } from "clsx";
import { requireViewer } from "@/lib/auth/viewer";
import { countTodoByKind, listTodo, TODO_PAGE_SIZE, type TodoItem } from "@/lib/data/todo";
import { listHref, pageNumber, param, type SearchParams } from "@/lib/data/list-params";
import { isTodoKind, TODO_KIND_LABELS, todoHref, todoKindsFor } from "@/lib/domain/todo";
import type { Actor } from "@/lib/domain/policy";
import { formatDate, formatDateTime } from "@/lib/domain/dates";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { WarningDot } from "@/components/tasks/badges";

export const metadata: Metadata = { title: "待办事项" };

function ActLink({ item, viewer }: { item: TodoItem; viewer: Actor }) {
  return (
    <Link href={todoHref(item, viewer)} className="text-brand-700 hover:underline" data-testid="todo-link">
      {item.taskNo && <span className="block text-xs text-slate-500">{item.taskNo}</span>}
      {item.title}
    </Link>
  );
}

export default async function TodoPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // Every signed-in user has a to-do list: it holds only the kinds their permissions give them.
  const viewer = await requireViewer();
  const raw = await searchParams;
  const kindParam = param(raw, "kind");
  const kind = isTodoKind(kindParam) ? kindParam : undefined;
  const page = pageNumber(param(raw, "page"));
  const [counts, items] = await Promise.all([countTodoByKind(viewer), listTodo(viewer, { kind, page })]);
  const kinds = todoKindsFor(viewer);
  const all = kinds.reduce((n, k) => n + counts[k], 0);
  const total = kind ? counts[kind] : all;
  const params = { kind: kind ?? "" };
  const chip = (active: boolean) =>
    clsx(
      "inline-flex min-h-10 items-center gap-1.5 rounded-full border px-3 text-sm",
      active ? "border-brand-700 bg-brand-700 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
    );
  return (
    <div className="mx-auto max-w-7xl space-y-4">
      <PageHeader title="待办事项" description="等待您处理的全部事项：已超期的在前，同一预警状态下等待最久的在前" />
      {kinds.length > 0 && (
        <nav aria-label="按类型筛选" className="flex flex-wrap gap-2" data-testid="todo-chips">
          <Link href="/messages/todo" className={chip(!kind)} aria-current={!kind ? "page" : undefined} data-testid="todo-chip" data-kind="">
            全部 <span className="font-semibold">{all}</span>
          </Link>
          {kinds
            .filter((k) => counts[k] > 0 || k === kind)
            .map((k) => (
              <Link
                key={k}
                href={listHref("/messages/todo", {}, { kind: k })}
                className={chip(k === kind)}
                aria-current={k === kind ? "page" : undefined}
                data-testid="todo-chip"
                data-kind={k}
              >
                {TODO_KIND_LABELS[k]} <span className="font-semibold">{counts[k]}</span>
              </Link>
            ))}
        </nav>
      )}
      {items.length === 0 ? (
        <EmptyState title={kind ? `没有“${TODO_KIND_LABELS[kind]}”的事项` : "暂无待办事项"}>{!kind && "需要您处理的接收、办理、审签、审核、催办签收等事项会列在这里。"}</EmptyState>
      ) : (
        <>
          <div className="hidden overflow-x-auto rounded-lg border border-slate-200 bg-white md:block">
            <table className="w-full text-left text-sm" data-testid="todo-table">
              <thead className="bg-slate-50 text-xs text-slate-500">
                <tr>
                  <th className="px-3 py-2 font-medium">预警</th>
                  <th className="px-3 py-2 font-medium">待办类型</th>
                  <th className="px-3 py-2 font-medium">督办事项</th>
                  <th className="px-3 py-2 font-medium">单位</th>
                  <th className="px-3 py-2 font-medium">办理期限</th>
                  <th className="px-3 py-2 font-medium">等待自</th>
                  <th className="px-3 py-2 font-medium">
                    <span className="sr-only">操作</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {items.map((item) => (
                  <tr key={`${item.kind}:${item.refId ?? item.assignmentId ?? item.taskId}`} className="align-top hover:bg-slate-50" data-testid="todo-row" data-kind={item.kind}>
                    <td className="px-3 py-2">
                      <WarningDot light={item.light} withLabel />
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap" data-testid="todo-kind">
                      {TODO_KIND_LABELS[item.kind]}
                    </td>
                    <td className="px-3 py-2">
                      <ActLink item={item} viewer={viewer} />
                    </td>
                    <td className="px-3 py-2 text-slate-600">{item.unitName ?? "—"}</td>
                    <td className="px-3 py-2 whitespace-nowrap">{formatDate(item.deadline)}</td>
                    <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatDateTime(item.waitingSince)}</td>
                    <td className="px-3 py-2 whitespace-nowrap">
                      <Link href={todoHref(item, viewer)} className="font-medium text-brand-700 hover:underline" aria-label={`处理：${item.title}`}>
                        去处理
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ul className="space-y-2 md:hidden" data-testid="todo-cards">
            {items.map((item) => (
              <li key={`${item.kind}:${item.refId ?? item.assignmentId ?? item.taskId}`} className="space-y-1 rounded-lg border border-slate-200 bg-white p-3 shadow-sm" data-testid="todo-card" data-kind={item.kind}>
                <div className="flex items-center justify-between gap-2 text-xs">
                  <span className="rounded bg-brand-50 px-1.5 py-0.5 font-medium text-brand-800">{TODO_KIND_LABELS[item.kind]}</span>
                  <WarningDot light={item.light} withLabel />
                </div>
                <div className="text-sm">
                  <ActLink item={item} viewer={viewer} />
                </div>
                <p className="text-xs text-slate-500">
                  {item.unitName && <>{item.unitName} · </>}期限 {formatDate(item.deadline)} · 等待自 {formatDateTime(item.waitingSince)}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
      <Pagination path="/messages/todo" params={params} page={page} pageSize={TODO_PAGE_SIZE} total={total} />
    </div>
  );
}
