/**
 * The 字号 setting (适老化): three steps of the root font size. Every size in the UI is in rem (Tailwind), so
 * the whole layout scales with it. Stored in a cookie and applied on <html> by the root layout, so the page is
 * drawn at the chosen size from the first byte (no flash of small text).
 */
export const FONT_SIZES = ["standard", "large", "xlarge"] as const;
export type FontSize = (typeof FONT_SIZES)[number];

export const FONT_SIZE_LABELS: Record<FontSize, string> = { standard: "标准", large: "大", xlarge: "特大" };

/** Root font size in percent of the browser's own (16 px by default): 16 / 19 / 22 px. */
export const FONT_SIZE_PERCENT: Record<FontSize, number> = { standard: 100, large: 118.75, xlarge: 137.5 };

export const FONT_SIZE_COOKIE = "font_size";

export function parseFontSize(value: string | undefined | null): FontSize {
  return (FONT_SIZES as readonly string[]).includes(value ?? "") ? (value as FontSize) : "standard";
}
