import { formatFileSize } from "@/lib/domain/file-types";
import { FileBadge } from "./file-badge";
import { formatDateTime } from "@/lib/domain/dates";

/** What the list shows of one attachment (lib/data/attachments.ts returns exactly this shape). */
export interface AttachmentListEntry {
  id: string;
  filename: string;
  size: number;
  uploadedByName: string;
  createdAt: Date | string;
}

/**
 * Attachments with type tile, name, size, uploader and time; each name downloads the file through the
 * scope-checked route. Works as a server or client component.
 */
export function AttachmentList({ items, emptyText = "暂无附件", testId = "attachment-list" }: { items: readonly AttachmentListEntry[]; emptyText?: string; testId?: string }) {
  if (items.length === 0) {
    return (
      <p className="text-sm text-slate-500" data-testid={`${testId}-empty`}>
        {emptyText}
      </p>
    );
  }
  return (
    <ul className="divide-y divide-slate-100 rounded-md border border-slate-200 bg-white" data-testid={testId}>
      {items.map((item) => (
        <li key={item.id} className="flex items-center gap-3 px-3 py-2" data-testid="attachment-list-item">
          <FileBadge filename={item.filename} />
          <div className="min-w-0 flex-1">
            <a
              href={`/api/attachments/${item.id}`}
              className="block break-all text-sm font-medium text-brand-700 underline-offset-2 hover:underline"
              title={`下载 ${item.filename}`}
              data-testid="attachment-download"
            >
              {item.filename}
            </a>
            <p className="mt-0.5 text-xs text-slate-500">
              {formatFileSize(item.size)} · {item.uploadedByName} · {formatDateTime(new Date(item.createdAt))}
            </p>
          </div>
          <a
            href={`/api/attachments/${item.id}`}
            className="shrink-0 rounded-md px-2 py-1.5 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900"
            aria-hidden
            tabIndex={-1}
          >
            下载
          </a>
        </li>
      ))}
    </ul>
  );
}
