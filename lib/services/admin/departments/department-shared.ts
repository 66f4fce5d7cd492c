import { optionalIdField } from "@/lib/services/validation";
import { eq, isNull, max } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { DEPARTMENT_KINDS, departments } from "@/db/schema";
import { notFound } from "@/lib/domain/errors";

export const DEPARTMENT_KIND_LABELS: Record<(typeof DEPARTMENT_KINDS)[number], string> = {
  office: "督查室",
  district_department: "区级部门",
  subdistrict: "街道",
  state_enterprise: "国有企业",
  other: "其他",
};

export const departmentNameSchema = z.string({ error: "请填写名称" }).trim().min(1, "请填写名称").max(60, "名称不能超过 60 个字");
export const shortNameSchema = z
  .string()
  .optional()
  .transform((v) => (v ?? "").trim())
  .pipe(z.string().max(20, "简称不能超过 20 个字"))
  .transform((v) => (v === "" ? null : v));
export const kindSchema = z.enum(DEPARTMENT_KINDS, { error: "请选择类型" });
/** "" or absent → top level. */
export const parentIdSchema = optionalIdField("上级部门不存在").transform((v) => v ?? null);

export interface DepartmentSnapshot {
  name: string;
  shortName: string | null;
  kind: string;
  isGroup: boolean;
  parent: string | null;
  sortOrder: number;
  enabled: boolean;
}

export async function loadDepartmentForChange(tx: DbOrTx, id: string) {
  const [row] = await tx
    .select({
      id: departments.id,
      parentId: departments.parentId,
      name: departments.name,
      shortName: departments.shortName,
      kind: departments.kind,
      isGroup: departments.isGroup,
      sortOrder: departments.sortOrder,
      enabled: departments.enabled,
      version: departments.version,
    })
    .from(departments)
    .where(eq(departments.id, id))
    .for("update");
  if (!row) throw notFound("部门");
  return row;
}

export async function departmentSnapshot(tx: DbOrTx, id: string): Promise<DepartmentSnapshot> {
  const [row] = await tx
    .select({
      name: departments.name,
      shortName: departments.shortName,
      kind: departments.kind,
      isGroup: departments.isGroup,
      parentId: departments.parentId,
      sortOrder: departments.sortOrder,
      enabled: departments.enabled,
    })
    .from(departments)
    .where(eq(departments.id, id));
  if (!row) throw notFound("部门");
  const { parentId, ...rest } = row;
  let parent: string | null = null;
  if (parentId) {
    const [p] = await tx.select({ name: departments.name }).from(departments).where(eq(departments.id, parentId));
    parent = p?.name ?? null;
  }
  return { ...rest, kind: DEPARTMENT_KIND_LABELS[rest.kind], parent };
}

/** The next sort position under a parent (null = top level). */
export async function nextSortOrder(tx: DbOrTx, parentId: string | null): Promise<number> {
  const [row] = await tx
    .select({ top: max(departments.sortOrder) })
    .from(departments)
    .where(parentId ? eq(departments.parentId, parentId) : isNull(departments.parentId));
  return (row?.top ?? 0) + 1;
}

export function siblingsWhere(parentId: string | null) {
  return parentId ? eq(departments.parentId, parentId) : isNull(departments.parentId);
}
