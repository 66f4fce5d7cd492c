import ExcelJS from "exceljs";

/**
 * The first worksheet of an exported workbook as text rows (cells joined by "|"), for tests that read what a
 * download holds: a route's Response, or a file Playwright saved.
 */
export async function sheetRows(source: Response | string): Promise<string[]> {
  const workbook = new ExcelJS.Workbook();
  if (typeof source === "string") await workbook.xlsx.readFile(source);
  else await workbook.xlsx.load(await source.arrayBuffer());
  const rows: string[] = [];
  workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).join("|")));
  return rows;
}
