import "server-only";
import type { Actor } from "@/lib/domain/policy";
import {
  NOTIFICATION_CHANNEL_LABELS,
  NOTIFICATION_KIND_LABELS,
  NOTIFICATION_STATUS_LABELS,
} from "@/lib/domain/messages";
import { formatDateTime } from "@/lib/domain/dates";
import { countNotifications, NOTIFICATION_EXPORT_CAP, notificationsForExport, type NotificationFilters } from "@/lib/data/notifications";
import { openSheet, xlsxResponse } from "@/lib/export/xlsx";

const COLUMNS = [
  { header: "时间", width: 18 },
  { header: "通知类型", width: 14 },
  { header: "收件人", width: 10 },
  { header: "所在单位", width: 22 },
  { header: "渠道", width: 8 },
  { header: "手机号", width: 14 },
  { header: "标题", width: 36 },
  { header: "内容", width: 60 },
  { header: "状态", width: 14 },
  { header: "尝试次数", width: 9 },
  { header: "失败原因", width: 24 },
  { header: "发送时间", width: 18 },
  { header: "督办编号", width: 22 },
  { header: "督办事项", width: 36 },
] as const;

/** The filters in words, for the sheet's header rows (so a printed sheet says what it holds). */
export function describeNotificationFilters(f: NotificationFilters): string {
  const parts = [
    f.kind && `类型：${NOTIFICATION_KIND_LABELS[f.kind]}`,
    f.channel && `渠道：${NOTIFICATION_CHANNEL_LABELS[f.channel]}`,
    f.status && `状态：${NOTIFICATION_STATUS_LABELS[f.status]}`,
    (f.from || f.to) && `日期：${f.from || "不限"} 至 ${f.to || "不限"}`,
    f.q && `搜索：${f.q}`,
  ].filter(Boolean);
  return parts.length ? parts.join("；") : "全部";
}

/**
 * 督查工作通知 as an .xlsx (lib/export/xlsx.ts): rows are read in batches while the sheet streams out, so tens of
 * thousands of rows never sit in memory at once. The header says what the sheet holds and whether it stops at
 * the cap. Phone numbers as on the page (masked unless the viewer may see them whole: lib/domain/mobile-visibility.ts).
 */
export async function notificationExportResponse(viewer: Actor, f: NotificationFilters): Promise<Response> {
  const total = await countNotifications(viewer, f);
  const writer = openSheet({
    title: "督查工作通知",
    viewer,
    filters: describeNotificationFilters(f),
    total:
      total > NOTIFICATION_EXPORT_CAP
        ? `共 ${total} 条，超过单次导出上限，仅导出最新的 ${NOTIFICATION_EXPORT_CAP} 条；请缩小筛选范围分批导出`
        : `共 ${total} 条`,
    columns: COLUMNS,
  });
  return xlsxResponse(writer, "督查工作通知", async (w) => {
    for await (const batch of notificationsForExport(viewer, f)) {
      for (const r of batch) {
        w.add([
          formatDateTime(r.createdAt, { seconds: true }),
          NOTIFICATION_KIND_LABELS[r.kind],
          r.recipientName,
          r.unitName ?? "",
          NOTIFICATION_CHANNEL_LABELS[r.channel],
          r.channel === "sms" ? (r.mobile ?? "—") : "",
          r.title,
          r.body,
          NOTIFICATION_STATUS_LABELS[r.status],
          r.attempts,
          r.lastError ?? "",
          r.sentAt ? formatDateTime(r.sentAt, { seconds: true }) : "",
          r.taskNo ?? "",
          r.taskTitle ?? "",
        ]);
      }
    }
  });
}

/** The row of column headings (after the header block); the data follows it. For readers of the sheet (tests). */
export const NOTIFICATION_EXPORT_HEADING_ROW = 7;
