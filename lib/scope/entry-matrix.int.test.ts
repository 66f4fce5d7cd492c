import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import ts from "typescript";
import { and, asc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { notifications, roles, urges, userRoles, userSessions, users } from "@/db/schema";
import { useTestDatabase } from "@/test/test-db";
import { samples } from "@/test/attachment-samples";
import { BUILT_IN_ROLES, type BuiltInRoleCode } from "@/lib/domain/roles";
import { ENTRY_POINTS, type EntryAccess } from "@/lib/domain/entry-points";
import type { DomainErrorCode } from "@/lib/domain/errors";
import { LocalFileStore, setFileStore } from "@/lib/storage";
import { as, av, SETUP_TIMEOUT, taskAt, unitId } from "@/lib/services/tasks/test-fixtures";
import { receiveAssignment } from "@/lib/services/tasks/receive-assignment";
import { urgeAssignment } from "@/lib/services/urges";
import { requestExtension } from "@/lib/services/extensions";

/**
 * 等保 "no unguarded entry point": every exported server action and route handler of app/ is found by
 * reading the source (TypeScript's parser), must have a row in ENTRY_POINTS (lib/domain/entry-points.ts),
 * and is then called — as Next would call it, with the real viewer loading, permission checks and verbs —
 * as nobody, as a user of each built-in role, as a user who must still change an initial password and as a
 * disabled user whose session cookie is still valid;
 * each answer must be the declared one: allowed (anything but refused or a crash), FORBIDDEN / 403, or
 * UNAUTHENTICATED / 401. Entries that name a unit's record are called on their own unit's record and on
 * another unit's: the other is NOT_FOUND / 404. Only the session lookup (Auth.js's cookie, given a
 * registered user_sessions row) and Next's request-bound helpers are replaced.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");

// --- Next's request-bound pieces, replaced -------------------------------------------------------
let session: { user: { id: string }; sessionVersion: number; sessionId: string } | null = null;
vi.mock("@/lib/auth/auth", () => ({
  auth: async () => session,
  signIn: async () => undefined,
  signOut: async () => undefined,
  handlers: { GET: async () => Response.json({}), POST: async () => Response.json({}) },
}));
// next-auth's package resolves `next/server` in a way only Next's bundler follows; only its error class is used here.
vi.mock("next-auth", () => ({ AuthError: class AuthError extends Error {} }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("@/lib/auth/request-context", () => ({ requestMeta: async () => ({ ip: "127.0.0.1", userAgent: "entry-matrix" }) }));
const afterTasks: Promise<unknown>[] = [];
vi.mock("next/server", async (importOriginal) => ({
  ...(await importOriginal<typeof import("next/server")>()),
  after: (task: () => Promise<unknown>) => afterTasks.push(task()),
}));

// --- 1. Enumerate the entry points from the source ---------------------------------------------
const HTTP_METHODS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

function filesUnder(dir: string, name: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of ts.sys.readDirectory(d, [".ts"], undefined, [`**/${name}`])) out.push(entry);
  };
  walk(dir);
  return out.map((f) => path.relative(ROOT, f).split(path.sep).join("/")).sort();
}

/** Exported callables of a module: functions and consts (route handlers may be `export const GET = …`). */
function exportedNames(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true);
  const names: string[] = [];
  const exported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && exported(statement) && statement.name) names.push(statement.name.text);
    if (ts.isVariableStatement(statement) && exported(statement)) {
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
    }
    if (ts.isExportDeclaration(statement)) throw new Error(`${file}: re-exports hide entry points from this test; export functions directly`);
  }
  return names;
}

const isUseServer = (s: ts.Statement | undefined) => !!s && ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression) && s.expression.text === "use server";

/** Source files of the running app (tests excluded). */
function sourceFiles(): string[] {
  return ["app", "lib", "components"].flatMap((dir) =>
    ts.sys
      .readDirectory(path.join(ROOT, dir), [".ts", ".tsx"])
      .map((f) => path.relative(ROOT, f).split(path.sep).join("/"))
      .filter((f) => !/\.test\.tsx?$/.test(f)),
  );
}

/** Modules whose first statement is "use server": every export is a server action. */
function serverActionModules(): string[] {
  return sourceFiles().filter((f) => {
    const text = readFileSync(path.join(ROOT, f), "utf8");
    return text.includes("use server") && isUseServer(ts.createSourceFile(f, text, ts.ScriptTarget.Latest).statements[0]);
  });
}

/** Functions that declare "use server" inside their body: server actions this table could not see. */
function inlineServerActions(): string[] {
  const found: string[] = [];
  for (const f of sourceFiles()) {
    const text = readFileSync(path.join(ROOT, f), "utf8");
    if (!text.includes("use server")) continue;
    const visit = (node: ts.Node) => {
      if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node)) && node.body && ts.isBlock(node.body) && isUseServer(node.body.statements[0])) {
        found.push(f);
      }
      ts.forEachChild(node, visit);
    };
    visit(ts.createSourceFile(f, text, ts.ScriptTarget.Latest, true));
  }
  return found;
}

function enumerateEntryPoints(): string[] {
  const actions = serverActionModules().flatMap((f) => exportedNames(f).map((n) => `${f}#${n}`));
  const routes = filesUnder(path.join(ROOT, "app"), "route.ts").flatMap((f) => exportedNames(f).filter((n) => HTTP_METHODS.has(n)).map((n) => `${f}#${n}`));
  return [...actions, ...routes].sort();
}

describe("every entry point has a declared policy", () => {
  it("finds the same entry points in app/ as ENTRY_POINTS declares", () => {
    const found = enumerateEntryPoints();
    expect(found.length).toBeGreaterThan(60);
    const declared = Object.keys(ENTRY_POINTS).sort();
    expect(found.filter((e) => !ENTRY_POINTS[e]), "entry points without a policy row").toEqual([]);
    expect(declared.filter((e) => !found.includes(e)), "policy rows for entry points that no longer exist").toEqual([]);
  });

  it("server actions live only in \"use server\" modules, where this table sees them", () => {
    expect(inlineServerActions(), "functions with an inline \"use server\": move them to an actions module").toEqual([]);
    for (const file of filesUnder(path.join(ROOT, "app"), "actions.ts")) expect(serverActionModules(), file).toContain(file);
  });
});

// --- 2. Call every entry point as everyone -----------------------------------------------------
type Outcome = DomainErrorCode | "INTERNAL" | "OK";
/** `pending`: the password was right but the 动态口令 is still to be entered (the session is good for nothing else). */
type Caller = { label: string; username: string | null; pending?: boolean };

let cleanupDb: () => Promise<void>;
let storeRoot: string;
const callers: Caller[] = [];

async function signInAs(username: string | null, pending = false) {
  if (!username) {
    session = null;
    return;
  }
  const [row] = await getDb().select({ id: users.id, sv: users.sessionVersion }).from(users).where(eq(users.username, username));
  // A completed login as Auth.js would have registered it (user_sessions), as the viewer check requires.
  const [registered] = await getDb().insert(userSessions).values({ userId: row!.id, method: "password", secondFactorPending: pending }).returning({ id: userSessions.id });
  session = { user: { id: row!.id }, sessionVersion: row!.sv, sessionId: registered!.id };
}

/** The module behind `file`, imported once (the mocks above are in force). */
const modules = new Map<string, Record<string, unknown>>();
async function entry(key: string): Promise<(...args: unknown[]) => Promise<unknown>> {
  const [file, name] = key.split("#") as [string, string];
  if (!modules.has(file)) modules.set(file, (await import(/* @vite-ignore */ path.join(ROOT, file))) as Record<string, unknown>);
  const fn = modules.get(file)![name];
  if (typeof fn !== "function") throw new Error(`${key} is not a function`);
  return fn as (...args: unknown[]) => Promise<unknown>;
}

const statusOutcome = (status: number): Outcome =>
  status === 401 ? "UNAUTHENTICATED" : status === 403 ? "FORBIDDEN" : status === 404 ? "NOT_FOUND" : status >= 500 ? "INTERNAL" : "OK";

const isRedirect = (error: unknown) => typeof (error as { digest?: unknown })?.digest === "string" && String((error as { digest: string }).digest).startsWith("NEXT_");

/** A request as the browser would send it from this site's own page. */
function request(key: string, id?: string): [Request, { params: Promise<Record<string, unknown>> }] {
  const [file, method] = key.split("#") as [string, string];
  const route = file.replace(/^app\//, "").replace(/\/route\.ts$/, "").replace(/\([^)]+\)\//g, "");
  const params: Record<string, unknown> = {};
  const url = route.replace(/\[\.\.\.(\w+)\]/g, (_m, p: string) => ((params[p] = ["providers"]), "providers")).replace(/\[(\w+)\]/g, (_m, p: string) => {
    params[p] = id ?? randomUUID();
    return String(params[p]);
  });
  const headers = { host: "localhost", origin: "http://localhost", "sec-fetch-site": "same-origin" };
  return [new Request(`http://localhost/${url}`, { method, headers }), { params: Promise.resolve(params) }];
}

/** Calls one entry point; `args` replaces the default (empty) input of an action. */
async function call(key: string, args?: unknown[], recordId?: string): Promise<Outcome> {
  const fn = await entry(key);
  try {
    if (key.includes("/route.ts#")) {
      const response = (await fn(...request(key, recordId))) as Response;
      return statusOutcome(response.status);
    }
    const result = (await fn(...(args ?? (fn.length >= 2 ? [null, new FormData()] : fn.length === 1 ? [{}] : [])))) as
      | { ok: boolean; code?: Outcome }
      | { error?: string }
      | undefined;
    if (result && "ok" in result) return result.ok ? "OK" : (result.code as Outcome);
    return "OK";
  } catch (error) {
    if (isRedirect(error)) return "OK";
    console.error(key, error);
    return "INTERNAL";
  }
}

const REFUSED: Outcome[] = ["UNAUTHENTICATED", "FORBIDDEN", "INTERNAL"];

/** What the policy says `caller` gets from an entry (given empty input): "allowed" or a refusal code. */
function expected(policy: EntryAccess, caller: { roles: readonly BuiltInRoleCode[] | null; mustChange: boolean }): "allowed" | Outcome {
  if (policy.access === "public") return "allowed";
  if (!caller.roles) return "UNAUTHENTICATED";
  if (caller.mustChange && !policy.mustChangePassword) return "FORBIDDEN";
  if (policy.access === "signed-in") return "allowed";
  const held = new Set(BUILT_IN_ROLES.filter((r) => caller.roles!.includes(r.code)).flatMap((r) => r.permissions));
  return policy.anyOf.some((p) => held.has(p)) ? "allowed" : "FORBIDDEN";
}

/** One demo user per built-in role (holding that role only), nobody, and a must-change-password clerk. */
const ROLE_USERS: Record<BuiltInRoleCode, string> = {
  office_clerk: "dcs_jbr",
  office_leader: "dcs_ld",
  unit_clerk: "jw_jbr",
  unit_leader: "jw_ld",
  district_leader: "qld",
  admin: "admin",
  security_admin: "secadmin",
  security_auditor: "auditor",
};
const MUST_CHANGE = "matrix_must_change";
/** A disabled account whose session cookie is still valid: it is nobody. */
const DISABLED = "matrix_disabled";

beforeAll(async () => {
  ({ cleanup: cleanupDb } = await useTestDatabase());
  storeRoot = await mkdtemp(path.join(tmpdir(), "dcdb-entry-matrix-"));
  setFileStore(new LocalFileStore(storeRoot));
  // Each demo user must hold exactly the role it stands for, or the matrix would test the wrong thing.
  for (const [code, username] of Object.entries(ROLE_USERS)) {
    const held = await getDb()
      .select({ code: roles.code })
      .from(userRoles)
      .innerJoin(roles, eq(roles.id, userRoles.roleId))
      .innerJoin(users, eq(users.id, userRoles.userId))
      .where(eq(users.username, username));
    expect(held.map((r) => r.code)).toEqual([code]);
  }
  const [clerk] = await getDb().select().from(users).where(eq(users.username, "dcs_jbr2"));
  const [copy] = await getDb()
    .insert(users)
    .values({ username: MUST_CHANGE, displayName: "待改密用户", departmentId: clerk!.departmentId, passwordHash: clerk!.passwordHash, mustChangePassword: true })
    .returning({ id: users.id });
  const [officeClerk] = await getDb().select({ id: roles.id }).from(roles).where(eq(roles.code, "office_clerk"));
  await getDb().insert(userRoles).values({ userId: copy!.id, roleId: officeClerk!.id });
  const [disabled] = await getDb()
    .insert(users)
    .values({ username: DISABLED, displayName: "已停用用户", departmentId: clerk!.departmentId, passwordHash: clerk!.passwordHash, enabled: false })
    .returning({ id: users.id });
  await getDb().insert(userRoles).values({ userId: disabled!.id, roleId: officeClerk!.id });
  callers.push({ label: "未登录", username: null });
  for (const r of BUILT_IN_ROLES) callers.push({ label: r.name, username: ROLE_USERS[r.code] });
  callers.push({ label: "须先改密的用户", username: MUST_CHANGE });
  callers.push({ label: "已停用的用户（会话仍在）", username: DISABLED });
  callers.push({ label: "系统管理员（动态口令尚未输入）", username: "admin", pending: true });
}, SETUP_TIMEOUT);

afterAll(async () => {
  await Promise.allSettled(afterTasks);
  setFileStore(undefined);
  await rm(storeRoot, { recursive: true, force: true });
  await cleanupDb();
});

describe("every entry point answers every caller as declared", () => {
  it(
    "nobody, each built-in role, a must-change-password user, a disabled user and a login awaiting its 动态口令 × every action and route handler",
    async () => {
      const wrong: string[] = [];
      for (const caller of callers) {
        const code = BUILT_IN_ROLES.find((r) => ROLE_USERS[r.code] === caller.username)?.code;
        const who = { roles: caller.username === null || caller.username === DISABLED || caller.pending ? null : code ? [code] : ["office_clerk" as const], mustChange: caller.username === MUST_CHANGE };
        for (const [key, policy] of Object.entries(ENTRY_POINTS)) {
          const want = expected(policy, who);
          // A fresh session per call: 用户注销 (an entry like any other) ends every session of its user.
          await signInAs(caller.username, caller.pending);
          const got = await call(key);
          const ok = want === "allowed" ? !REFUSED.includes(got) : got === want;
          if (!ok) wrong.push(`${caller.label} → ${key}: expected ${want}, got ${got}`);
        }
      }
      expect(wrong).toEqual([]);
    },
    SETUP_TIMEOUT,
  );
});

describe("a server action called with arguments its page never sends answers, never crashes", () => {
  /**
   * Anyone can post any arguments to a server action's id (the browser only serialises what it is given).
   * Each action is called by a user it allows with malformed argument lists: a refusal or a validation
   * message, never an unexpected error (INTERNAL = "系统繁忙").
   */
  const MALFORMED: unknown[][] = [[], [null], [null, null], ["x"], [null, "x"], [{ id: { $ne: null } }], [[1, 2]], [null, { get: "x" }], [42, 42]];

  it(
    "every action × malformed argument lists, as a caller it allows",
    async () => {
      const wrong: string[] = [];
      for (const [key, policy] of Object.entries(ENTRY_POINTS)) {
        if (!key.includes("/actions.ts#")) continue;
        const caller = callers.find((c) => c.username !== null && c.username !== DISABLED && c.username !== MUST_CHANGE && !c.pending && (() => {
          const code = BUILT_IN_ROLES.find((r) => ROLE_USERS[r.code] === c.username)?.code;
          return expected(policy, { roles: code ? [code] : null, mustChange: false }) === "allowed";
        })());
        for (const args of MALFORMED) {
          await signInAs(caller?.username ?? null);
          const got = await call(key, args);
          if (got === "INTERNAL") wrong.push(`${caller?.label ?? "未登录"} → ${key}(${JSON.stringify(args)}): INTERNAL`);
        }
      }
      expect(wrong).toEqual([]);
    },
    SETUP_TIMEOUT,
  );
});

// --- 3. Records: another unit's (or another person's) is not found -----------------------------
/**
 * For each entry declaring a scope: the input naming a record of 区教委 (own) — the same call from 区住房城乡建委
 * (another unit, same role) must be NOT_FOUND; from 区教委 it must get past the scope (anything but
 * NOT_FOUND or a refusal). Inputs are complete, so validation cannot answer first.
 */
type Fixture = { own: string; other: string; args: (id: string) => Promise<unknown[]> | unknown[]; id?: (id: string) => string };
const form = (fields: Record<string, string | number>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, String(v));
  return [null, f];
};

describe("another unit's record is not found at every scoped entry point", () => {
  const fixtures: Record<string, Fixture> = {};

  beforeAll(async () => {
    const task = await taskAt("in_progress");
    const jw = task.assignments["区教委"]!;
    const jwLeader = await as("jw_ld");
    const jwClerk = await as("jw_jbr");
    await receiveAssignment(jwClerk, { assignmentId: jw, version: await av(jw) });
    await urgeAssignment(await as("dcs_jbr"), { assignmentId: jw, message: "请加快办理" });
    const [urge] = await getDb().select({ id: urges.id }).from(urges).where(eq(urges.assignmentId, jw));
    const ext = await requestExtension(jwClerk, { assignmentId: jw, requestedDeadline: "2099-07-30", reason: "需协调多个部门", signerId: jwLeader.userId, version: await av(jw) });
    const extensionId = (ext as { id: string }).id;
    const [message] = await getDb()
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.recipientId, jwClerk.userId), eq(notifications.channel, "in_app")))
      .orderBy(asc(notifications.createdAt))
      .limit(1);
    // An uploaded file attached to the task (visible to the task's units and the office).
    await signInAs("dcs_jbr");
    const uploadForm = new FormData();
    uploadForm.append("file", new File([new Uint8Array(samples.pdf())], "通知.pdf", { type: "application/pdf" }));
    const { POST } = await import("@/app/api/attachments/route");
    const uploadedRes = await POST(new Request("http://localhost/api/attachments", { method: "POST", body: uploadForm, headers: { host: "localhost", origin: "http://localhost" } }));
    const upload = (await uploadedRes.json()) as { id: string };
    const staged = await taskAt("in_progress", { attachmentIds: [upload.id] });
    // A staged (unattached) upload of 区教委's clerk.
    await signInAs("jw_jbr");
    const ownForm = new FormData();
    ownForm.append("file", new File([new Uint8Array(samples.png())], "照片.png", { type: "image/png" }));
    const ownUpload = (await (await POST(new Request("http://localhost/api/attachments", { method: "POST", body: ownForm, headers: { host: "localhost", origin: "http://localhost" } }))).json()) as { id: string };
    const jwMember = await as("jw_jbr2");
    const version = await av(jw);
    const assignmentForm = (extra: Record<string, string | number> = {}) => (id: string) => form({ assignmentId: id, version, ...extra });
    const a = { own: jw, other: jw };
    Object.assign(fixtures, {
      "receiveAssignmentAction": { ...a, args: assignmentForm() },
      "feedbackAssignmentAction": { ...a, args: assignmentForm({ kind: "final", body: "已办结" }) },
      "handleAssignmentAction": { ...a, args: assignmentForm({ kind: "final", body: "已办结", signerId: jwLeader.userId }) },
      "reportUpAction": { ...a, args: assignmentForm() },
      "withdrawHandlingAction": { ...a, args: assignmentForm({ reason: "需要修改" }) },
      "requestExtensionAction": { ...a, args: assignmentForm({ requestedDeadline: "2099-08-30", reason: "需要时间", signerId: jwLeader.userId }) },
      "delegateAssignmentAction": { ...a, args: assignmentForm({ handlerId: jwMember.userId, instruction: "请办理" }) },
      "unitSignAction": { ...a, args: assignmentForm({ opinion: "同意" }) },
      "unitReturnAction": { ...a, args: assignmentForm({ opinion: "请修改" }) },
      "rerouteInUnitAction": { ...a, args: assignmentForm({ toUserId: jwMember.userId, reason: "人员调整" }) },
      "withdrawExtensionAction": { own: extensionId, other: extensionId, args: (id: string) => form({ id, version: 1 }) },
      "forwardExtensionAction": { own: extensionId, other: extensionId, args: (id: string) => form({ id, version: 1, opinion: "同意" }) },
      "returnExtensionAction": { own: extensionId, other: extensionId, args: (id: string) => form({ id, version: 1, opinion: "理由不足" }) },
      "acknowledgeUrgeAction": { own: urge!.id, other: urge!.id, args: (id: string) => form({ urgeId: id }) },
      "markReadAction": { own: message!.id, other: message!.id, args: (id: string) => [{ id }] },
      "requestMemberChangeAction": { own: jwMember.userId, other: jwMember.userId, args: (id: string) => form({ kind: "remove", targetUserId: id, note: "已调离" }) },
      "app/api/attachments/[id]/route.ts#GET": { own: upload.id, other: upload.id, args: () => [] },
      "app/api/attachments/[id]/route.ts#DELETE": { own: ownUpload.id, other: ownUpload.id, args: () => [] },
    } satisfies Record<string, Fixture>);
    expect(staged.id).toBeTruthy();
  }, SETUP_TIMEOUT);

  it(
    "own unit's record reached, another unit's not found (own person's for personal records)",
    async () => {
      const wrong: string[] = [];
      const scoped = Object.entries(ENTRY_POINTS).filter(([, p]) => p.access !== "public" && p.scope);
      expect(scoped.length).toBeGreaterThan(15);
      for (const [key, policy] of scoped) {
        if (policy.access === "public") continue;
        const fixture = fixtures[key] ?? fixtures[key.split("#")[1]!];
        if (!fixture) {
          wrong.push(`${key}: declares a scope but has no record fixture here`);
          continue;
        }
        const allowed = (username: string) => {
          if (policy.access === "signed-in") return true;
          const code = (Object.entries(ROLE_USERS).find(([, u]) => u === username)?.[0] ?? (username.endsWith("_ld") ? "unit_leader" : "unit_clerk")) as BuiltInRoleCode;
          const held = new Set(BUILT_IN_ROLES.find((r) => r.code === code)!.permissions);
          return policy.anyOf.some((p) => held.has(p));
        };
        // `own` records belong to one person (the inbox's reader, the uploader); `unit` to 区教委.
        const ownUsers = policy.scope === "own" ? ["jw_jbr"] : ["jw_jbr", "jw_ld"];
        const otherUsers = policy.scope === "own" ? ["jw_jbr2", "zj_jbr", "dcs_jbr"] : ["zj_jbr", "zj_ld"];
        for (const username of otherUsers.filter(allowed)) {
          await signInAs(username);
          const got = await call(key, await fixture.args(fixture.other), fixture.other);
          if (got !== "NOT_FOUND") wrong.push(`${username} (其他单位/他人) → ${key}: expected NOT_FOUND, got ${got}`);
        }
        for (const username of ownUsers.filter(allowed)) {
          await signInAs(username);
          const got = await call(key, await fixture.args(fixture.own), fixture.own);
          if (got === "NOT_FOUND" || REFUSED.includes(got)) wrong.push(`${username} (本单位/本人) → ${key}: expected to reach the record, got ${got}`);
        }
      }
      expect(wrong).toEqual([]);
      // The scope fixtures really are 区教委's: the other unit used above is a different unit.
      expect(await unitId("区住房城乡建委")).not.toBe(await unitId("区教委"));
    },
    SETUP_TIMEOUT,
  );
});
