import { contentDisposition } from "@/lib/storage/content-disposition";

/**
 * The headers of every file the app hands out (attachments, Excel exports, the import template): always a
 * download, never rendered — `attachment` with an RFC 5987 UTF-8 name, `nosniff` so the browser keeps the
 * declared type, and a sandbox policy so that even a file a browser did render could run no script and reach
 * nothing of the site. Not cached: every file is someone's scoped data.
 */
export function fileHeaders(file: { filename: string; contentType: string; size?: number; asciiFallback?: string }): Record<string, string> {
  return {
    "Content-Type": file.contentType,
    ...(file.size !== undefined ? { "Content-Length": String(file.size) } : {}),
    "Content-Disposition": contentDisposition(file.filename, "attachment", file.asciiFallback),
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox; default-src 'none'",
    "Cache-Control": "private, no-store",
  };
}

/** A file download response (see fileHeaders). */
export function fileResponse(body: BodyInit, file: Parameters<typeof fileHeaders>[0]): Response {
  return new Response(body, { headers: fileHeaders(file) });
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
