import type { Metadata } from "next";
import Link from "next/link";
import { clsx } from "clsx";
import { requirePermission } from "@/lib/auth/viewer";
import { CHANGE_REQUEST_PAGE_SIZE, listChangeRequests, parseChangeRequestParams, type ChangeRequestFilter } from "@/lib/data/member-changes";
import { listHref } from "@/lib/data/list-params";
import { MEMBER_CHANGE_STATUS_LABELS } from "@/lib/domain/member-changes";
import { shownMobile } from "@/lib/domain/mobile-visibility";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { ChangeRequestSummary } from "@/components/members/change-request-summary";
import { DecideForm } from "./decide-form";

export const metadata: Metadata = { title: "变更申请" };

const TABS: { status: ChangeRequestFilter; label: string }[] = [
  { status: "open", label: MEMBER_CHANGE_STATUS_LABELS.open },
  { status: "done", label: MEMBER_CHANGE_STATUS_LABELS.done },
  { status: "rejected", label: MEMBER_CHANGE_STATUS_LABELS.rejected },
  { status: "all", label: "全部" },
];

/**
 * 用户管理 → 变更申请: what the units asked 信息中心 to change (单位用户信息). The admin makes the change in
 * the user's page (linked) and then closes the request here; editing the user does not close it.
 */
export default async function ChangeRequestsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requirePermission("admin.users");
  const params = parseChangeRequestParams(await searchParams);
  const { rows, total } = await listChangeRequests(viewer, params);
  const urlParams = { status: params.status === "open" ? "" : params.status };
  return (
    <div className="space-y-4">
      <PageHeader
        title="变更申请"
        description="各单位在“单位用户信息”中提交的人员信息变更申请。请先在用户管理中修改，再标记办理结果。"
        actions={
          <Link href="/admin/users" className={buttonClass("secondary")}>
            返回用户管理
          </Link>
        }
      />
      <nav aria-label="按状态筛选" className="flex flex-wrap gap-2">
        {TABS.map((tab) => (
          <Link
            key={tab.status}
            href={listHref("/admin/users/change-requests", {}, { status: tab.status === "open" ? undefined : tab.status })}
            aria-current={params.status === tab.status ? "page" : undefined}
            data-testid={`change-tab-${tab.status}`}
            className={clsx(
              "inline-flex min-h-10 items-center rounded-md border px-4 text-sm",
              params.status === tab.status ? "border-brand-700 bg-brand-700 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
            )}
          >
            {tab.label}
          </Link>
        ))}
      </nav>
      {rows.length === 0 ? (
        <EmptyState title={params.status === "open" ? "没有待处理的变更申请" : "没有符合条件的变更申请"} />
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="change-request-list">
          {rows.map((r) => (
            <ChangeRequestSummary
              key={r.id}
              request={r}
              showMobile={(mobile) => shownMobile(viewer, { userId: r.target?.id, departmentId: r.departmentId }, mobile) ?? ""}
              showUnit
              target={
                r.target ? (
                  <Link href={`/admin/users/${r.target.id}`} className="font-medium text-brand-700 hover:underline" data-testid="change-request-user">
                    {r.target.displayName}（{r.target.username}）
                  </Link>
                ) : undefined
              }
              actions={
                r.status === "open" ? (
                  <div className="space-y-2">
                    {r.kind === "add" && (
                      <Link href="/admin/users/new" className="text-sm text-brand-700 hover:underline">
                        新建用户
                      </Link>
                    )}
                    <DecideForm id={r.id} version={r.version} />
                  </div>
                ) : undefined
              }
            />
          ))}
        </ul>
      )}
      <Pagination path="/admin/users/change-requests" params={urlParams} page={params.page} pageSize={CHANGE_REQUEST_PAGE_SIZE} total={total} />
    </div>
  );
}
