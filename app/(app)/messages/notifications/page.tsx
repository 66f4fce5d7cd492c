import type { Metadata } from "next";
import Link from "next/link";
import { clsx } from "clsx";
import { requirePermission } from "@/lib/auth/viewer";
import {
  listNotifications,
  NOTIFICATION_EXPORT_CAP,
  NOTIFICATION_PAGE_SIZE,
  notificationFilterParams,
  parseNotificationFilters,
  type NotificationRow,
} from "@/lib/data/notifications";
import { listHref, type SearchParams } from "@/lib/data/list-params";
import {
  NOTIFICATION_CHANNEL_LABELS,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_KINDS,
  NOTIFICATION_STATUS_LABELS,
  NOTIFICATION_STATUSES,
  type NotificationStatus,
} from "@/lib/domain/messages";
import { formatDateTime } from "@/lib/domain/dates";
import { RESENDABLE_STATUSES } from "@/lib/services/notifications/resend";
import { buttonClass } from "@/components/ui/button";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/field";
import { Pagination } from "@/components/ui/pagination";
import { ResendButton } from "./resend-button";

export const metadata: Metadata = { title: "督查工作通知" };

const STATUS_TONES: Record<NotificationStatus, string> = {
  queued: "bg-slate-100 text-slate-700",
  sent: "bg-green-50 text-green-700",
  failed: "bg-red-50 text-red-700",
  unreachable: "bg-amber-50 text-amber-800",
  suppressed: "bg-amber-50 text-amber-800",
};

function Status({ row }: { row: NotificationRow }) {
  // The worker counts each delivery attempt; the first is not a retry.
  const retries = Math.max(0, row.attempts - 1);
  return (
    <div className="space-y-0.5">
      <span className={clsx("inline-flex rounded px-1.5 py-0.5 text-xs font-medium whitespace-nowrap", STATUS_TONES[row.status])} data-testid="notification-status" data-status={row.status}>
        {NOTIFICATION_STATUS_LABELS[row.status]}
      </span>
      {retries > 0 && <span className="block text-xs text-slate-500">重试 {retries} 次</span>}
      {row.lastError && row.status !== "sent" && <span className="block text-xs break-all text-red-700">原因：{row.lastError}</span>}
      {row.sentAt && <span className="block text-xs whitespace-nowrap text-slate-500">发送于 {formatDateTime(row.sentAt)}</span>}
    </div>
  );
}

function TaskLink({ row }: { row: NotificationRow }) {
  if (!row.taskId) return <span className="text-slate-500">—</span>;
  return (
    <Link href={`/tasks/${row.taskId}`} className="text-brand-700 hover:underline">
      {row.taskNo && <span className="block text-xs text-slate-500">{row.taskNo}</span>}
      {row.taskTitle ?? "督办事项"}
    </Link>
  );
}

function Message({ row }: { row: NotificationRow }) {
  return (
    <details className="group max-w-md">
      <summary className="cursor-pointer list-none text-slate-900 marker:hidden">
        {row.title}
        <span className="ml-1 text-xs text-brand-700 group-open:hidden">展开</span>
        <span className="ml-1 hidden text-xs text-brand-700 group-open:inline">收起</span>
      </summary>
      <p className="mt-1 text-sm leading-relaxed whitespace-pre-wrap text-slate-600" data-testid="notification-body">
        {row.body}
      </p>
    </details>
  );
}

function Row({ row, canResend }: { row: NotificationRow; canResend: boolean }) {
  const resendable = canResend && row.channel === "sms" && (RESENDABLE_STATUSES as readonly string[]).includes(row.status);
  const phone = row.channel === "sms" ? (row.mobile ?? "—") : "—";
  return (
    <tr className="align-top" data-testid="notification-row" data-channel={row.channel} data-kind={row.kind}>
      <td className="px-3 py-2 whitespace-nowrap text-slate-600">{formatDateTime(row.createdAt)}</td>
      <td className="px-3 py-2 whitespace-nowrap">{NOTIFICATION_KIND_LABELS[row.kind]}</td>
      <td className="px-3 py-2">
        <span className="block whitespace-nowrap" data-testid="notification-recipient">
          {row.recipientName}
        </span>
        {row.unitName && <span className="block text-xs text-slate-500">{row.unitName}</span>}
      </td>
      <td className="px-3 py-2 whitespace-nowrap">
        {NOTIFICATION_CHANNEL_LABELS[row.channel]}
        <span className="block font-mono text-xs text-slate-600" data-testid="notification-mobile">
          {phone}
        </span>
      </td>
      <td className="px-3 py-2">
        <Message row={row} />
      </td>
      <td className="px-3 py-2">
        <Status row={row} />
        {resendable && <ResendButton id={row.id} recipient={row.recipientName} mobile={phone} />}
      </td>
      <td className="px-3 py-2">
        <TaskLink row={row} />
      </td>
    </tr>
  );
}

/** The phone layout: one card per message. */
function Card({ row, canResend }: { row: NotificationRow; canResend: boolean }) {
  const resendable = canResend && row.channel === "sms" && (RESENDABLE_STATUSES as readonly string[]).includes(row.status);
  const phone = row.channel === "sms" ? (row.mobile ?? "—") : "—";
  return (
    <li className="space-y-2 rounded-lg border border-slate-200 bg-white p-3 shadow-sm" data-testid="notification-card" data-channel={row.channel}>
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-slate-500">
        <span>
          {formatDateTime(row.createdAt)} · {NOTIFICATION_KIND_LABELS[row.kind]}
        </span>
        <Status row={row} />
      </div>
      <p className="text-sm">
        {row.recipientName}
        {row.unitName && <span className="text-slate-500">（{row.unitName}）</span>} · {NOTIFICATION_CHANNEL_LABELS[row.channel]}
        {row.channel === "sms" && <span className="ml-1 font-mono text-xs text-slate-600">{phone}</span>}
      </p>
      <Message row={row} />
      <div className="text-sm">
        <TaskLink row={row} />
      </div>
      {resendable && <ResendButton id={row.id} recipient={row.recipientName} mobile={phone} />}
    </li>
  );
}

/** One of the list's select filters; "" is "any". */
function Choice({ id, label, all, value, options }: { id: string; label: string; all: string; value: string; options: [string, string][] }) {
  return (
    <div>
      <label htmlFor={id} className="text-xs text-slate-500">
        {label}
      </label>
      <Select id={id} name={id} defaultValue={value}>
        <option value="">{all}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </Select>
    </div>
  );
}

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission("messages.view");
  const filters = parseNotificationFilters(await searchParams);
  const { rows, total } = await listNotifications(viewer, filters);
  const params = notificationFilterParams(filters);
  const filtered = Object.values(params).some(Boolean);
  const canResend = viewer.permissions.has("task.manage");
  const office = viewer.dataScope === "all_units";
  return (
    <div className="mx-auto max-w-7xl space-y-4">
      <PageHeader
        title="督查工作通知"
        description={office ? "系统发出的全部短信和站内消息，最新的在前" : `发给本单位（${viewer.departmentName}）人员的短信和站内消息，最新的在前`}
        actions={
          total > 0 ? (
            <a href={listHref("/messages/notifications/export", params)} className={buttonClass("secondary")} data-testid="export-notifications" download>
              导出 Excel{total > NOTIFICATION_EXPORT_CAP ? `（前 ${NOTIFICATION_EXPORT_CAP.toLocaleString("zh-CN")} 条）` : ""}
            </a>
          ) : undefined
        }
      />
      <form method="get" role="search" aria-label="筛选督查工作通知" className="grid gap-2 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-2 lg:grid-cols-[1.4fr_1fr_1fr_1fr_1fr_1fr_auto]">
        <div>
          <label htmlFor="q" className="text-xs text-slate-500">
            搜索
          </label>
          <Input id="q" name="q" defaultValue={filters.q} placeholder="收件人、任务标题或编号" />
        </div>
        <Choice id="kind" label="通知类型" all="全部类型" value={filters.kind} options={NOTIFICATION_KINDS.map((k) => [k, NOTIFICATION_KIND_LABELS[k]])} />
        <Choice id="channel" label="渠道" all="全部渠道" value={filters.channel} options={NOTIFICATION_CHANNELS.map((c) => [c, NOTIFICATION_CHANNEL_LABELS[c]])} />
        <Choice id="status" label="状态" all="全部状态" value={filters.status} options={NOTIFICATION_STATUSES.map((v) => [v, NOTIFICATION_STATUS_LABELS[v]])} />
        <div>
          <label htmlFor="from" className="text-xs text-slate-500">
            开始日期
          </label>
          <Input id="from" name="from" type="date" defaultValue={filters.from} />
        </div>
        <div>
          <label htmlFor="to" className="text-xs text-slate-500">
            结束日期
          </label>
          <Input id="to" name="to" type="date" defaultValue={filters.to} />
        </div>
        <div className="flex items-end gap-2">
          <button type="submit" className={buttonClass("primary", "flex-1 sm:flex-none")}>
            查询
          </button>
          {filtered && (
            <Link href="/messages/notifications" className={buttonClass("ghost")}>
              清除
            </Link>
          )}
        </div>
      </form>
      {rows.length === 0 ? (
        <EmptyState title={filtered ? "没有符合条件的通知" : "还没有督查工作通知"}>{!filtered && "督查室交办、催办、提醒等发出的短信和站内消息会列在这里。"}</EmptyState>
      ) : (
        <>
          <div className="hidden overflow-x-auto rounded-lg border border-slate-200 bg-white md:block">
            <table className="w-full text-left text-sm" data-testid="notification-table">
              <thead className="bg-slate-50 text-xs text-slate-500">
                <tr>
                  <th className="px-3 py-2 font-medium">时间</th>
                  <th className="px-3 py-2 font-medium">类型</th>
                  <th className="px-3 py-2 font-medium">收件人</th>
                  <th className="px-3 py-2 font-medium">渠道 / 手机号</th>
                  <th className="px-3 py-2 font-medium">内容</th>
                  <th className="px-3 py-2 font-medium">状态</th>
                  <th className="px-3 py-2 font-medium">督办事项</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {rows.map((r) => (
                  <Row key={r.id} row={r} canResend={canResend} />
                ))}
              </tbody>
            </table>
          </div>
          <ul className="space-y-2 md:hidden" data-testid="notification-cards">
            {rows.map((r) => (
              <Card key={r.id} row={r} canResend={canResend} />
            ))}
          </ul>
        </>
      )}
      <Pagination path="/messages/notifications" params={params} page={filters.page} pageSize={NOTIFICATION_PAGE_SIZE} total={total} />
    </div>
  );
}
