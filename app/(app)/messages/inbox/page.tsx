import type { Metadata } from "next";
import Link from "next/link";
import { clsx } from "clsx";
import { requirePermission } from "@/lib/auth/viewer";
import { INBOX_PAGE_SIZE, listInbox, parseInboxParams, type InboxFilter } from "@/lib/data/inbox";
import { listHref } from "@/lib/data/list-params";
import { formatDateTime } from "@/lib/domain/dates";
import { NOTIFICATION_KIND_LABELS } from "@/lib/domain/messages";
import { now } from "@/lib/clock";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Pagination } from "@/components/ui/pagination";
import { InboxList, MarkAllReadButton } from "./inbox-list";

export const metadata: Metadata = { title: "我的消息" };

const TABS: { filter: InboxFilter; label: string }[] = [
  { filter: "all", label: "全部" },
  { filter: "unread", label: "未读" },
];

export default async function InboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requirePermission("messages.view");
  const params = parseInboxParams(await searchParams);
  // "全部标为已读" marks what was there when this page was built, not a message that arrives meanwhile.
  const shownAt = now().toISOString();
  const { rows, total, unread } = await listInbox(viewer, params);
  const urlParams = { filter: params.filter === "all" ? "" : params.filter };
  return (
    <div className="mx-auto max-w-4xl space-y-4">
      <PageHeader
        title="我的消息"
        description={
          <span data-testid="inbox-unread">
            督办任务的交办、催办、退回和到期提醒等站内消息{unread > 0 ? `，未读 ${unread} 条` : "，没有未读消息"}
          </span>
        }
        actions={<MarkAllReadButton upTo={shownAt} disabled={unread === 0} />}
      />
      <nav aria-label="消息筛选" className="flex gap-2">
        {TABS.map((tab) => (
          <Link
            key={tab.filter}
            href={listHref("/messages/inbox", {}, { filter: tab.filter === "all" ? undefined : tab.filter })}
            aria-current={params.filter === tab.filter ? "page" : undefined}
            data-testid={`inbox-tab-${tab.filter}`}
            className={clsx(
              "inline-flex min-h-10 items-center rounded-md border px-4 text-sm",
              params.filter === tab.filter ? "border-brand-700 bg-brand-700 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
            )}
          >
            {tab.label}
            {tab.filter === "unread" && unread > 0 && <span className="ml-1.5 rounded-full bg-red-600 px-1.5 text-xs text-white">{unread}</span>}
          </Link>
        ))}
      </nav>
      {rows.length === 0 ? (
        <EmptyState title={params.filter === "unread" ? "没有未读消息" : "暂无消息"}>
          {params.filter === "unread" ? "所有消息都已读过" : "交办、催办和到期提醒等消息会显示在这里"}
        </EmptyState>
      ) : (
        <InboxList
          messages={rows.map((m) => ({
            id: m.id,
            kindLabel: NOTIFICATION_KIND_LABELS[m.kind],
            title: m.title,
            body: m.body,
            at: formatDateTime(m.createdAt),
            read: m.readAt !== null,
            open: m.open,
          }))}
        />
      )}
      <Pagination path="/messages/inbox" params={urlParams} page={params.page} pageSize={INBOX_PAGE_SIZE} total={total} />
    </div>
  );
}
