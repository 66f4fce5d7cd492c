import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/db/client";
import { departments, rolePermissions, userRoles, users } from "@/db/schema";

/**
 * Units (of `unitIds`, or all) that nobody could receive a dispatched task for: no enabled account of
 * the unit holds assignment.handle (接收). A task sent there would wait forever, so registration warns
 * about them and 交办 refuses them until 信息中心 adds someone.
 */
export async function unitsWithoutReceiver(unitIds?: readonly string[], db: DbOrTx = getDb()): Promise<{ id: string; name: string }[]> {
  if (unitIds && unitIds.length === 0) return [];
  return db
    .select({ id: departments.id, name: departments.name })
    .from(departments)
    .where(
      and(
        unitIds ? inArray(departments.id, [...unitIds]) : and(eq(departments.isGroup, false), sql`${departments.kind} <> 'office'`),
        sql`not exists (select 1 from ${users}
                          join ${userRoles} on ${userRoles.userId} = ${users.id}
                          join ${rolePermissions} on ${rolePermissions.roleId} = ${userRoles.roleId}
                        where ${users.departmentId} = ${departments.id} and ${users.enabled}
                          and ${rolePermissions.permission} = 'assignment.handle')`,
      ),
    )
    .orderBy(asc(departments.sortOrder), asc(departments.name));
}
