/** Dates come from the one date module (Asia/Shanghai, written 2026-12-01). */
export { formatChineseDate, formatDate, formatDateTime } from "@/lib/domain/dates";

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
