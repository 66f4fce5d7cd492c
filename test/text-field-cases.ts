import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { departments, eventSources as baseDataEntriesTable, roles, tasks, urges, users } from "@/db/schema";
import type { Actor } from "@/lib/domain/policy";
import { createTask } from "@/lib/services/tasks/create-task";
import { returnTask } from "@/lib/services/tasks/return-task";
import { urgeAssignment } from "@/lib/services/urges/urge-assignment";
import { draftInput, taskAt, tv } from "@/lib/services/tasks/test-fixtures";
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
    {
      verb: "createBaseDataEntry",
      field: "name",
      call: (v) => createBaseDataEntry(actors().admin, "sources", { name: v }),
      read: async (result) => (await getDb().select({ v: baseDataEntriesTable.name }).from(baseDataEntriesTable).where(eq(baseDataEntriesTable.id, idOf(result))))[0]?.v,
      countable: true,
    },
  ];
}
