import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { auditLogs, departments, eventSources, roles, taskEvents, tasks, users } from "@/db/schema";
import { DEMO_PASSWORD } from "@/db/seed/demo-org";
import { expectDomainError } from "@/test/expect-error";
import type { Actor } from "@/lib/domain/policy";
import { NUL_MESSAGE } from "./validation";
import { authenticate } from "./auth/authenticate";
import { textFieldCases } from "@/test/text-field-cases";

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

// The shared table of verbs that take free text (test/text-field-cases.ts); input-fuzz.int.test.ts feeds it more.
const CASES = textFieldCases(() => ({ admin, clerk, leader })).map((c) => [c.verb, c.field, c.call, c.countable] as const);

describe.each(CASES)("%s: %s", (_verb, field, call, countable) => {
  it.each(NASTY)("refuses %j with a Chinese message on the field and writes nothing", async (value) => {
    // Verbs whose set-up writes (returnTask, urgeAssignment) do not compare row counts.
    const before = countable ? await footprint() : null;
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
