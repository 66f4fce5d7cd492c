import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { type DbOrTx, getDb, queryRows } from "@/db/client";
import { useTestDatabase } from "@/test/test-db";

/**
 * A workflow step changes one assignment; the trigger that keeps 绩效统计's facts (assignments_facts_sync →
 * dcdb_assignment_facts_upsert) must then read that one assignment and its task, not the whole tables. As a
 * LANGUAGE sql function planned with its argument unknown it read all of them (`ids IS NULL OR a.id = ANY (ids)`
 * cannot use the key): 150 ms per step at a million assignments. Timing would be noise here, so this counts the
 * rows the statement read, from the transaction's own statistics (pg_stat_xact_user_tables), with sequential
 * scans priced out so that the small test tables cannot hide a full read behind a cheap sequential scan.
 */
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ cleanup } = await useTestDatabase({ demo: true }));
  // Forty tasks, each assigned to every unit: enough rows that a full read cannot pass for a lookup.
  await getDb().execute(sql`
    with t as (
      insert into tasks (title, content, urgency_id, deadline, due_on, creator_id, status)
      select '统计触发器测试 ' || g, '内容', (select id from urgency_levels limit 1), date '2031-06-30', date '2031-06-30',
             (select id from users limit 1), 'in_progress'
      from generate_series(1, 40) g
      returning id)
    insert into assignments (task_id, department_id, role, deadline, status)
    select t.id, d.id, 'lead', date '2031-06-30', 'in_progress'
    from t cross join (select id from departments where kind <> 'office') d`);
});
afterAll(async () => cleanup());

interface Reads {
  relname: string;
  rows: number;
}

describe("the statistics trigger of a one-assignment step", () => {
  it("reads that assignment and its task, not every assignment", async () => {
    const db = getDb();
    const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from assignments`);
    expect(count!.n).toBeGreaterThan(100);
    const [{ id }] = (await queryRows<{ id: string }>(db, sql`select id from assignments order by id offset 7 limit 1`)) as [{ id: string }];
    // The counters of rows read, before and after the update in the same transaction: the view may also hold
    // reads of earlier statements on this connection that are not flushed yet, so only the difference counts.
    const readRows = (tx: DbOrTx) =>
      queryRows<Reads>(tx, sql`
        select relname, (coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0))::int as rows
        from pg_stat_xact_user_tables where relname in ('assignments', 'tasks')`);
    const [before, after] = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const start = await readRows(tx);
      await tx.execute(sql`update assignments set urge_count = urge_count + 1 where id = ${id}`);
      return [start, await readRows(tx)];
    });
    const rowsOf = (table: string) =>
      (after.find((r) => r.relname === table)?.rows ?? 0) - (before.find((r) => r.relname === table)?.rows ?? 0);
    // The update reads its row, the trigger the row and its task.
    expect(rowsOf("assignments")).toBeLessThan(5);
    expect(rowsOf("assignments")).toBeGreaterThan(0); // the counters do count in this database
    expect(rowsOf("tasks")).toBeLessThan(5);
  });
});
