import { sql } from "drizzle-orm";
import { encryptedText } from "./encrypted";
import {
  AnyPgColumn,
  boolean,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { PERMISSIONS } from "@/lib/domain/permissions";
import { DATA_SCOPES } from "@/lib/domain/roles";

export const DEPARTMENT_KINDS = ["office", "district_department", "subdistrict", "state_enterprise", "other"] as const;
export const departmentKind = pgEnum("department_kind", DEPARTMENT_KINDS);
export const dataScope = pgEnum("data_scope", DATA_SCOPES);
export const permission = pgEnum("permission", PERMISSIONS);

const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};

/** 部门: a tree. Top-level groups (区级部门, 街道 …) and the units under them. */
export const departments = pgTable(
  "departments",
  {
    id: uuid().primaryKey().defaultRandom(),
    parentId: uuid().references((): AnyPgColumn => departments.id, { onDelete: "restrict" }),
    name: text().notNull(),
    shortName: text(),
    kind: departmentKind().notNull(),
    /** A grouping node (e.g. "街道") that holds units but does not handle tasks itself. */
    isGroup: boolean().notNull().default(false),
    sortOrder: integer().notNull().default(0),
    enabled: boolean().notNull().default(true),
    version: integer().notNull().default(1),
    ...timestamps,
  },
  (t) => [
    index().on(t.parentId, t.sortOrder),
    uniqueIndex("departments_name_unique").on(t.name),
    // 任务检索 also matches unit names by substring: trigram GIN index (pg_trgm, migration 0001).
    index("departments_name_trgm_index").using("gin", t.name.op("gin_trgm_ops")),
  ],
);

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    username: text().notNull(),
    displayName: text().notNull(),
    /** SM4-encrypted (db/schema/encrypted.ts); found by `mobileIndex`, never by SQL on this column. */
    mobile: encryptedText(),
    /** Blind index of the normalised number (HMAC-SM3, lib/crypto/pii.ts): exact search by a whole number. */
    mobileIndex: text(),
    departmentId: uuid()
      .notNull()
      .references(() => departments.id, { onDelete: "restrict" }),
    smsRecipient: boolean().notNull().default(false),
    /** Null: no local password — the user signs in only through the OA (single sign-on). */
    passwordHash: text(),
    /**
     * The user's identity in the intranet OA (the value of the configured OIDC claim, the CAS user, or the
     * signed link's user). Single sign-on finds the user by this and nothing else: a matching username alone
     * never signs anyone in.
     */
    externalId: text(),
    enabled: boolean().notNull().default(true),
    mustChangePassword: boolean().notNull().default(false),
    failedLoginCount: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    lastLoginAt: timestamp({ withTimezone: true }),
    /** Bumped on logout, password change and disable: every session issued before is refused. */
    sessionVersion: integer().notNull().default(1),
    /** When the local password was last set (密码有效期 counts from here; an admin reset sets it too). */
    passwordChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /**
     * The TOTP (动态口令) secret, base32, SM4-encrypted at rest like the mobile number (a database dump must not
     * yield anyone's second factor); null = none. `totpEnabledAt` null with a secret = enrolment started.
     */
    totpSecret: encryptedText(),
    totpEnabledAt: timestamp({ withTimezone: true }),
    /** The last TOTP time step accepted: a code is accepted once (no replay within its 30-second window). */
    totpLastStep: integer(),
    sortOrder: integer().notNull().default(0),
    version: integer().notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("users_username_unique").on(sql`lower(${t.username})`),
    uniqueIndex("users_external_id_unique").on(t.externalId),
    index().on(t.departmentId),
    index().on(t.mobileIndex),
  ],
);

/**
 * 登录会话: one row per login (password or OA). The session cookie carries the row's id; the viewer refuses
 * a session that is revoked (logout, password change, the concurrent-session limit) or unknown.
 */
export const userSessions = pgTable(
  "user_sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ip: text(),
    userAgent: text(),
    /** password, oidc, cas, link */
    method: text().notNull().default("password"),
    /** The password (or the OA) was accepted but the user's 动态口令 is still to be entered: good for nothing else. */
    secondFactorPending: boolean().notNull().default(false),
    revokedAt: timestamp({ withTimezone: true }),
    /** logout, password_changed, session_limit, user_ended, admin */
    revokedReason: text(),
  },
  (t) => [index("user_sessions_user_active_index").on(t.userId, t.createdAt).where(sql`${t.revokedAt} is null`)],
);

/** The argon2id hashes of a user's earlier passwords: a new password may not be one of the last five. */
export const passwordHistory = pgTable(
  "password_history",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    passwordHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.userId, t.createdAt)],
);

/**
 * Nonces of the OA's signed entry links already used: a link signs in once. Kept for as long as a link's
 * timestamp can still be inside the window; older rows are deleted when new ones are written.
 */
export const ssoUsedNonces = pgTable("sso_used_nonces", {
  nonce: text().primaryKey(),
  usedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * The per-address login throttle (lib/auth/ip-throttle.ts): failed logins of one client address in a fixed
 * window. In the database, not in a process, so that every app server counts the same failures. A row whose
 * window has ended counts as none; the hourly `logins.purge` job deletes it.
 */
export const loginThrottle = pgTable(
  "login_throttle",
  {
    address: text().primaryKey(),
    failures: integer().notNull(),
    windowEndsAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.windowEndsAt)],
);

/**
 * Lockout counters of usernames that are no account (lib/services/auth/unknown-user-lockout.ts), kept like
 * users.failed_login_count / locked_until so that guessing at a made-up name locks exactly like guessing at a
 * real one, on whichever app server the guess lands. Keyed by the lower-cased name; the hourly `logins.purge`
 * job deletes rows untouched for 7 days that hold no lock in force.
 */
export const unknownUserLockouts = pgTable(
  "unknown_user_lockouts",
  {
    username: text().primaryKey(),
    failedLoginCount: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    lastFailedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.lastFailedAt)],
);

export const roles = pgTable(
  "roles",
  {
    id: uuid().primaryKey().defaultRandom(),
    code: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(""),
    builtIn: boolean().notNull().default(false),
    dataScope: dataScope().notNull().default("own_unit"),
    version: integer().notNull().default(1),
    ...timestamps,
  },
  (t) => [uniqueIndex("roles_code_unique").on(t.code), uniqueIndex("roles_name_unique").on(t.name)],
);

export const rolePermissions = pgTable(
  "role_permissions",
  {
    roleId: uuid()
      .notNull()
      .references(() => roles.id, { onDelete: "cascade" }),
    permission: permission().notNull(),
  },
  (t) => [primaryKey({ columns: [t.roleId, t.permission] })],
);

export const userRoles = pgTable(
  "user_roles",
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    roleId: uuid()
      .notNull()
      .references(() => roles.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.roleId] }), index().on(t.roleId)],
);
