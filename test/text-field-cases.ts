import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { departments, eventSources as baseDataEntriesTable, extensionRequests, memberChangeRequests, reports, roles, scoreAdjustments, taskEvents, tasks, urges, users } from "@/db/schema";
import { and, desc } from "drizzle-orm";
import { cancelTask } from "@/lib/services/tasks/cancel-task";
import { forwardTask } from "@/lib/services/tasks/forward-task";
import { adjustScore } from "@/lib/services/stats/adjust-score";
import type { Actor } from "@/lib/domain/policy";
import { createTask } from "@/lib/services/tasks/create-task";
import { returnTask } from "@/lib/services/tasks/return-task";
import { urgeAssignment } from "@/lib/services/urges/urge-assignment";
import { as, av, draftInput, taskAt, tv } from "@/lib/services/tasks/test-fixtures";
import { receiveAssignment } from "@/lib/services/tasks/receive-assignment";
import { submitFeedback } from "@/lib/services/tasks/submit-feedback";
import { requestExtension } from "@/lib/services/extensions/request-extension";
import { requestMemberChange } from "@/lib/services/members/request-member-change";
import { createUser } from "@/lib/services/admin/users/create-user";
import { createRole } from "@/lib/services/admin/roles/create-role";
import { createDepartment } from "@/lib/services/admin/departments/create-department";
import { createBaseDataEntry } from "@/lib/services/admin/base-data/create-base-data-entry";

/**
 * For tests only (text-fields.int.test.ts, input-fuzz.int.test.ts): one table of service verbs that take
 * free text — the verb, the field, a call with that field set to `value`, and where it exists a read-back of
 * the stored value, so a test can check "refused with a Chinese message on the field, or stored exactly".
 */
export interface TextFieldCase {
  verb: string;
  field: string;
  call: (value: string) => Promise<unknown>;
  read?: (result: unknown) => Promise<unknown>;
  /** Whether the verb creates a row whose count a test can compare (false: the set-up itself writes). */
  countable: boolean;
}

export interface TextFieldActors {
  admin: Actor;
  clerk: Actor;
  leader: Actor;
}

let serial = 0;
const unique = (prefix: string) => `${prefix}${++serial}${Date.now().toString(36)}`;
const idOf = (result: unknown) => (result as { id: string }).id;

/** A dispatched task's 区教委 assignment, received by its clerk: ready for a report or an extension request. */
async function receivedAssignment(): Promise<string> {
  const { assignments } = await taskAt("in_progress");
  const id = assignments["区教委"]!;
  await receiveAssignment(await as("jw_jbr"), { assignmentId: id, version: await av(id) });
  return id;
}

/** `actors` is read when a case runs, so the table can be built at collection time (before beforeAll signs anyone in). */
export function textFieldCases(actors: () => TextFieldActors): TextFieldCase[] {
  const taskRead = (field: "title" | "content" | "requirements" | "instructionBy" | "instructionText") => async (result: unknown) =>
    (await getDb().select({ v: tasks[field] }).from(tasks).where(eq(tasks.id, idOf(result))))[0]?.v;
  return [
    ...(["title", "content", "requirements"] as const).map((field): TextFieldCase => ({
      verb: "createTask",
      field,
      call: async (v) => createTask(actors().clerk, await draftInput({ [field]: v })),
      read: taskRead(field),
      countable: true,
    })),
    { verb: "createTask", field: "instructionBy", call: async (v) => createTask(actors().clerk, await draftInput({ instructionBy: v, instructionText: "请抓紧办理" })), read: taskRead("instructionBy"), countable: true },
    { verb: "createTask", field: "instructionText", call: async (v) => createTask(actors().clerk, await draftInput({ instructionBy: "王区长", instructionText: v })), read: taskRead("instructionText"), countable: true },
    {
      verb: "returnTask",
      field: "opinion",
      call: async (v) => {
        const { id } = await taskAt("in_review");
        return returnTask(actors().leader, { id, opinion: v, version: await tv(id) });
      },
      countable: false,
    },
    {
      verb: "urgeAssignment",
      field: "message",
      call: async (v) => {
        const { assignments } = await taskAt("in_progress");
        return urgeAssignment(actors().clerk, { assignmentId: Object.values(assignments)[0], message: v });
      },
      read: async (result) => (await getDb().select({ v: urges.message }).from(urges).where(eq(urges.id, (result as { urgeId: string }).urgeId)))[0]?.v,
      countable: false,
    },
    ...(["username", "displayName", "mobile", "password"] as const).map((field): TextFieldCase => ({
      verb: "createUser",
      field,
      call: async (v) => {
        const [unit] = await getDb().select({ id: departments.id }).from(departments).where(eq(departments.name, "区教委"));
        const [role] = await getDb().select({ id: roles.id }).from(roles).where(eq(roles.code, "unit_clerk"));
        return createUser(actors().admin, { username: unique("fz"), displayName: "测试", mobile: "", password: "Linshi#2026", departmentId: unit!.id, roleIds: [role!.id], [field]: v });
      },
      read: field === "password" ? undefined : async (result) => (await getDb().select({ v: users[field] }).from(users).where(eq(users.id, idOf(result))))[0]?.v,
      countable: true,
    })),
    ...(["name", "description"] as const).map((field): TextFieldCase => ({
      verb: "createRole",
      field,
      call: (v) => createRole(actors().admin, { name: unique("角色"), description: "", dataScope: "own_unit", permissions: ["task.view"], [field]: v }),
      read: async (result) => (await getDb().select({ v: roles[field] }).from(roles).where(eq(roles.id, idOf(result))))[0]?.v,
      countable: true,
    })),
    ...(["name", "shortName"] as const).map((field): TextFieldCase => ({
      verb: "createDepartment",
      field,
      call: (v) => createDepartment(actors().admin, { name: unique("单位"), shortName: "", kind: "district_department", [field]: v }),
      read: async (result) => (await getDb().select({ v: departments[field] }).from(departments).where(eq(departments.id, idOf(result))))[0]?.v,
      countable: true,
    })),
    // The office's other free text: a cancellation's reason, a leader's forwarding opinion, a score adjustment's reason.
    {
      verb: "cancelTask",
      field: "reason",
      call: async (v) => {
        const { id } = await taskAt("in_progress");
        return cancelTask(actors().clerk, { id, reason: v, version: await tv(id) });
      },
      read: async (result) => (await getDb().select({ v: tasks.cancelReason }).from(tasks).where(eq(tasks.id, idOf(result))))[0]?.v,
      countable: false,
    },
    {
      verb: "forwardTask",
      field: "opinion",
      call: async (v) => {
        const { id } = await taskAt("in_review");
        await forwardTask(actors().leader, { id, reviewerId: (await as("dcs_ld2")).userId, opinion: v, version: await tv(id) });
        return { id };
      },
      read: async (result) =>
        (await getDb().select({ v: taskEvents.opinion }).from(taskEvents).where(and(eq(taskEvents.taskId, idOf(result)))).orderBy(desc(taskEvents.id)).limit(1))[0]?.v,
      countable: false,
    },
    {
      verb: "adjustScore",
      field: "reason",
      call: async (v) => {
        const [unit] = await getDb().select({ id: departments.id }).from(departments).where(eq(departments.name, "区教委"));
        return adjustScore(actors().clerk, { departmentId: unit!.id, points: "2", reason: v });
      },
      read: async (result) => (await getDb().select({ v: scoreAdjustments.reason }).from(scoreAdjustments).where(eq(scoreAdjustments.id, idOf(result))))[0]?.v,
      countable: false,
    },
    // The unit side: a handling clerk's report, an extension request's reason, a 变更申请's note.
    {
      verb: "submitFeedback",
      field: "body",
      call: async (v) => {
        const id = await receivedAssignment();
        return submitFeedback(await as("jw_jbr"), { assignmentId: id, kind: "final", body: v, attachmentIds: [], keepAttachmentIds: [], version: await av(id) });
      },
      read: async (result) => (await getDb().select({ v: reports.body }).from(reports).where(eq(reports.id, (result as { reportId: string }).reportId)))[0]?.v,
      countable: false,
    },
    {
      verb: "requestExtension",
      field: "reason",
      call: async (v) => {
        const id = await receivedAssignment();
        return requestExtension(await as("jw_jbr"), { assignmentId: id, requestedDeadline: "2099-08-30", reason: v, signerId: (await as("jw_ld")).userId, version: await av(id) });
      },
      read: async (result) => (await getDb().select({ v: extensionRequests.reason }).from(extensionRequests).where(eq(extensionRequests.id, idOf(result))))[0]?.v,
      countable: false,
    },
    {
      verb: "requestMemberChange",
      field: "note",
      call: async (v) => requestMemberChange(await as("jw_jbr"), { kind: "remove", targetUserId: (await as("jw_jbr2")).userId, displayName: "", mobile: "", smsRecipient: "", note: v }),
      read: async (result) => (await getDb().select({ v: memberChangeRequests.note }).from(memberChangeRequests).where(eq(memberChangeRequests.id, idOf(result))))[0]?.v,
      countable: false,
    },
    {
      verb: "createBaseDataEntry",
      field: "name",
      call: (v) => createBaseDataEntry(actors().admin, "sources", { name: v }),
      read: async (result) => (await getDb().select({ v: baseDataEntriesTable.name }).from(baseDataEntriesTable).where(eq(baseDataEntriesTable.id, idOf(result))))[0]?.v,
      countable: true,
    },
  ];
}
