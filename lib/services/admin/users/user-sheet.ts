import ExcelJS from "exceljs";
import { validation } from "@/lib/domain/errors";
import { formatDateTime } from "@/lib/domain/dates";

/** Columns of the 用户导入 sheet, in template order. Matched by header text, so order may vary. */
export const IMPORT_COLUMNS = [
  { key: "username", header: "用户名", width: 16, note: "必填，字母开头，3～32 位" },
  { key: "displayName", header: "姓名", width: 12, note: "必填" },
  { key: "mobile", header: "手机号", width: 16, note: "11 位大陆手机号；短信接收人必填" },
  { key: "department", header: "所属单位", width: 28, note: "必填，填单位全称或简称" },
  { key: "roles", header: "角色", width: 24, note: "必填，多个用顿号或逗号分隔" },
  { key: "smsRecipient", header: "短信接收人", width: 12, note: "是 / 否，默认否" },
  { key: "password", header: "初始密码", width: 16, note: "可不填，使用导入页面填写的统一初始密码" },
] as const;

export type ImportColumnKey = (typeof IMPORT_COLUMNS)[number]["key"];
export type ImportCells = Record<ImportColumnKey, string>;
export interface SheetRow {
  /** The row number as Excel shows it, so the admin can find it. */
  rowNumber: number;
  cells: ImportCells;
}

export const IMPORT_MAX_ROWS = 1000;
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value.trim();
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("").trim();
    if ("text" in value && typeof value.text === "string") return value.text.trim();
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
  }
  return String(value).trim();
}

/** Reads the first sheet of an .xlsx file into rows keyed by column; blank rows are skipped. */
export async function readUserSheet(bytes: ArrayBuffer | Uint8Array): Promise<SheetRow[]> {
  if (bytes.byteLength === 0) throw validation("请选择要导入的 Excel 文件", { file: "请选择要导入的 Excel 文件" });
  if (bytes.byteLength > IMPORT_MAX_BYTES) throw validation("文件过大，请不超过 2 MB", { file: "文件过大，请不超过 2 MB" });
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)) as unknown as ExcelJS.Buffer);
  } catch {
    throw validation("无法读取该文件，请使用下载的模板（.xlsx 格式）", { file: "无法读取该文件，请使用下载的模板（.xlsx 格式）" });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw validation("文件中没有工作表", { file: "文件中没有工作表" });

  const header = sheet.getRow(1);
  const columnOf = new Map<ImportColumnKey, number>();
  header.eachCell((cell, col) => {
    const text = cellText(cell.value).replace(/[*＊\s]/g, "");
    const column = IMPORT_COLUMNS.find((c) => c.header === text);
    if (column) columnOf.set(column.key, col);
  });
  const required: ImportColumnKey[] = ["username", "displayName", "department", "roles"];
  const missing = IMPORT_COLUMNS.filter((c) => required.includes(c.key) && !columnOf.has(c.key)).map((c) => c.header);
  if (missing.length) {
    const message = `表头缺少：${missing.join("、")}。请使用下载的模板`;
    throw validation(message, { file: message });
  }

  const rows: SheetRow[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells = Object.fromEntries(
      IMPORT_COLUMNS.map((c) => [c.key, columnOf.has(c.key) ? cellText(row.getCell(columnOf.get(c.key)!).value) : ""]),
    ) as ImportCells;
    if (Object.values(cells).every((v) => v === "")) continue;
    rows.push({ rowNumber: r, cells });
  }
  if (rows.length === 0) throw validation("表格中没有用户数据", { file: "表格中没有用户数据" });
  if (rows.length > IMPORT_MAX_ROWS) {
    const message = `一次最多导入 ${IMPORT_MAX_ROWS} 个用户，请分批导入`;
    throw validation(message, { file: message });
  }
  return rows;
}

function styleHeader(row: ExcelJS.Row) {
  row.font = { bold: true };
  row.alignment = { vertical: "middle" };
  row.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDBEAFE" } };
  });
}

/** The downloadable import template: headers with notes, one example row, and a units/roles sheet. */
export async function buildImportTemplate(options: { units: string[]; roles: string[] }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("用户导入");
  sheet.columns = IMPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  IMPORT_COLUMNS.forEach((c, i) => {
    sheet.getRow(1).getCell(i + 1).note = c.note;
  });
  styleHeader(sheet.getRow(1));
  sheet.addRow({ username: "zhangsan", displayName: "张三", mobile: "13800000000", department: options.units[0] ?? "", roles: options.roles[0] ?? "", smsRecipient: "否", password: "" });
  sheet.getColumn("mobile").numFmt = "@";
  const ref = workbook.addWorksheet("可选单位与角色");
  ref.columns = [
    { header: "单位", key: "unit", width: 32 },
    { header: "角色", key: "role", width: 20 },
  ];
  styleHeader(ref.getRow(1));
  for (let i = 0; i < Math.max(options.units.length, options.roles.length); i++) ref.addRow({ unit: options.units[i] ?? "", role: options.roles[i] ?? "" });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export interface ExportUserRow {
  username: string;
  displayName: string;
  mobile: string | null;
  departmentName: string;
  roleNames: string[];
  smsRecipient: boolean;
  enabled: boolean;
  lastLoginAt: Date | null;
}

/** 导出 of the (filtered) user list. Dates in Asia/Shanghai as people there read them. */
export async function buildUserExport(rows: ExportUserRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("用户列表");
  sheet.columns = [
    { header: "用户名", key: "username", width: 16 },
    { header: "姓名", key: "displayName", width: 12 },
    { header: "手机号", key: "mobile", width: 16 },
    { header: "所属单位", key: "department", width: 28 },
    { header: "角色", key: "roles", width: 28 },
    { header: "短信接收人", key: "sms", width: 12 },
    { header: "状态", key: "enabled", width: 8 },
    { header: "最近登录", key: "lastLogin", width: 20 },
  ];
  styleHeader(sheet.getRow(1));
  for (const r of rows) {
    sheet.addRow({
      username: r.username,
      displayName: r.displayName,
      mobile: r.mobile ?? "",
      department: r.departmentName,
      roles: r.roleNames.join("、"),
      sms: r.smsRecipient ? "是" : "否",
      enabled: r.enabled ? "启用" : "停用",
      lastLogin: r.lastLoginAt ? formatDateTime(r.lastLoginAt) : "",
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
