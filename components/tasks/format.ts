/** Dates as a Chinese government office writes them, always in Asia/Shanghai. */
const dateFmt = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" });
const dateTimeFmt = new Intl.DateTimeFormat("zh-CN", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});

export function formatDate(value: Date | string | null | undefined): string {
  if (!value) return "—";
  if (typeof value === "string") return value.slice(0, 10);
  return dateFmt.format(value).replaceAll("/", "-");
}

export function formatDateTime(value: Date | null | undefined): string {
  if (!value) return "—";
  return dateTimeFmt.format(value).replaceAll("/", "-");
}

/** 2026-03-05 → 2026年3月5日 (the notice's style). */
export function formatChineseDate(value: Date | string | null | undefined): string {
  if (!value) return "　　年　月　日";
  const iso = typeof value === "string" ? value.slice(0, 10) : formatDate(value);
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
