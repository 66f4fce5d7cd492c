import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, count, eq, sql } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { auditLogs, taskEvents } from "@/db/schema";
import { auditIntegrity, listAuditLogs, parseAuditFilters } from "@/lib/data/audit";
import { expectDomainError } from "@/test/expect-error";
import { writeAudit } from "./audit";
import { chainKeys, verifyChain } from "./audit-chain";
import { deleteTask } from "./tasks";
import { as, history, resetActorCache, SETUP_TIMEOUT, taskAt, tv } from "./tasks/test-fixtures";

const KEY = "test-audit-hmac-key-0123456789abcdef";
const ROTATED = "rotated-audit-hmac-key-fedcba9876543210";

let cleanup: () => Promise<void>;
const saved = { key: process.env.AUDIT_HMAC_KEY, old: process.env.AUDIT_HMAC_KEYS_OLD };
beforeAll(async () => {
  process.env.AUDIT_HMAC_KEY = KEY;
  delete process.env.AUDIT_HMAC_KEYS_OLD;
  resetActorCache();
  ({ cleanup } = await useTestDatabase());
}, SETUP_TIMEOUT);
afterAll(async () => {
  await cleanup?.();
  process.env.AUDIT_HMAC_KEY = saved.key;
  process.env.AUDIT_HMAC_KEYS_OLD = saved.old;
});

const verify = (table: "audit_logs" | "task_events", batchSize = 7) => verifyChain(getDb(), table, { batchSize });

/** Changes recorded rows the only way left: as the table owner, around the append-only trigger. */
async function tamper(table: "audit_logs" | "task_events", statement: ReturnType<typeof sql>) {
  const trigger = sql.raw(`${table}_append_only`);
  await getDb().transaction(async (tx) => {
    await tx.execute(sql`alter table ${sql.identifier(table)} disable trigger ${trigger}`);
    await tx.execute(statement);
    await tx.execute(sql`alter table ${sql.identifier(table)} enable trigger ${trigger}`);
  });
}

async function someAuditRows() {
  for (let i = 0; i < 5; i++) {
    await writeAudit(getDb(), { action: "auth.login", actorName: `校验${i}`, detail: { z: i, a: [1, { y: "二", b: null }], when: new Date(Date.UTC(2026, 0, 1)) } });
  }
  return getDb().select({ id: auditLogs.id, detail: auditLogs.detail }).from(auditLogs).orderBy(asc(auditLogs.id));
}

describe("操作日志 and 流转记录 are append-only and SM3-chained", () => {
  it("rows written by the normal verbs verify on both chains (batches cross row boundaries)", async () => {
    const { id } = await taskAt("in_progress");
    expect((await history(id)).length).toBeGreaterThan(3);
    const audits = await verify("audit_logs");
    const events = await verify("task_events");
    expect(audits).toMatchObject({ broken: null, unsigned: 0 });
    expect(events).toMatchObject({ broken: null, unsigned: 0 });
    expect(events.checked).toBe((await getDb().select({ n: count() }).from(taskEvents))[0]!.n);
    const [row] = await getDb().select().from(taskEvents).where(eq(taskEvents.taskId, id)).orderBy(asc(taskEvents.id)).limit(1);
    expect(row!.chainHmac).toMatch(/^[0-9a-f]{64}$/);
  });

  it("三员分立: only the 安全审计员 reads and verifies 操作日志; the 系统管理员 and 安全管理员 are refused", async () => {
    await writeAudit(getDb(), { action: "auth.login", actorName: "审计员可见" });
    const reports = await auditIntegrity(await as("auditor"));
    expect(reports.map((r) => [r.table, r.broken])).toEqual([
      ["audit_logs", null],
      ["task_events", null],
    ]);
    expect((await listAuditLogs(await as("auditor"), parseAuditFilters({}))).total).toBeGreaterThan(0);
    for (const username of ["admin", "secadmin"]) {
      await expectDomainError(auditIntegrity(await as(username)), "FORBIDDEN");
      await expectDomainError(listAuditLogs(await as(username), parseAuditFilters({})), "FORBIDDEN");
    }
  });

  it("the database refuses UPDATE, DELETE and TRUNCATE of either table, with a clear message", async () => {
    await someAuditRows();
    for (const statement of [
      sql`update audit_logs set detail = '{"x":1}'`,
      sql`delete from audit_logs`,
      sql`truncate audit_logs`,
      sql`update task_events set opinion = '改过'`,
      sql`delete from task_events`,
      sql`truncate task_events`,
    ]) {
      const error = await getDb().execute(statement).then(() => null, (e: Error & { cause?: Error }) => e);
      expect(error?.cause?.message ?? error?.message).toMatch(/^(audit_logs|task_events) 只允许追加记录，不能 (UPDATE|DELETE|TRUNCATE)/);
    }
    expect((await verify("audit_logs")).broken).toBeNull();
  });

  it("a draft's deletion keeps its 流转记录 (no cascade) and the chain stays whole", async () => {
    const clerk = await as("dcs_jbr");
    const { id } = await taskAt("draft");
    const before = (await history(id)).length;
    expect(before).toBeGreaterThan(0);
    await deleteTask(clerk, { id, version: await tv(id) });
    expect((await history(id)).length).toBe(before);
    expect((await verify("task_events")).broken).toBeNull();
  });
});

describe("the chain under concurrency and key rotation", () => {
  it("many writers at once still form one unbroken chain", async () => {
    const before = (await verify("audit_logs")).checked;
    // On the server these are 40 transactions on a pool of 10 connections, racing for the chain head.
    await Promise.all(Array.from({ length: 40 }, (_, i) => getDb().transaction((tx) => writeAudit(tx, { action: "auth.logout", actorName: `并发${i}` }))));
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeAudit(getDb(), { action: "auth.logout", actorName: `并发无事务${i}` })));
    expect(await verify("audit_logs")).toEqual({ table: "audit_logs", checked: before + 60, unsigned: 0, broken: null });
  });

  it("rows signed before a key rotation verify with AUDIT_HMAC_KEYS_OLD, and are named when the old key is missing", async () => {
    try {
      process.env.AUDIT_HMAC_KEY = ROTATED;
      await writeAudit(getDb(), { action: "auth.login", actorName: "轮换后" });
      const [oldest] = await getDb().select({ id: auditLogs.id }).from(auditLogs).orderBy(asc(auditLogs.id)).limit(1);
      expect((await verify("audit_logs")).broken).toEqual({ id: oldest!.id, problem: expect.stringContaining("AUDIT_HMAC_KEYS_OLD") });
      process.env.AUDIT_HMAC_KEYS_OLD = `unrelated-key-000000000000000000000000, ${KEY}`;
      expect(chainKeys().size).toBe(3);
      expect((await verify("audit_logs")).broken).toBeNull();
    } finally {
      // Back to the first key; the row signed with the rotated one stays verifiable.
      process.env.AUDIT_HMAC_KEY = KEY;
      process.env.AUDIT_HMAC_KEYS_OLD = ROTATED;
    }
  });
});

describe("tampering around the trigger is found", () => {
  it("finds exactly the row whose content was changed around the trigger, and the row after a deleted one", async () => {
    const rows = await someAuditRows();
    const victim = rows[rows.length - 3]!;
    await tamper("audit_logs", sql`update audit_logs set detail = '{"z":99}' where id = ${victim.id}`);
    expect((await verify("audit_logs")).broken).toEqual({ id: victim.id, problem: expect.stringContaining("内容被改动") });
    // Put the content back exactly: the chain is whole again, so the report named that row and no other.
    await tamper("audit_logs", sql`update audit_logs set detail = ${JSON.stringify(victim.detail)}::jsonb where id = ${victim.id}`);
    expect((await verify("audit_logs")).broken).toBeNull();

    await tamper("audit_logs", sql`delete from audit_logs where id = ${victim.id}`);
    const next = rows[rows.length - 2]!;
    expect((await verify("audit_logs")).broken).toEqual({ id: next.id, problem: `前一条记录（id ${victim.id}）缺失：已被删除` });
  });

  it("the page's check of the newest rows continues from the row before them and finds a change inside its window", async () => {
    const rows = await someAuditRows();
    const victim = rows[rows.length - 2]!;
    await tamper("audit_logs", sql`update audit_logs set detail = '{"w":1}' where id = ${victim.id}`);
    const window = await verifyChain(getDb(), "audit_logs", { newest: 5 });
    expect(window.broken).toEqual({ id: victim.id, problem: expect.stringContaining("内容被改动") });
    expect(window.checked).toBeLessThanOrEqual(5);
    await tamper("audit_logs", sql`update audit_logs set detail = ${JSON.stringify(victim.detail)}::jsonb where id = ${victim.id}`);
    expect((await verifyChain(getDb(), "audit_logs", { newest: 5 })).broken).toBeNull();
  });

  it("finds a changed 流转记录 row, and a row whose signature was cleared", async () => {
    const { id } = await taskAt("signed");
    const [first] = await getDb().select({ id: taskEvents.id }).from(taskEvents).where(eq(taskEvents.taskId, id)).orderBy(asc(taskEvents.id)).limit(1);
    await tamper("task_events", sql`update task_events set opinion = '补写的意见' where id = ${first!.id}`);
    expect((await verify("task_events")).broken).toEqual({ id: first!.id, problem: expect.stringContaining("内容被改动") });
    await tamper("task_events", sql`update task_events set opinion = null, chain_hmac = null where id = ${first!.id}`);
    expect((await verify("task_events")).broken).toEqual({ id: first!.id, problem: expect.stringContaining("没有校验值") });
  });
});
