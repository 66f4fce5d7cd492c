/**
 * A Content-Disposition header that keeps Chinese filenames intact: RFC 6266 / 5987 `filename*` in
 * UTF-8 (every current browser) plus a plain-ASCII `filename` for clients that ignore it.
 */
export function contentDisposition(filename: string, type: "attachment" | "inline" = "attachment", fallback?: string): string {
  return `${type}; filename="${asciiFallback(fallback ?? filename)}"; filename*=UTF-8''${encodeRfc5987(filename)}`;
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function asciiFallback(filename: string): string {
  const dot = filename.lastIndexOf(".");
  const ext = dot > 0 ? filename.slice(dot).replace(/[^A-Za-z0-9.]/g, "") : "";
  const base = (dot > 0 ? filename.slice(0, dot) : filename)
    .replace(/[^\x20-\x7e]+/g, "_")
    .replace(/["\\%;]/g, "_")
    .trim();
  // A name that was all Chinese leaves only underscores and punctuation: say "attachment" instead.
  return `${/[A-Za-z0-9]/.test(base) ? base : "attachment"}${ext}`;
}
