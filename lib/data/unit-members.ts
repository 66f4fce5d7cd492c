import "server-only";
import { and, asc, desc, eq, exists, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { rolePermissions, userRoles, users } from "@/db/schema";
import { rolesOf } from "@/lib/data/admin-users";
import type { Actor } from "@/lib/domain/policy";
import { assertCan } from "@/lib/domain/policy";
import { shownMobile } from "@/lib/domain/mobile-visibility";
import { normalizeMobile, UNIT_RECIPIENT_PERMISSIONS } from "@/lib/domain/messages";

/**
 * 单位用户信息 (manual §2.6, §2.8.2): the members of the viewer's own unit and who of them receives the
 * dispatch SMS. Always the viewer's own unit, whatever their data scope: the page answers "who in my
 * unit gets the SMS", and 用户管理 is where anyone looks across units.
 *
 * Mobile numbers are masked (138****5678) except the viewer's own (lib/domain/mobile-visibility.ts): the
 * manual only promises that a unit sees who receives the SMS, the last four digits are enough to spot an
 * outdated number, and whole numbers stay with 信息中心 (用户管理), who makes the change.
 */

export interface UnitMember {
  id: string;
  username: string;
  displayName: string;
  /** Masked, or whole for the viewer's own row (or a 用户管理 holder's). */
  mobile: string;
  roleNames: string[];
  enabled: boolean;
  /** Marked 短信接收人 in 用户管理. */
  smsRecipient: boolean;
  /** Marked 短信接收人 but without a valid mobile number: no SMS can reach them (无法接收短信). */
  unreachable: boolean;
  /** Would get the dispatch SMS now: enabled, a unit role, marked, with a valid number (the dispatch rule). */
  receivesDispatchSms: boolean;
}

export interface UnitMembers {
  departmentName: string;
  members: UnitMember[];
  /** How many members would receive a dispatch SMS now. */
  smsReceivers: number;
  /** Enabled members marked 短信接收人 whose number is missing or invalid. */
  unreachable: number;
}

export async function getUnitMembers(viewer: Actor): Promise<UnitMembers> {
  assertCan(viewer, "unit.members.view");
  const db = getDb();
  // A unit has tens of accounts, not thousands: read them whole (users' department index).
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      mobile: users.mobile,
      enabled: users.enabled,
      smsRecipient: users.smsRecipient,
      unitRole: exists(
        db
          .select({ one: userRoles.userId })
          .from(userRoles)
          .innerJoin(rolePermissions, eq(rolePermissions.roleId, userRoles.roleId))
          .where(and(eq(userRoles.userId, users.id), inArray(rolePermissions.permission, [...UNIT_RECIPIENT_PERMISSIONS]))),
      ),
    })
    .from(users)
    .where(eq(users.departmentId, viewer.departmentId))
    .orderBy(desc(users.enabled), asc(users.sortOrder), asc(users.username));
  const roleMap = await rolesOf(rows.map((r) => r.id));
  const members = rows.map((r): UnitMember => {
    const valid = normalizeMobile(r.mobile) !== null;
    return {
      id: r.id,
      username: r.username,
      displayName: r.displayName,
      mobile: shownMobile(viewer, { userId: r.id, departmentId: viewer.departmentId }, r.mobile) ?? "—",
      roleNames: roleMap.get(r.id) ?? [],
      enabled: r.enabled,
      smsRecipient: r.smsRecipient,
      unreachable: r.smsRecipient && !valid,
      receivesDispatchSms: r.enabled && r.smsRecipient && valid && Boolean(r.unitRole),
    };
  });
  return {
    departmentName: viewer.departmentName,
    members,
    smsReceivers: members.filter((m) => m.receivesDispatchSms).length,
    unreachable: members.filter((m) => m.enabled && m.unreachable).length,
  };
}
