import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { and, eq, isNull } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { samples } from "@/test/attachment-samples";
import { getDb } from "@/db/client";
import { departments, extensionRequests, memberChangeRequests, notifications, taskEvents, urges, users } from "@/db/schema";
import type { Actor } from "@/lib/domain/policy";
import type { TaskEventAction } from "@/lib/domain/workflow/events";
import { findDownloadableAttachment } from "@/lib/data/attachments";
import { parseAssignmentListParams, parseTaskListParams } from "@/lib/data/task-filters";
import { listAssignments } from "@/lib/data/tasks/list-assignments";
import { listTasks } from "@/lib/data/tasks/list-tasks";
import { getTaskDetail } from "@/lib/data/tasks/task-detail";
import type { TaskDetail } from "@/lib/data/tasks/types";
import { DomainError } from "@/lib/domain/errors";
import { uploadAttachment } from "@/lib/services/attachments/upload-attachment";
import { loadAssignment, loadTask } from "@/lib/services/tasks/shared";
import { dispatchTask } from "@/lib/services/tasks/dispatch-task";
import { receiveAssignment } from "@/lib/services/tasks/receive-assignment";
import { submitFeedback } from "@/lib/services/tasks/submit-feedback";
import { as, av, SETUP_TIMEOUT, taskAt, tv, unitId } from "@/lib/services/tasks/test-fixtures";
import { LocalFileStore, setFileStore } from "@/lib/storage";
import { loadUrge } from "@/lib/services/urges/side-facts";
import { loadExtension } from "@/lib/services/extensions/shared";
import { isInScope, type RecordKind } from "@/lib/scope";
import type { Permission } from "@/lib/domain/permissions";
import { listInbox, parseInboxParams } from "@/lib/data/inbox";
import { listChangeRequests, listUnitChangeRequests, parseChangeRequestParams } from "@/lib/data/member-changes";
import { markRead } from "@/lib/services/messages/mark-read";
import { requestMemberChange } from "@/lib/services/members/request-member-change";
import { enqueueNotifications, usersById } from "@/lib/services/notifications/enqueue";
import { listNotifications, parseNotificationFilters } from "@/lib/data/notifications";
import { listStatsAssignments } from "@/lib/data/stats/assignments";
import { parseStatsQuery } from "@/lib/data/stats/params";

/**
 * The scope matrix: role × relation (own unit / other unit / office) × record kind, and for each cell
 * every way the app reaches that record — lists, task detail, the download route, the services'
 * loaders and lib/scope itself — must give the hand-written answer. A new record kind (a message, a
 * statistic's row, an export) adds its records to RECORDS and its read paths to PATHS.
 */

// The download route as Next calls it, with the signed-in user replaced by `signedIn`.
let signedIn: Actor | null = null;
vi.mock("@/lib/auth/viewer", () => ({
  getViewer: async () => signedIn,
  actingViewer: async () => {
    if (!signedIn) throw new DomainError("UNAUTHENTICATED", "登录已失效，请重新登录");
    return signedIn;
  },
}));
const { GET: download } = await import("@/app/api/attachments/[id]/route");

const ROLES = {
  office_clerk: "dcs_jbr",
  office_leader: "dcs_ld",
  district_leader: "qld",
  unit_clerk: "jw_jbr", // 区教委
  unit_leader: "jw_ld", // 区教委
  admin: "admin",
} as const;
type Role = keyof typeof ROLES;
const OFFICE: Role[] = ["office_clerk", "office_leader"];
const UNIT: Role[] = ["unit_clerk", "unit_leader"];

/** Relation to the unit viewers' unit (区教委): its own record, another unit's (区民政局 / 区住房城乡建委), or the office's. */
type Relation = "own unit" | "other unit" | "office";

interface MatrixRecord {
  name: string;
  kind: RecordKind;
  relation: Relation;
  /** The task it belongs to (key of `tasksByName`); none for a kind that belongs to no task (a change request). */
  task?: "T" | "Z" | "D";
  /** Who reads it: written by hand from the rule in lib/domain/scope.ts. */
  seenBy: Role[];
}

// T: dispatched to 区教委 (lead) and 区民政局 (co); Z: dispatched to 区住房城乡建委 only; D: the office's draft.
const RECORDS: MatrixRecord[] = [
  { name: "task shared with own unit", kind: "task", relation: "own unit", task: "T", seenBy: [...OFFICE, "district_leader", ...UNIT] },
  { name: "task of another unit", kind: "task", relation: "other unit", task: "Z", seenBy: [...OFFICE, "district_leader"] },
  { name: "office draft", kind: "task", relation: "office", task: "D", seenBy: [...OFFICE] },
  { name: "own assignment", kind: "assignment", relation: "own unit", task: "T", seenBy: [...OFFICE, "district_leader", ...UNIT] },
  { name: "co-unit's assignment", kind: "assignment", relation: "other unit", task: "T", seenBy: [...OFFICE, "district_leader"] },
  // 绩效统计's copy of an assignment (assignment_facts) follows the assignment's rule.
  { name: "own assignment's statistics", kind: "assignmentFact", relation: "own unit", task: "T", seenBy: [...OFFICE, "district_leader", ...UNIT] },
  { name: "co-unit's assignment's statistics", kind: "assignmentFact", relation: "other unit", task: "T", seenBy: [...OFFICE, "district_leader"] },
  { name: "own report", kind: "report", relation: "own unit", task: "T", seenBy: [...OFFICE, "district_leader", ...UNIT] },
  { name: "co-unit's report", kind: "report", relation: "other unit", task: "T", seenBy: [...OFFICE, "district_leader"] },
  { name: "own receive step", kind: "event", relation: "own unit", task: "T", seenBy: [...OFFICE, "district_leader", ...UNIT] },
  { name: "co-unit's receive step", kind: "event", relation: "other unit", task: "T", seenBy: [...OFFICE, "district_leader"] },
  { name: "交办 step", kind: "event", relation: "office", task: "T", seenBy: [...OFFICE, "district_leader", ...UNIT] },
  { name: "office sign-off step", kind: "event", relation: "office", task: "T", seenBy: [...OFFICE, "district_leader"] },
  { name: "draft's create step", kind: "event", relation: "office", task: "D", seenBy: [...OFFICE] },
  { name: "task's notice file", kind: "file", relation: "office", task: "T", seenBy: [...OFFICE, "district_leader", ...UNIT] },
  { name: "own report file", kind: "file", relation: "own unit", task: "T", seenBy: [...OFFICE, "district_leader", ...UNIT] },
  { name: "co-unit's report file", kind: "file", relation: "other unit", task: "T", seenBy: [...OFFICE, "district_leader"] },
  { name: "draft's file", kind: "file", relation: "office", task: "D", seenBy: [...OFFICE] },
  { name: "own clerk's unclaimed upload", kind: "file", relation: "own unit", task: "T", seenBy: ["unit_clerk"] },
  // 我的消息: a personal inbox, nobody else's messages (not even the office's or the admin's), and SMS rows are not messages.
  { name: "own clerk's message", kind: "message", relation: "own unit", task: "T", seenBy: ["unit_clerk"] },
  { name: "own leader's message", kind: "message", relation: "own unit", task: "T", seenBy: ["unit_leader"] },
  { name: "own clerk's SMS row", kind: "message", relation: "own unit", task: "T", seenBy: [] },
  { name: "co-unit clerk's message", kind: "message", relation: "other unit", task: "T", seenBy: [] },
  { name: "office clerk's message", kind: "message", relation: "office", task: "T", seenBy: ["office_clerk"] },
  // 单位用户信息 变更申请: the unit's own; 用户管理 (admin, all units) every one.
  { name: "own unit's change request", kind: "memberChange", relation: "own unit", seenBy: [...UNIT, "admin"] },
  { name: "other unit's change request", kind: "memberChange", relation: "other unit", seenBy: ["admin"] },
  { name: "office's change request", kind: "memberChange", relation: "office", seenBy: ["admin"] },
  // 督查工作通知 follow the recipient's unit; every built-in role holds 消息中心, the all-units ones read all.
  { name: "SMS to own unit's clerk", kind: "notification", relation: "own unit", task: "T", seenBy: [...OFFICE, "district_leader", "admin", ...UNIT] },
  { name: "SMS to the co-unit's clerk", kind: "notification", relation: "other unit", task: "T", seenBy: [...OFFICE, "district_leader", "admin"] },
  { name: "message to an office clerk", kind: "notification", relation: "office", task: "T", seenBy: [...OFFICE, "district_leader", "admin"] },
  { name: "urge of own unit", kind: "urge", relation: "own unit", task: "T", seenBy: [...OFFICE, "district_leader", ...UNIT] },
  { name: "urge of the co-unit", kind: "urge", relation: "other unit", task: "T", seenBy: [...OFFICE, "district_leader"] },
  { name: "own unit's 延期申请", kind: "extension", relation: "own unit", task: "T", seenBy: [...OFFICE, "district_leader", ...UNIT] },
  { name: "co-unit's 延期申请", kind: "extension", relation: "other unit", task: "T", seenBy: [...OFFICE, "district_leader"] },
];

const actors = {} as Record<Role, Actor>;
const ids: Record<string, string> = {};
const tasksByName: Record<string, { id: string; title: string }> = {};
let storeRoot: string;
let cleanup: () => Promise<void>;

const detailCache = new Map<string, Promise<TaskDetail | null>>();
function detail(role: Role, taskId: string) {
  const key = `${role}:${taskId}`;
  if (!detailCache.has(key)) detailCache.set(key, getTaskDetail(actors[role], taskId));
  return detailCache.get(key)!;
}

async function notFoundIsFalse(load: () => Promise<unknown>): Promise<boolean> {
  try {
    await load();
    return true;
  } catch (error) {
    if (error instanceof DomainError && error.code === "NOT_FOUND") return false;
    throw error;
  }
}

/** `permission`: the path refuses (FORBIDDEN) a role without it, whatever the record. */
type Path = { name: string; applies?: (r: MatrixRecord) => boolean; sees: (role: Role, r: MatrixRecord, id: string) => Promise<boolean>; act?: true; permission?: Permission };

/** Every way the app reaches a record of each kind. */
const PATHS: Record<RecordKind, Path[]> = {
  urge: [
    { name: "getTaskDetail", sees: async (role, r, id) => (await detail(role, tasksByName[r.task!]!.id))?.assignments.some((a) => a.urges.some((u) => u.id === id)) ?? false },
    { name: "loadUrge", act: true, sees: (role, _r, id) => notFoundIsFalse(() => getDb().transaction((tx) => loadUrge(tx, actors[role], id))) },
  ],
  extension: [
    { name: "getTaskDetail", sees: async (role, r, id) => (await detail(role, tasksByName[r.task!]!.id))?.assignments.some((a) => a.extensions.some((e) => e.id === id)) ?? false },
    { name: "loadExtension", act: true, sees: (role, _r, id) => notFoundIsFalse(() => getDb().transaction((tx) => loadExtension(tx, actors[role], id))) },
  ],
  task: [
    { name: "listTasks", sees: async (role, r, id) => (await listTasks(actors[role], "all", parseTaskListParams({ q: tasksByName[r.task!]!.title }))).rows.some((row) => row.id === id) },
    { name: "getTaskDetail", sees: async (role, _r, id) => (await detail(role, id)) !== null },
    { name: "loadTask", act: true, sees: (role, _r, id) => notFoundIsFalse(() => getDb().transaction((tx) => loadTask(tx, actors[role], id))) },
  ],
  assignment: [
    {
      name: "listAssignments",
      sees: async (role, r, id) => (await listAssignments(actors[role], "tracking", parseAssignmentListParams({ q: tasksByName[r.task!]!.title }))).rows.some((row) => row.id === id),
    },
    { name: "getTaskDetail", sees: async (role, r, id) => (await detail(role, tasksByName[r.task!]!.id))?.assignments.some((a) => a.id === id) ?? false },
    { name: "loadAssignment", act: true, sees: (role, _r, id) => notFoundIsFalse(() => getDb().transaction((tx) => loadAssignment(tx, actors[role], id))) },
  ],
  assignmentFact: [
    {
      name: "listStatsAssignments (统计明细 of 交办 this year)",
      sees: async (role, _r, id) => {
        const { filters } = parseStatsQuery({}, new Date());
        return (await listStatsAssignments(actors[role], filters, "dispatched", 1)).rows.some((row) => row.id === id);
      },
    },
  ],
  report: [
    {
      name: "listAssignments (latest report)",
      sees: async (role, r, id) =>
        (await listAssignments(actors[role], "tracking", parseAssignmentListParams({ q: tasksByName[r.task!]!.title }))).rows.some((row) => row.latestReport?.id === id),
    },
    { name: "getTaskDetail", sees: async (role, r, id) => (await detail(role, tasksByName[r.task!]!.id))?.assignments.some((a) => a.reports.some((x) => x.id === id)) ?? false },
  ],
  event: [{ name: "getTaskDetail", sees: async (role, r, id) => (await detail(role, tasksByName[r.task!]!.id))?.events.some((e) => String(e.id) === id) ?? false }],
  file: [
    {
      name: "getTaskDetail",
      // An unclaimed upload belongs to no record yet, so no page lists it.
      applies: (r) => r.name !== "own clerk's unclaimed upload",
      sees: async (role, r, id) => {
        const d = await detail(role, tasksByName[r.task!]!.id);
        return !!d && [...d.attachments, ...d.assignments.flatMap((a) => a.reports.flatMap((x) => x.attachments))].some((f) => f.id === id);
      },
    },
    { name: "findDownloadableAttachment", sees: async (role, _r, id) => (await findDownloadableAttachment(actors[role], id)) !== null },
    {
      name: "GET /api/attachments/[id]",
      sees: async (role, _r, id) => {
        signedIn = actors[role];
        const response = await download(new Request(`http://localhost/api/attachments/${id}`), { params: Promise.resolve({ id }) });
        await response.body?.cancel();
        expect([200, 404]).toContain(response.status);
        return response.status === 200;
      },
    },
  ],
  message: [
    { name: "listInbox", sees: async (role, _r, id) => (await listInbox(actors[role], parseInboxParams({}), 100)).rows.some((m) => m.id === id) },
    { name: "markRead", sees: (role, _r, id) => notFoundIsFalse(() => markRead(actors[role], { id })) },
  ],
  memberChange: [
    { name: "listUnitChangeRequests", permission: "unit.members.view", sees: async (role, _r, id) => (await listUnitChangeRequests(actors[role])).some((c) => c.id === id) },
    {
      name: "listChangeRequests",
      permission: "admin.users",
      sees: async (role, _r, id) => (await listChangeRequests(actors[role], parseChangeRequestParams({ status: "all" }), 100)).rows.some((c) => c.id === id),
    },
  ],
  notification: [
    {
      name: "listNotifications",
      sees: async (role, r, id) => (await listNotifications(actors[role], parseNotificationFilters({ q: tasksByName[r.task!]!.title }), 1000)).rows.some((row) => row.id === id),
    },
  ],
};

async function upload(role: Role, filename: string): Promise<string> {
  return (await uploadAttachment(actors[role], { filename, body: Readable.from([samples.pdf()]) })).id;
}

async function taskEventId(taskId: string, action: TaskEventAction, assignmentId: string | null): Promise<string> {
  const [row] = await getDb()
    .select({ id: taskEvents.id })
    .from(taskEvents)
    .where(and(eq(taskEvents.taskId, taskId), eq(taskEvents.action, action), assignmentId ? eq(taskEvents.assignmentId, assignmentId) : isNull(taskEvents.assignmentId)));
  return String(row!.id);
}

beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
  storeRoot = await mkdtemp(path.join(tmpdir(), "dcdb-scope-"));
  setFileStore(new LocalFileStore(storeRoot));
  for (const [role, username] of Object.entries(ROLES)) actors[role as Role] = await as(username);
  const mz = await as("mz_jbr");

  const T = await taskAt("in_progress", { title: "范围矩阵：两单位共办", attachmentIds: [await upload("office_clerk", "督查通知单.pdf")] });
  const Z = await taskAt("in_progress", { title: "范围矩阵：他单位独办", leadUnitId: await unitId("区住房城乡建委"), coUnitIds: [] });
  const D = await taskAt("draft", { title: "范围矩阵：督查室草稿", attachmentIds: [await upload("office_clerk", "草稿附件.pdf")] });
  tasksByName.T = { id: T.id, title: "范围矩阵：两单位共办" };
  tasksByName.Z = { id: Z.id, title: "范围矩阵：他单位独办" };
  tasksByName.D = { id: D.id, title: "范围矩阵：督查室草稿" };

  const jwA = T.assignments["区教委"]!;
  const mzA = T.assignments["区民政局"]!;
  const reportOf = async (actor: Actor, assignmentId: string, file: string) => {
    const received = await receiveAssignment(actor, { assignmentId, version: await av(assignmentId) });
    const attachmentId = (await uploadAttachment(actor, { filename: file, body: Readable.from([samples.pdf()]) })).id;
    return submitFeedback(actor, { assignmentId, version: received.version, kind: "final", body: "已办结", attachmentIds: [attachmentId] });
  };
  await reportOf(actors.unit_clerk, jwA, "教委反馈.pdf");
  await reportOf(mz, mzA, "民政反馈.pdf");
  const fileOf = async (assignmentId: string) => {
    const d = await getTaskDetail(actors.office_clerk, T.id);
    const report = d!.assignments.find((a) => a.id === assignmentId)!.reports[0]!;
    return { report: report.id, file: report.attachments[0]!.id };
  };
  const jw = await fileOf(jwA);
  const mzFiles = await fileOf(mzA);
  const officeView = (await getTaskDetail(actors.office_clerk, T.id))!;
  const draftView = (await getTaskDetail(actors.office_clerk, D.id))!;

  const smsTo = async (name: string) => {
    const [row] = await getDb()
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.taskId, T.id), eq(notifications.recipientName, name), eq(notifications.channel, "sms")));
    return row!.id;
  };
  const [office] = await getDb().select({ id: departments.id }).from(departments).where(eq(departments.kind, "office"));
  const [officeMessage] = await getDb()
    .insert(notifications)
    .values({ kind: "extension_request", recipientId: actors.office_clerk.userId, recipientName: "张敏", departmentId: office!.id, channel: "in_app", title: "延期申请待审", body: "请审核", taskId: T.id })
    .returning({ id: notifications.id });

  Object.assign(ids, {
    "SMS to own unit's clerk": await smsTo("刘洋"),
    "SMS to the co-unit's clerk": await smsTo("赵磊"),
    "message to an office clerk": officeMessage!.id,
    "task shared with own unit": T.id,
    "task of another unit": Z.id,
    "office draft": D.id,
    "own assignment": jwA,
    "co-unit's assignment": mzA,
    "own assignment's statistics": jwA,
    "co-unit's assignment's statistics": mzA,
    "own report": jw.report,
    "co-unit's report": mzFiles.report,
    "own receive step": await taskEventId(T.id, "receive", jwA),
    "co-unit's receive step": await taskEventId(T.id, "receive", mzA),
    "交办 step": await taskEventId(T.id, "dispatch", null),
    "office sign-off step": await taskEventId(T.id, "sign", null),
    "draft's create step": await taskEventId(D.id, "create", null),
    "task's notice file": officeView.attachments[0]!.id,
    "own report file": jw.file,
    "co-unit's report file": mzFiles.file,
    "draft's file": draftView.attachments[0]!.id,
    "own clerk's unclaimed upload": await upload("unit_clerk", "尚未提交.pdf"),
    ...(await messageIds(T.id, mz)),
    ...(await changeRequestIds(mz)),
  });
  const jwSide = await sideRecords(T.id, jwA, await unitId("区教委"), actors.unit_clerk.userId);
  const mzSide = await sideRecords(T.id, mzA, await unitId("区民政局"), mz.userId);
  Object.assign(ids, {
    "urge of own unit": jwSide.urge,
    "urge of the co-unit": mzSide.urge,
    "own unit's 延期申请": jwSide.extension,
    "co-unit's 延期申请": mzSide.extension,
  });
}, SETUP_TIMEOUT);

/** T's 交办 wrote in-app messages (and SMS rows) to both units; the office clerk gets one written here. */
async function messageIds(taskId: string, mz: Actor): Promise<Record<string, string>> {
  await getDb().transaction(async (tx) =>
    enqueueNotifications(tx, { kind: "extension_request", taskId, recipients: await usersById(tx, [actors.office_clerk.userId]), vars: { 内容: "范围矩阵" }, sms: "none" }),
  );
  const of = async (recipientId: string, channel: "in_app" | "sms") => {
    const [row] = await getDb()
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.taskId, taskId), eq(notifications.recipientId, recipientId), eq(notifications.channel, channel)));
    return row!.id;
  };
  return {
    "own clerk's message": await of(actors.unit_clerk.userId, "in_app"),
    "own leader's message": await of(actors.unit_leader.userId, "in_app"),
    "own clerk's SMS row": await of(actors.unit_clerk.userId, "sms"),
    "co-unit clerk's message": await of(mz.userId, "in_app"),
    "office clerk's message": await of(actors.office_clerk.userId, "in_app"),
  };
}

async function changeRequestIds(mz: Actor): Promise<Record<string, string>> {
  const [mzLeader] = await getDb().select({ id: users.id }).from(users).where(eq(users.username, "mz_ld"));
  // No office role holds 单位用户信息, so the office's request is written directly: only 用户管理 may see it.
  const [office] = await getDb()
    .insert(memberChangeRequests)
    .values({ departmentId: actors.office_clerk.departmentId, kind: "add", details: { displayName: "新同事" }, requestedById: actors.office_clerk.userId })
    .returning({ id: memberChangeRequests.id });
  return {
    "own unit's change request": (await requestMemberChange(actors.unit_clerk, { kind: "update", targetUserId: actors.unit_leader.userId, mobile: "13912345678" })).id,
    "other unit's change request": (await requestMemberChange(mz, { kind: "remove", targetUserId: mzLeader!.id, note: "已调离" })).id,
    "office's change request": office!.id,
  };
}

afterAll(async () => {
  setFileStore(undefined);
  await rm(storeRoot, { recursive: true, force: true });
  await cleanup();
});

/**
 * A service loader runs after its verb's permission check, so it needs the verb's permission rather
 * than task.view, and the read-only 区领导's working-papers rule does not apply: the 系统管理员 reads
 * nothing, but an all-units loader reaches every task (e.g. for 改派 from 用户管理). In practice the
 * verbs' permission checks stop the 区领导 and the admin first; unit loaders match reads exactly.
 */
function expectedFor(role: Role, record: MatrixRecord, path: Path): boolean {
  if (path.act && (role === "admin" || role === "district_leader")) return true;
  return record.seenBy.includes(role);
}

const cells = (Object.keys(ROLES) as Role[]).flatMap((role) =>
  RECORDS.flatMap((record) =>
    PATHS[record.kind]
      .filter((p) => !p.applies || p.applies(record))
      .map((p) => ({ role, record, path: p, label: `${role} × ${record.relation} ${record.kind} (${record.name}) via ${p.name}` })),
  ),
);

const UNIT_ONLY_KINDS: RecordKind[] = ["assignment", "assignmentFact", "report", "urge", "extension"];

/** An urge and an open 延期申请 on one assignment, written directly: the matrix is about who reads them. */
async function sideRecords(taskId: string, assignmentId: string, departmentId: string, requesterId: string) {
  const [urge] = await getDb()
    .insert(urges)
    .values({ assignmentId, taskId, departmentId, kind: "manual", message: "请抓紧办理", urgedById: actors.office_clerk.userId, urgedByName: actors.office_clerk.displayName })
    .returning({ id: urges.id });
  const [extension] = await getDb()
    .insert(extensionRequests)
    .values({ assignmentId, taskId, departmentId, reason: "需要更多时间", previousDeadline: "2099-06-30", requestedDeadline: "2099-07-30", requestedById: requesterId })
    .returning({ id: extensionRequests.id });
  return { urge: urge!.id, extension: extension!.id };
}

describe("scope matrix", () => {
  it("covers every role, relation and record kind", () => {
    const kinds = new Set(RECORDS.map((r) => r.kind));
    expect([...kinds].sort()).toEqual((Object.keys(PATHS) as RecordKind[]).sort());
    for (const kind of kinds) {
      const relations = new Set(RECORDS.filter((r) => r.kind === kind).map((r) => r.relation));
      // Assignments, reports, urges and 延期申请 always belong to a unit, so they have no "office" relation; the other kinds (messages and change requests too) have all three.
      expect(relations.size, kind).toBe(UNIT_ONLY_KINDS.includes(kind) ? 2 : 3);
    }
  });

  it.each(cells)("$label", async ({ role, record, path: p }) => {
    if (p.permission && !actors[role].permissions.has(p.permission)) {
      await expect(p.sees(role, record, ids[record.name]!)).rejects.toMatchObject({ code: "FORBIDDEN" });
      return;
    }
    expect(await p.sees(role, record, ids[record.name]!)).toBe(expectedFor(role, record, p));
  });

  it.each(Object.keys(ROLES) as Role[])("lib/scope agrees with the table for %s", async (role) => {
    for (const record of RECORDS) {
      const id = ids[record.name]!;
      expect(await isInScope(getDb(), actors[role], record.kind, id), `${record.name} read`).toBe(record.seenBy.includes(role));
    }
  });
});

describe("history visibility uses database time only", () => {
  it("shows a unit the 交办 step even when the app server's clock runs ahead of the database's", async () => {
    const signed = await taskAt("signed", { title: "范围矩阵：时钟偏差" });
    // The app server believes it is ten minutes later than the database does.
    await dispatchTask(actors.office_clerk, { id: signed.id, version: await tv(signed.id) }, new Date(Date.now() + 10 * 60_000));
    const seen = (await getTaskDetail(actors.unit_clerk, signed.id))!;
    expect(seen.events.map((e) => e.action)).toEqual(["dispatch"]);
    // The office still sees the whole history, sign-off included.
    expect((await getTaskDetail(actors.office_clerk, signed.id))!.events.map((e) => e.action)).toEqual(["create", "submit", "sign", "dispatch"]);
  });

  it("still hides the office's sign-off when the app server's clock runs behind", async () => {
    const signed = await taskAt("signed", { title: "范围矩阵：时钟偏慢" });
    await dispatchTask(actors.office_clerk, { id: signed.id, version: await tv(signed.id) }, new Date(Date.now() - 24 * 60 * 60_000));
    expect((await getTaskDetail(actors.unit_clerk, signed.id))!.events.map((e) => e.action)).toEqual(["dispatch"]);
  });
});
