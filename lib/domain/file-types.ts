import type { Permission } from "./permissions";

/** Whoever registers tasks or handles / signs assignments may upload files for them (also the upload route's entry policy). */
export const UPLOAD_PERMISSIONS = ["task.register", "assignment.handle", "assignment.sign"] as const satisfies readonly Permission[];

/**
 * Which files may be attached, decided by content and extension together. Pure: the caller sniffs the
 * magic bytes (lib/services/attachments/detect-type.ts uses the `file-type` package) and hands the
 * result here with the first bytes of the file.
 */

export interface FileTypeInfo {
  /** Shown in the uploader's hint and the back-office's 系统参数 page. */
  label: string;
  /** Stored with the attachment and sent as Content-Type on download (never taken from the browser). */
  mime: string;
  /**
   * What `file-type` may report for a genuine file of this extension. `null` = no magic number at all
   * (plain text): the content is checked with `detectTextEncoding` instead.
   */
  sniffed: readonly string[] | null;
}

// Old Office (.doc/.xls/.ppt) and Kingsoft WPS (.wps/.et) files are OLE compound files ("cfb"): the
// container does not say which program wrote it, so any of them is accepted under any of those names.
const OLE = ["cfb"] as const;
// A .doc is very often really RTF (saved by WPS or older tools under the .doc name); Word opens it fine.
const OLE_OR_RTF = ["cfb", "rtf"] as const;
// OOXML are zip containers. `file-type` recognises them from [Content_Types].xml; when a producer
// writes an unusual entry order it only sees "zip", which is still an allowed, inert container.
const ooxml = (kind: string) => [kind, "zip"] as const;

export const FILE_TYPES = {
  doc: { label: "Word 文档（.doc）", mime: "application/msword", sniffed: OLE_OR_RTF },
  docx: { label: "Word 文档", mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", sniffed: ooxml("docx") },
  xls: { label: "Excel 表格（.xls）", mime: "application/vnd.ms-excel", sniffed: OLE },
  xlsx: { label: "Excel 表格", mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", sniffed: ooxml("xlsx") },
  ppt: { label: "PowerPoint 演示文稿（.ppt）", mime: "application/vnd.ms-powerpoint", sniffed: OLE },
  pptx: { label: "PowerPoint 演示文稿", mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation", sniffed: ooxml("pptx") },
  wps: { label: "WPS 文字", mime: "application/vnd.ms-works", sniffed: OLE_OR_RTF },
  et: { label: "WPS 表格", mime: "application/vnd.ms-excel", sniffed: OLE },
  // 版式文档 (GB/T 33190): a zip container that `file-type` does not name more precisely.
  ofd: { label: "OFD 版式文档", mime: "application/ofd", sniffed: ["zip"] },
  pdf: { label: "PDF", mime: "application/pdf", sniffed: ["pdf", "ai"] },
  txt: { label: "文本文件", mime: "text/plain", sniffed: null },
  jpg: { label: "JPEG 图片", mime: "image/jpeg", sniffed: ["jpg"] },
  jpeg: { label: "JPEG 图片", mime: "image/jpeg", sniffed: ["jpg"] },
  png: { label: "PNG 图片", mime: "image/png", sniffed: ["png", "apng"] },
  gif: { label: "GIF 图片", mime: "image/gif", sniffed: ["gif"] },
  webp: { label: "WebP 图片", mime: "image/webp", sniffed: ["webp"] },
  zip: { label: "ZIP 压缩包", mime: "application/zip", sniffed: ["zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub"] },
  rar: { label: "RAR 压缩包", mime: "application/vnd.rar", sniffed: ["rar"] },
  "7z": { label: "7z 压缩包", mime: "application/x-7z-compressed", sniffed: ["7z"] },
} as const satisfies Record<string, FileTypeInfo>;

export type FileExtension = keyof typeof FILE_TYPES;
export const SUPPORTED_EXTENSIONS = Object.keys(FILE_TYPES) as FileExtension[];

export function isSupportedExtension(value: string): value is FileExtension {
  return Object.hasOwn(FILE_TYPES, value);
}

export const DEFAULT_MAX_MB = 50;
/** 每人每日上传总量: a busy clerk attaches a few dozen scans a day; 500 MB stops a runaway script or a full disk. */
export const DEFAULT_UPLOAD_QUOTA_MB = 500;
/** Everything supported is allowed unless 系统参数 / ATTACHMENT_TYPES narrows it. */
export const DEFAULT_EXTENSIONS: readonly FileExtension[] = SUPPORTED_EXTENSIONS;

export interface AttachmentRules {
  maxMb: number;
  maxBytes: number;
  extensions: readonly FileExtension[];
  /** What one user may upload per (Shanghai) day in total; 0 = unlimited. */
  quotaMb: number;
  quotaBytes: number;
}

/** Lower-case extension without the dot ("" when there is none). */
export function extensionOf(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

/** Longest stored name in UTF-8 bytes: every file system and zip format takes 255; some room is left for "(2)". */
export const MAX_FILENAME_BYTES = 240;

// Characters that never belong in a file name: C0/C1 controls and DEL; bidirectional overrides and marks
// (U+202E turns "invoice\u202Egpj.exe" into "invoiceexe.jpg" on screen); zero-width and invisible
// formatting characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen) that make two names look alike.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;
// What Windows refuses in a name; a user saving the download there would otherwise see it fail.
const WINDOWS_FORBIDDEN = /[<>:"|?*]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/**
 * The name to store and show (the storage key is always random, never derived from it): the last path
 * segment only (old browsers send "C:\\fakepath\\x.doc"; "../../etc/passwd" becomes "passwd"), Unicode
 * NFC, no control / bidi-override / zero-width characters, Windows-forbidden characters as "_", no leading
 * or trailing dots and spaces (a name of dots only becomes ""), Windows device names (CON, NUL.txt …)
 * prefixed with "_", and at most MAX_FILENAME_BYTES bytes of UTF-8 with the extension kept.
 */
export function cleanFilename(raw: string): string {
  let name = (raw.split(/[\\/]/).pop() ?? "").normalize("NFC").replace(INVISIBLE, "").replace(WINDOWS_FORBIDDEN, "_");
  name = name.replace(/^[\s.]+|[\s.]+$/g, "");
  // Windows treats "CON", "con.txt" and "con.tar.gz" alike: the part before the first dot decides.
  if (WINDOWS_RESERVED.test(name.split(".")[0]!.trim())) name = `_${name}`;
  if (utf8Length(name) > MAX_FILENAME_BYTES) {
    const ext = extensionOf(name);
    const keep = ext && ext.length < 20 ? `.${ext}` : "";
    name = `${truncateUtf8(keep ? name.slice(0, name.length - keep.length) : name, MAX_FILENAME_BYTES - utf8Length(keep)).trimEnd()}${keep}`;
  }
  return name;
}

const utf8Length = (text: string) => new TextEncoder().encode(text).length;

/** The longest prefix of whole code points that fits in `bytes` bytes of UTF-8. */
function truncateUtf8(text: string, bytes: number): string {
  let out = "";
  let used = 0;
  for (const ch of text) {
    const size = utf8Length(ch);
    if (used + size > bytes) break;
    out += ch;
    used += size;
  }
  return out;
}

export function formatMb(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

export const tooLargeMessage = (maxMb: number) => `文件超过 ${maxMb} MB 限制`;
export const quotaMessage = (quotaMb: number, usedBytes: number) =>
  `超过每人每日上传总量 ${quotaMb} MB 的限制（今天已上传 ${formatMb(usedBytes)}），请明天再上传或联系系统管理员`;
export const typeNotAllowedMessage = (what: string) => `文件类型不允许：${what}`;

/** Human file size: 932 B, 12.3 KB, 4.5 MB. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

export type TextEncodingName = "utf-8" | "gb18030" | "utf-16le" | "utf-16be";

/**
 * Whether bytes are plain text, and in which encoding. `complete` = the bytes are the whole file (if
 * not, a multi-byte character cut at the end is not an error). Windows 记事本 saves UTF-8, GBK (a
 * subset of GB18030) or "Unicode" (UTF-16 with BOM); all three are accepted. Binary content has NUL
 * bytes or control characters that text never has.
 */
export function detectTextEncoding(bytes: Uint8Array, complete: boolean): TextEncodingName | null {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const encoding = bytes[0] === 0xff ? "utf-16le" : "utf-16be";
    const text = decode(encoding, bytes.subarray(2), complete);
    return text !== null && !hasBinaryControls(text) ? encoding : null;
  }
  for (const byte of bytes) if (byte === 0) return null;
  for (const encoding of ["utf-8", "gb18030"] as const) {
    const text = decode(encoding, bytes, complete);
    if (text !== null) return hasBinaryControls(text) ? null : encoding;
  }
  return null;
}

function decode(encoding: string, bytes: Uint8Array, complete: boolean): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: !complete });
  } catch {
    return null;
  }
}

/** Control characters other than tab, newlines, form feed and ESC (ANSI colour in logs) mean binary. */
function hasBinaryControls(text: string): boolean {
  return /[\u0000-\u0008\u000e-\u001a\u001c-\u001f\u007f]/.test(text);
}

export type FileTypeVerdict = { ok: true; extension: FileExtension; mimeType: string } | { ok: false; message: string };

/**
 * Decides whether an uploaded file is acceptable. `sniffed` is what the magic bytes say (undefined =
 * no known signature); `head` the first bytes (for the text check); `size` the full size.
 */
export function judgeFileType(input: {
  filename: string;
  sniffed: string | undefined;
  head: Uint8Array;
  size: number;
  rules: Pick<AttachmentRules, "extensions">;
}): FileTypeVerdict {
  const ext = extensionOf(input.filename);
  if (!ext) return { ok: false, message: typeNotAllowedMessage(`${input.filename}（没有扩展名）`) };
  if (!isSupportedExtension(ext) || !input.rules.extensions.includes(ext)) return { ok: false, message: typeNotAllowedMessage(`.${ext}`) };
  if (input.size === 0) return { ok: false, message: "文件为空，请重新选择" };
  const info: FileTypeInfo = FILE_TYPES[ext];
  const mismatch = { ok: false as const, message: typeNotAllowedMessage(`${input.filename}（文件内容与扩展名 .${ext} 不符）`) };
  if (info.sniffed === null) {
    const encoding = detectTextEncoding(input.head, input.head.length >= input.size);
    return encoding ? { ok: true, extension: ext, mimeType: `${info.mime}; charset=${encoding}` } : mismatch;
  }
  if (!input.sniffed || !info.sniffed.includes(input.sniffed)) return mismatch;
  return { ok: true, extension: ext, mimeType: info.mime };
}

/** The `accept` attribute of a file input for these extensions. */
export function acceptAttribute(extensions: readonly string[]): string {
  return extensions.map((e) => `.${e}`).join(",");
}

/**
 * Effective limits: 系统参数 (system_settings keys `attachmentMaxMb`, `attachmentTypes`) first, then the
 * environment (ATTACHMENT_MAX_MB, ATTACHMENT_TYPES), then the defaults. A value that does not make
 * sense is skipped (reported through `warn`) rather than failing every upload.
 */
export function resolveAttachmentRules(
  sources: { settingMaxMb?: unknown; settingTypes?: unknown; settingQuotaMb?: unknown; envMaxMb?: string; envTypes?: string },
  warn: (message: string) => void = () => {},
): AttachmentRules {
  const maxMb = firstValid([sources.settingMaxMb, sources.envMaxMb], parseMaxMb, warn, "附件大小上限") ?? DEFAULT_MAX_MB;
  const extensions = firstValid([sources.settingTypes, sources.envTypes], parseTypes, warn, "附件类型") ?? DEFAULT_EXTENSIONS;
  const quotaMb = firstValid([sources.settingQuotaMb], parseQuotaMb, warn, "每人每日上传总量") ?? DEFAULT_UPLOAD_QUOTA_MB;
  return { maxMb, maxBytes: Math.round(maxMb * 1024 * 1024), extensions, quotaMb, quotaBytes: Math.round(quotaMb * 1024 * 1024) };
}

function firstValid<T>(values: unknown[], parse: (v: unknown) => T | null, warn: (m: string) => void, what: string): T | null {
  for (const value of values) {
    if (value === undefined || value === null || value === "") continue;
    const parsed = parse(value);
    if (parsed !== null) return parsed;
    warn(`${what}配置无效，已忽略：${JSON.stringify(value)}`);
  }
  return null;
}

function parseMaxMb(value: unknown): number | null {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : NaN;
  return Number.isFinite(n) && n > 0 && n <= 10_240 ? n : null;
}

function parseQuotaMb(value: unknown): number | null {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value.trim()) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 102_400 ? n : null;
}

/** Accepts ["pdf","docx"] or "pdf, .docx"; unknown extensions are dropped (they cannot be checked by content). */
function parseTypes(value: unknown): FileExtension[] | null {
  const items = Array.isArray(value) ? value : typeof value === "string" ? value.split(/[,，\s]+/) : null;
  if (!items) return null;
  const extensions = [...new Set(items.map((v) => String(v).trim().toLowerCase().replace(/^\./, "")).filter(isSupportedExtension))];
  return extensions.length ? extensions : null;
}
