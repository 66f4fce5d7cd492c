import "server-only";
import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import type { Actor } from "@/lib/domain/policy";
import { formatDateTime, todayInShanghai } from "@/lib/domain/dates";
import { now as clockNow } from "@/lib/clock";
import { fileResponse, XLSX_TYPE } from "@/lib/http/file-response";

/**
 * The one way the app writes an Excel sheet: exceljs' streaming writer into a PassThrough, a header block that
 * says what the sheet holds (title, scope, the filters in words, the total, who exported it and when) so a
 * printed or forwarded sheet is self-explanatory, then the column heads and the rows. Used by 督查工作通知 and
 * every statistics table and drill-down list.
 */
export interface SheetColumn {
  header: string;
  width: number;
}

export interface SheetHeader {
  title: string;
  viewer: Pick<Actor, "displayName" | "dataScope" | "departmentName">;
  /** The filters in words ("全部" when none). */
  filters: string;
  /** "共 12 条" or a capped-total sentence. */
  total: string;
  columns: readonly SheetColumn[];
}

export interface SheetWriter {
  /** Adds one data row (values in column order). */
  add(values: ReadonlyArray<string | number | null>): void;
  /** Finishes the workbook (after the last row); errors end the stream with that error. */
  done(): Promise<void>;
  stream: Readable;
}

export function openSheet(h: SheetHeader): SheetWriter {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(h.title.slice(0, 31));
  sheet.columns = h.columns.map((c) => ({ width: c.width }));
  const scope = h.viewer.dataScope === "all_units" ? "全部单位" : h.viewer.departmentName;
  const rows = [
    [h.title],
    [`范围：${scope}`],
    [`筛选条件：${h.filters}`],
    [h.total],
    [`导出人：${h.viewer.displayName}　导出时间：${formatDateTime(clockNow(), { seconds: true })}`],
    [],
  ];
  for (const values of rows) sheet.addRow(values).commit();
  const head = sheet.addRow(h.columns.map((c) => c.header));
  head.font = { bold: true };
  head.commit();
  return {
    stream: out,
    add(values) {
      sheet.addRow([...values]).commit();
    },
    async done() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

/**
 * The HTTP response for a sheet: `fill` writes the rows (it may read the database in batches while the browser
 * already receives the first bytes); a failure half-way ends the download with an error instead of a truncated
 * file that looks complete.
 */
export function xlsxResponse(writer: SheetWriter, basename: string, fill: (w: SheetWriter) => Promise<void>): Response {
  void (async () => {
    try {
      await fill(writer);
      await writer.done();
    } catch (error) {
      writer.stream.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  const stamp = todayInShanghai(clockNow());
  return fileResponse(Readable.toWeb(writer.stream) as ReadableStream<Uint8Array>, {
    filename: `${basename}-${stamp}.xlsx`,
    asciiFallback: `export-${stamp}.xlsx`,
    contentType: XLSX_TYPE,
  });
}
