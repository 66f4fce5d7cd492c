/**
 * WCAG 2.1 contrast (适老化: 1.4.3 needs 4.5:1 for normal text). Colours an admin picks (紧急程度's colour) are
 * data, so text drawn in them is darkened just enough to be readable on white; the hue stays recognisable.
 */
function channels(hex: string): [number, number, number] | null {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const h = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join("") : m[1]!;
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Contrast ratio of two #rgb / #rrggbb colours (1 … 21); null when either is not such a colour. */
export function contrastRatio(a: string, b: string): number | null {
  const ca = channels(a);
  const cb = channels(b);
  if (!ca || !cb) return null;
  const [hi, lo] = [luminance(ca), luminance(cb)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const hex = (c: [number, number, number]) => `#${c.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`;

/**
 * The colour itself when it already reads at `ratio` on white, else the same hue darkened (mixed towards
 * black in small steps) until it does. Anything that is not a hex colour becomes slate-700.
 */
export function readableOnWhite(color: string, ratio = 4.5): string {
  const c = channels(color);
  if (!c) return "#334155";
  for (let k = 0; k <= 1.0001; k += 0.02) {
    const mixed = c.map((v) => v * (1 - k)) as [number, number, number];
    if (contrastRatio(hex(mixed), "#ffffff")! >= ratio) return hex(mixed);
  }
  return "#000000";
}
