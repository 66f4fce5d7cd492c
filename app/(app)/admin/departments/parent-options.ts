import type { AdminDepartment, DepartmentNode } from "@/lib/data/admin-departments";
import { flattenTree, subtreeIds } from "@/lib/data/admin-departments";
import type { ParentOption } from "./department-forms";

/** Parents a department may be placed under, indented in tree order, its own subtree left out. */
export function parentOptions(tree: DepartmentNode[], rows: AdminDepartment[], excludeId?: string): ParentOption[] {
  const excluded = excludeId ? subtreeIds(rows, excludeId) : new Set<string>();
  return flattenTree(tree)
    .filter((d) => !excluded.has(d.id))
    .map((d) => ({ id: d.id, label: `${"　".repeat(d.depth)}${d.name}${d.enabled ? "" : "（已停用）"}` }));
}
