import { randomUUID } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import { expect } from "vitest";
import { getDb } from "@/db/client";
import { assignments, attachments, departments, eventSources, roles, taskCategories, taskEvents, tasks, taskTypes, urgencyLevels, userRoles, users } from "@/db/schema";
import { loadActor } from "@/lib/data/actors";
import { DomainError } from "@/lib/domain/errors";
import { createTask } from "./create-task";
import { dispatchTask } from "./dispatch-task";
import { signTask } from "./sign-task";
import { submitTask } from "./submit-task";
import type { Actor } from "@/lib/domain/policy";

/** Shared set-up for the workflow integration tests (not a test file itself). */

const actorCache = new Map<string, Actor>();

export async function as(username: string): Promise<Actor> {
  const cached = actorCache.get(username);
  if (cached) return cached;
  const [row] = await getDb().select({ id: users.id }).from(users).where(eq(users.username, username));
  if (!row) throw new Error(`no demo user ${username}`);
  const actor = (await loadActor(getDb(), row.id))!;
  actorCache.set(username, actor);
  return actor;
}

export function resetActorCache(): void {
  actorCache.clear();
}

export async function userId(username: string): Promise<string> {
  return (await as(username)).userId;
}

export async function unitId(name: string): Promise<string> {
  const [row] = await getDb().select({ id: departments.id }).from(departments).where(eq(departments.name, name));
  if (!row) throw new Error(`no department ${name}`);
  return row.id;
}

export async function baseData() {
  const db = getDb();
  const [source] = await db.select({ id: eventSources.id }).from(eventSources).where(eq(eventSources.enabled, true)).orderBy(asc(eventSources.sortOrder)).limit(1);
  const [category] = await db.select({ id: taskCategories.id }).from(taskCategories).where(isNull(taskCategories.parentId)).limit(1);
  const [type] = await db.select({ id: taskTypes.id }).from(taskTypes).limit(1);
  const [urgency] = await db.select({ id: urgencyLevels.id }).from(urgencyLevels).where(eq(urgencyLevels.code, "urgent"));
  return { sourceId: source!.id, categoryId: category!.id, taskTypeId: type!.id, urgencyId: urgency!.id };
}

export async function draftInput(overrides: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  return {
    title: "推进老旧小区改造加装电梯工作",
    content: "请按区政府常务会议要求，加快推进辖区老旧小区加装电梯工作，按期报送进展。",
    requirements: "每两周报送一次进展，办结时附照片。",
    ...(await baseData()),
    deadline: "2099-06-30",
    feedbackMode: "final_only",
    leadUnitId: await unitId("区教委"),
    coUnitIds: [await unitId("区民政局")],
    attachmentIds: [],
    requestId: randomUUID(),
    ...overrides,
  };
}

/** A task moved on to the given stage through the real verbs. */
export async function taskAt(stage: "draft" | "in_review" | "signed" | "in_progress", overrides: Record<string, unknown> = {}) {
  const clerk = await as("dcs_jbr");
  const leader = await as("dcs_ld");
  const { id } = await createTask(clerk, await draftInput(overrides));
  if (stage === "draft") return { id, assignments: {} as Record<string, string> };
  await submitTask(clerk, { id, reviewerId: leader.userId, version: await tv(id) });
  if (stage === "in_review") return { id, assignments: {} as Record<string, string> };
  const signed = await signTask(leader, { id, version: await tv(id) });
  if (stage === "signed") return { id, taskNo: signed.taskNo, assignments: {} as Record<string, string> };
  await dispatchTask(clerk, { id, version: await tv(id) });
  const rows = await getDb()
    .select({ id: assignments.id, name: departments.name })
    .from(assignments)
    .innerJoin(departments, eq(departments.id, assignments.departmentId))
    .where(eq(assignments.taskId, id));
  return { id, taskNo: signed.taskNo, assignments: Object.fromEntries(rows.map((r) => [r.name, r.id])) as Record<string, string> };
}

/** Tests also feed the verbs junk ids; those never reach the database (the verb refuses them first). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The task's current version, as the page the user acted on would have shown it. */
export async function tv(taskId: string): Promise<number> {
  if (!UUID.test(String(taskId))) return 1;
  const [row] = await getDb().select({ version: tasks.version }).from(tasks).where(eq(tasks.id, taskId));
  return row?.version ?? 1;
}

/** The assignment's current version, as the page the user acted on would have shown it. */
export async function av(assignmentId: string): Promise<number> {
  if (!UUID.test(String(assignmentId))) return 1;
  const [row] = await getDb().select({ version: assignments.version }).from(assignments).where(eq(assignments.id, assignmentId));
  return row?.version ?? 1;
}

export async function history(taskId: string) {
  return getDb()
    .select({
      action: taskEvents.action,
      fromState: taskEvents.fromState,
      toState: taskEvents.toState,
      actorName: taskEvents.actorName,
      actorRole: taskEvents.actorRole,
      actorUnitName: taskEvents.actorUnitName,
      opinion: taskEvents.opinion,
      assignmentId: taskEvents.assignmentId,
    })
    .from(taskEvents)
    .where(eq(taskEvents.taskId, taskId))
    .orderBy(asc(taskEvents.id));
}

export async function lastEvent(taskId: string) {
  const rows = await history(taskId);
  return rows[rows.length - 1];
}

export { expectDomainError as expectError } from "@/test/expect-error";

/** Exactly one of several concurrent attempts succeeds; the others get a CONFLICT. */
export async function expectOneWinner(attempts: Array<() => Promise<unknown>>) {
  const results = await Promise.allSettled(attempts.map((f) => f()));
  const won = results.filter((r) => r.status === "fulfilled");
  const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  expect(won.length).toBe(1);
  for (const r of lost) {
    expect(r.reason).toBeInstanceOf(DomainError);
    expect((r.reason as DomainError).code).toBe("CONFLICT");
  }
  return results;
}

/** An upload as the files engineer's route leaves it: stored, not yet attached to anything. */
export async function uploaded(username: string, filename = "现场照片.jpg"): Promise<string> {
  const [row] = await getDb()
    .insert(attachments)
    .values({
      filename,
      mimeType: "image/jpeg",
      size: 1024,
      sha256: "0".repeat(64),
      storageKey: `test/${randomUUID()}`,
      uploadedById: await userId(username),
      committed: false,
    })
    .returning({ id: attachments.id });
  return row!.id;
}

export async function attachmentRow(id: string) {
  const [row] = await getDb().select().from(attachments).where(eq(attachments.id, id));
  return row;
}

export async function assignmentRow(id: string) {
  const [row] = await getDb().select().from(assignments).where(eq(assignments.id, id));
  return row!;
}

export async function assignmentOf(taskId: string, departmentId: string) {
  const [row] = await getDb().select().from(assignments).where(and(eq(assignments.taskId, taskId), eq(assignments.departmentId, departmentId)));
  return row;
}

/** A further account (e.g. a unit's second leader, for 转交审签). */
export async function addUser(username: string, displayName: string, department: string, roleCode: string): Promise<Actor> {
  const db = getDb();
  const [role] = await db.select({ id: roles.id }).from(roles).where(eq(roles.code, roleCode));
  const [user] = await db
    .insert(users)
    .values({ username, displayName, departmentId: await unitId(department), passwordHash: "x", smsRecipient: false })
    .returning({ id: users.id });
  await db.insert(userRoles).values({ userId: user!.id, roleId: role!.id });
  return as(username);
}

/** Migrating and seeding a fresh PGlite takes ~20 s on a busy 2-core machine; allow for it. */
export const SETUP_TIMEOUT = 240_000;
