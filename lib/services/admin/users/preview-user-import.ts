import { getDb } from "@/db/client";
import { assertCan } from "@/lib/domain/policy";
import { checkImportRows, type CheckedImportRow } from "./import-check";
import { readUserSheet } from "./user-sheet";
import type { Actor } from "@/lib/domain/policy";

/** A checked row as the browser sees it (never the resolved passwords). */
export type ImportPreviewRow = Omit<CheckedImportRow, "resolved"> & { resolved?: undefined };
export interface ImportPreview {
  rows: ImportPreviewRow[];
  errorRows: number;
}

/**
 * 用户导入预览 (admin.users): reads the sheet and reports every row's errors. Writes nothing; the
 * import itself checks again inside its transaction.
 */
export async function previewUserImport(actor: Actor, file: { bytes: ArrayBuffer | Uint8Array; defaultPassword?: string }): Promise<ImportPreview> {
  assertCan(actor, "admin.users");
  const sheetRows = await readUserSheet(file.bytes);
  const checked = await checkImportRows(getDb(), actor, sheetRows, file.defaultPassword ?? "");
  const rows: ImportPreviewRow[] = checked.map((row) => ({ ...row, resolved: undefined }));
  return { rows, errorRows: rows.filter((r) => r.errors.length > 0).length };
}
