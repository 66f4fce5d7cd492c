import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count } from "drizzle-orm";
import { actorNamed, useTestDatabase } from "@/test/test-db";
import { textFieldCases } from "@/test/text-field-cases";
import { getDb } from "@/db/client";
import { auditLogs, departments, eventSources, roles, tasks, urges, users } from "@/db/schema";
import { isDomainError } from "@/lib/domain/errors";
import type { Actor } from "@/lib/domain/policy";
import { CONTROL_MESSAGE, MAX_TEXT_LENGTH, NUL_MESSAGE, TOO_LONG_MESSAGE, parseInput } from "./validation";
import { z } from "zod";

/**
 * 等保 2.0 (issue 11), input: every text field of the verbs in test/text-field-cases.ts, fed markup, SQL
 * fragments, 100 000 characters, control characters, NUL, emoji and bidi overrides, is either refused with a
 * VALIDATION error carrying a Chinese message on that field (and nothing written), or stored exactly as given —
 * never an INTERNAL error. Control characters and NUL are always refused (parseInput, centrally).
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

const n = async (table: typeof tasks | typeof users | typeof roles | typeof departments | typeof eventSources | typeof auditLogs | typeof urges) =>
  (await getDb().select({ n: count() }).from(table))[0]!.n;
const footprint = async () => [await n(tasks), await n(users), await n(roles), await n(departments), await n(eventSources), await n(auditLogs)];

/** Stored exactly when the field's own rules allow them (length, format), else refused with a Chinese message. */
const INERT = {
  script: "<script>alert(1)</script>",
  imgOnerror: '"><img src=x onerror=alert(1)>',
  sqlDrop: "'; DROP TABLE tasks; --",
  sqlOr: "' OR '1'='1",
  emoji: "督办👍🏻 完成✅",
  zwjFamily: "👨‍👩‍👧",
  rtlOverride: "发票\u202Egpj.exe",
  multiLine: "第一行\r\n第二行\t制表",
  long: "长".repeat(100_000),
};
/** Always refused (central rule in parseInput). */
const REFUSED: Record<string, [string, string]> = {
  soh: ["a\u0001b", CONTROL_MESSAGE],
  esc: ["\u001b[31m红色\u001b[0m", CONTROL_MESSAGE],
  del: ["删除\u007f", CONTROL_MESSAGE],
  c1: ["x\u0085y", CONTROL_MESSAGE],
  nul: ["a\u0000b", NUL_MESSAGE],
};

const CHINESE = /[\u4e00-\u9fff]/;
const CASES = textFieldCases(() => ({ admin, clerk, leader }));

describe.each(CASES.map((c) => [c.verb, c.field, c] as const))("%s: %s", (_verb, field, c) => {
  it.each(Object.entries(INERT))("%s: refused with a Chinese message on the field, or stored exactly", async (_name, value) => {
    const before = c.countable ? await footprint() : null;
    let result: unknown;
    try {
      result = await c.call(value);
    } catch (error) {
      expect(isDomainError(error), String(error)).toBe(true);
      const domain = error as { code: string; message: string; fieldErrors?: Record<string, string> };
      expect(domain.code).toBe("VALIDATION");
      expect({ onField: domain.fieldErrors?.[field] ?? null, message: domain.message, fieldErrors: domain.fieldErrors }).toMatchObject({ onField: expect.stringMatching(CHINESE) });
      if (before) expect(await footprint()).toEqual(before);
      return;
    }
    // 100 000 characters are over every field's limit: accepting them would be a missing max().
    expect(value.length, "accepted 100 000 characters").toBeLessThan(MAX_TEXT_LENGTH);
    if (c.read) expect(await c.read(result)).toBe(value);
  });

  it.each(Object.entries(REFUSED))("%s: always refused with a Chinese message on the field, nothing written", async (_name, [value, message]) => {
    const before = c.countable ? await footprint() : null;
    const error = await c.call(value).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDomainError(error), String(error)).toBe(true);
    expect(error).toMatchObject({ code: "VALIDATION", message, fieldErrors: { [field]: message } });
    if (before) expect(await footprint()).toEqual(before);
  });
});

describe("parseInput's central text rules", () => {
  const schema = z.object({ note: z.string(), list: z.array(z.string()).optional() });
  it("allows tab, LF and CR; refuses other controls, also inside arrays, naming the top-level field", () => {
    expect(parseInput(schema, { note: "a\tb\r\nc" })).toEqual({ note: "a\tb\r\nc" });
    expect(() => parseInput(schema, { note: "ok", list: ["fine", "bad\u0007"] })).toThrow(CONTROL_MESSAGE);
    try {
      parseInput(schema, { note: "ok", list: ["bad\u000b"] });
    } catch (error) {
      expect((error as { fieldErrors: Record<string, string> }).fieldErrors).toEqual({ list: CONTROL_MESSAGE });
    }
  });

  it("refuses text longer than the backstop even where a schema forgot its max()", () => {
    expect(() => parseInput(schema, { note: "x".repeat(MAX_TEXT_LENGTH + 1) })).toThrow(TOO_LONG_MESSAGE);
    expect(parseInput(schema, { note: "x".repeat(MAX_TEXT_LENGTH) }).note).toHaveLength(MAX_TEXT_LENGTH);
  });

  it("leaves bytes (an uploaded sheet) alone", () => {
    const bytes = new Uint8Array([0, 1, 27, 127]);
    expect(parseInput(z.object({ bytes: z.instanceof(Uint8Array) }), { bytes }).bytes).toBe(bytes);
  });
});
