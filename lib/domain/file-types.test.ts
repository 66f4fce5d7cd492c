import { describe, expect, it } from "vitest";
import { fileTypeFromBuffer } from "file-type";
import { samples } from "@/test/attachment-samples";
import {
  cleanFilename,
  MAX_FILENAME_BYTES,
  DEFAULT_EXTENSIONS,
  detectTextEncoding,
  extensionOf,
  judgeFileType,
  resolveAttachmentRules,
  SUPPORTED_EXTENSIONS,
  type FileExtension,
} from "./file-types";

const all = { extensions: DEFAULT_EXTENSIONS };

/** Runs the same detector the upload uses, then the rule. */
async function judge(filename: string, bytes: Buffer, rules: { extensions: readonly FileExtension[] } = all) {
  const sniffed = (await fileTypeFromBuffer(bytes))?.ext;
  return judgeFileType({ filename, sniffed, head: bytes, size: bytes.length, rules });
}

describe("judgeFileType with real magic bytes", () => {
  it.each([
    ["通知.pdf", samples.pdf(), "application/pdf"],
    ["现场照片.png", samples.png(), "image/png"],
    ["现场照片.JPG", samples.jpg(), "image/jpeg"],
    ["动图.gif", samples.gif(), "image/gif"],
    ["材料汇总.zip", samples.zip(), "application/zip"],
    ["整改报告.docx", samples.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ["台账.xlsx", samples.xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    ["旧版报告.doc", samples.ole(), "application/msword"],
    ["旧版台账.xls", samples.ole(), "application/vnd.ms-excel"],
    ["汇报.ppt", samples.ole(), "application/vnd.ms-powerpoint"],
    ["公文.wps", samples.ole(), "application/vnd.ms-works"],
    ["表格.et", samples.ole(), "application/vnd.ms-excel"],
    ["版式.ofd", samples.zip(), "application/ofd"],
    ["压缩.rar", samples.rar(), "application/vnd.rar"],
    ["压缩.7z", samples.sevenZip(), "application/x-7z-compressed"],
    ["说明.txt", samples.utf8Text(), "text/plain; charset=utf-8"],
    ["说明（GBK）.txt", samples.gbkText(), "text/plain; charset=gb18030"],
    ["说明（Unicode）.txt", samples.utf16Text(), "text/plain; charset=utf-16le"],
  ])("accepts %s as %s", async (filename, bytes, mime) => {
    expect(await judge(filename, bytes)).toEqual({ ok: true, extension: extensionOf(filename), mimeType: mime });
  });

  it("refuses an executable renamed to .pdf, naming the file", async () => {
    expect(await judge("整改报告.pdf", samples.exe())).toEqual({ ok: false, message: "文件类型不允许：整改报告.pdf（文件内容与扩展名 .pdf 不符）" });
  });

  it.each([
    ["an executable as .txt", "readme.txt", samples.exe()],
    ["a PNG as .docx", "report.docx", samples.png()],
    ["an xlsx as .docx", "report.docx", samples.xlsx()],
    ["a PDF as .doc", "old.doc", samples.pdf()],
    ["a zip as .pdf", "a.pdf", samples.zip()],
    ["a PNG as .txt", "note.txt", samples.png()],
    ["plain text as .jpg", "photo.jpg", samples.utf8Text()],
  ])("refuses %s", async (_what, filename, bytes) => {
    const verdict = await judge(filename, bytes);
    expect(verdict.ok).toBe(false);
    expect(!verdict.ok && verdict.message).toContain("文件类型不允许");
  });

  it("refuses extensions outside the allow-list before looking at the content", async () => {
    expect(await judge("setup.exe", samples.exe())).toEqual({ ok: false, message: "文件类型不允许：.exe" });
    expect(await judge("page.html", Buffer.from("<html></html>"))).toEqual({ ok: false, message: "文件类型不允许：.html" });
    expect(await judge("README", samples.utf8Text())).toEqual({ ok: false, message: "文件类型不允许：README（没有扩展名）" });
  });

  it("honours a narrowed allow-list", async () => {
    expect((await judge("通知.pdf", samples.pdf(), { extensions: ["pdf"] })).ok).toBe(true);
    expect(await judge("照片.png", samples.png(), { extensions: ["pdf"] })).toEqual({ ok: false, message: "文件类型不允许：.png" });
  });

  it("refuses an empty file", () => {
    expect(judgeFileType({ filename: "a.txt", sniffed: undefined, head: new Uint8Array(), size: 0, rules: all })).toEqual({ ok: false, message: "文件为空，请重新选择" });
  });
});

describe("detectTextEncoding", () => {
  it("does not mistake a multi-byte character cut at the end of the sample for binary", () => {
    const bytes = Buffer.from("督查督办".repeat(10), "utf8");
    expect(detectTextEncoding(bytes.subarray(0, bytes.length - 1), false)).toBe("utf-8");
  });

  it("refuses control characters and NUL bytes", () => {
    expect(detectTextEncoding(Buffer.from("abc\u0001def"), true)).toBeNull();
    expect(detectTextEncoding(Buffer.from("abc\0def"), true)).toBeNull();
    expect(detectTextEncoding(Buffer.from("tabs\tand\fform feeds\r\n"), true)).toBe("utf-8");
  });
});

describe("cleanFilename", () => {
  it("keeps only the last path segment and strips control characters", () => {
    expect(cleanFilename("C:\\fakepath\\督查\u0007通知.docx")).toBe("督查通知.docx");
    expect(cleanFilename("../../etc/passwd")).toBe("passwd");
  });

  it("shortens names over 240 bytes of UTF-8 on a character boundary, keeping the extension", () => {
    const name = cleanFilename(`${"长".repeat(300)}.pdf`);
    expect(new TextEncoder().encode(name).length).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
    expect(name).toBe(`${"长".repeat(78)}.pdf`);
    const emoji = cleanFilename(`${"👨‍👩‍👧".repeat(40)}.docx`);
    expect(new TextEncoder().encode(emoji).length).toBeLessThanOrEqual(MAX_FILENAME_BYTES);
    expect(emoji.endsWith(".docx")).toBe(true);
    expect(emoji).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it.each([
    ["../../etc/passwd", "passwd"],
    ["..\\..\\windows\\system32\\x.pdf", "x.pdf"],
    ["/etc/shadow.txt", "shadow.txt"],
    ["C:\\Users\\a\\报告.docx", "报告.docx"],
    ["a\u0000b\u0001\u001b\u007f\u0085.pdf", "ab.pdf"],
    ["invoice\u202Egpj.exe", "invoicegpj.exe"],
    ["报\u200b告\u200d\ufeff\u2066.pdf", "报告.pdf"],
    ["...", ""],
    [". . .", ""],
    [".htaccess", "htaccess"],
    ["report.pdf.", "report.pdf"],
    ["CON", "_CON"],
    ["nul.txt", "_nul.txt"],
    ["com1.tar.zip", "_com1.tar.zip"],
    ["console.txt", "console.txt"],
    ['a<b>c:"d|e?f*.pdf', "a_b_c__d_e_f_.pdf"],
    ["e\u0301.pdf", "\u00e9.pdf"],
  ])("neutralises %j to %j", (raw, cleaned) => {
    expect(cleanFilename(raw)).toBe(cleaned);
  });
});

describe("resolveAttachmentRules", () => {
  it("defaults to 50 MB and every supported type", () => {
    expect(resolveAttachmentRules({})).toEqual({ maxMb: 50, maxBytes: 50 * 1024 * 1024, extensions: SUPPORTED_EXTENSIONS, quotaMb: 500, quotaBytes: 500 * 1024 * 1024 });
  });

  it("prefers 系统参数 over the environment", () => {
    const rules = resolveAttachmentRules({ settingMaxMb: 20, settingTypes: ["pdf", "docx"], envMaxMb: "80", envTypes: "png" });
    expect(rules).toMatchObject({ maxMb: 20, maxBytes: 20 * 1024 * 1024, extensions: ["pdf", "docx"] });
  });

  it("falls back to the environment, which may list types with dots, commas and spaces", () => {
    expect(resolveAttachmentRules({ envMaxMb: "10", envTypes: ".PDF, docx，png" })).toMatchObject({ maxMb: 10, extensions: ["pdf", "docx", "png"] });
  });

  it("skips nonsense with a warning instead of breaking uploads", () => {
    const warnings: string[] = [];
    const rules = resolveAttachmentRules({ settingMaxMb: "abc", settingTypes: ["exe"], envMaxMb: "-5" }, (m) => warnings.push(m));
    expect(rules.maxMb).toBe(50);
    expect(rules.extensions).toEqual(SUPPORTED_EXTENSIONS);
    expect(warnings).toHaveLength(3);
  });
});
