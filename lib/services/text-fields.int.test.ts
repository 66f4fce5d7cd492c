import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { auditLogs, departments, eventSources, roles, taskEvents, tasks, users } from "@/db/schema";
import { DEMO_PASSWORD } from "@/db/seed/demo-org";
import { expectDomainError } from "@/test/expect-error";
import type { Actor } from "@/lib/domain/policy";
import { NUL_MESSAGE } from "./validation";
import { createTask } from "./tasks/create-task";
import { returnTask } from "./tasks/return-task";
import { draftInput, taskAt } from "./tasks/test-fixtures";
import { createUser } from "./admin/users/create-user";
import { createRole } from "./admin/roles/create-role";
import { createDepartment } from "./admin/departments/create-department";
import { createBaseDataEntry } from "./admin/base-data/create-base-data-entry";
import { authenticate } from "./auth/authenticate";

/**
 * Issue 7 item 25, text side: PostgreSQL refuses U+0000 in text, which used to surface as a 500.
 * Every text field of the verbs below, fed a NUL, must give VALIDATION with a Chinese message on that
 * field and write nothing. (parseInput checks every verb's input the same way, so these stand for all.)
 */

let cleanup: () => Promise<void>;
let admin: Actor;
let clerk: Actor;
let leader: Actor;

beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
  admin = await actorNamed("admin");
  clerk = await actorNamed("dcs_jbr");
  leader = await actorNamed("dcs_ld");
});
afterAll(() => cleanup());

async function footprint() {
  const n = async (table: typeof tasks | typeof taskEvents | typeof users | typeof roles | typeof departments | typeof eventSources | typeof auditLogs) =>
    (await getDb().select({ n: count() }).from(table))[0]!.n;
  return [await n(tasks), await n(taskEvents), await n(users), await n(roles), await n(departments), await n(eventSources), await n(auditLogs)];
}

const NASTY = ["a\u0000b", "\u0000", "正常文字\u0000"];

type Case = [verb: string, field: string, call: (value: string) => Promise<unknown>];
const CASES: Case[] = [
  ...["title", "content", "requirements"].map((field): Case => ["createTask", field, async (v) => createTask(clerk, await draftInput({ [field]: v }))]),
  ["createTask", "instructionBy", async (v) => createTask(clerk, await draftInput({ instructionBy: v, instructionText: "请抓紧办理" }))],
  ["createTask", "instructionText", async (v) => createTask(clerk, await draftInput({ instructionBy: "王区长", instructionText: v }))],
  ["returnTask", "opinion", async (v) => {
    const { id } = await taskAt("in_review");
    return returnTask(leader, { id, opinion: v });
  }],
  ...["username", "displayName", "mobile", "password"].map((field): Case => [
    "createUser",
    field,
    async (v) => {
      const [unit] = await getDb().select({ id: departments.id }).from(departments).where(eq(departments.name, "区教委"));
      const [role] = await getDb().select({ id: roles.id }).from(roles).where(eq(roles.code, "unit_clerk"));
      return createUser(admin, { username: "nul_test", displayName: "测试", mobile: "", password: "Linshi#2026", departmentId: unit!.id, roleIds: [role!.id], [field]: v });
    },
  ]),
  ...["name", "description"].map((field): Case => ["createRole", field, (v) => createRole(admin, { name: "新角色", description: "", dataScope: "own_unit", permissions: ["task.view"], [field]: v })]),
  ...["name", "shortName"].map((field): Case => ["createDepartment", field, (v) => createDepartment(admin, { name: "新单位", shortName: "", kind: "unit", [field]: v })]),
  ["createBaseDataEntry", "name", (v) => createBaseDataEntry(admin, "sources", { name: v })],
];

describe.each(CASES)("%s: %s", (_verb, field, call) => {
  it.each(NASTY)("refuses %j with a Chinese message on the field and writes nothing", async (value) => {
    // returnTask sets up a task in review first, so only the other verbs compare row counts.
    const before = _verb === "returnTask" ? null : await footprint();
    const error = await expectDomainError(call(value), "VALIDATION", NUL_MESSAGE);
    expect(error.fieldErrors?.[field]).toBe(NUL_MESSAGE);
    if (before) expect(await footprint()).toEqual(before);
  });
});

describe("login", () => {
  it.each(NASTY)("answers a username %j as an unknown user (no error)", async (value) => {
    const result = await authenticate({ username: value, password: DEMO_PASSWORD }, { maxFailures: 5, lockMinutes: 15 });
    expect(result).toEqual({ ok: false, reason: "invalid" });
  });
});
