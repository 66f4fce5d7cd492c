
import { z } from "zod";

import { departments } from "@/db/schema";
import { conflict } from "@/lib/domain/errors";
import { assertCan } from "@/lib/domain/policy";
import { auditedChange, guardedUpdate } from "../../audited-change";
import { parseInput, versionField, type RequestMeta, idField } from "../users/shared";
import { departmentSnapshot, loadDepartmentForChange } from "./department-shared";
import type { Actor } from "@/lib/domain/policy";

const schema = z.object({
  id: idField("请选择部门"),
  version: versionField,
  enabled: z.preprocess((v) => v === true || v === "true", z.boolean()),
});

/**
 * 部门管理 (admin.departments): enables or disables a department. A disabled unit can no longer be
 * chosen for new users or new tasks; its users, tasks and history stay as they are.
 */
export async function setDepartmentEnabled(actor: Actor, input: unknown, meta: RequestMeta = {}): Promise<void> {
  assertCan(actor, "admin.departments");
  const data = parseInput(schema, input);
  await auditedChange({
    actor,
    meta,
    version: data.version,
    load: (tx) => loadDepartmentForChange(tx, data.id),
    check: (_tx, current) => {
      if (current.enabled === data.enabled) throw conflict(data.enabled ? "该部门已是启用状态，请刷新后重试" : "该部门已被停用，请刷新后重试");
    },
    snapshot: (tx) => departmentSnapshot(tx, data.id),
    apply: (tx) => guardedUpdate(tx, departments, data, { enabled: data.enabled }),
    audit: { action: data.enabled ? "admin.department.enable" : "admin.department.disable", targetType: "department", targetId: data.id },
  });
}
