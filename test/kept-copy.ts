import { expect } from "vitest";
import { sql, TransactionRollbackError, type SQL } from "drizzle-orm";
import { getDb, queryRows } from "@/db/client";

/**
 * A copy kept by database triggers (the statistics' monthly tables) equals, row by row, what its rebuild function
 * computes from scratch — run in a transaction that is rolled back, so the kept rows stay as they were. A wrong
 * delta in a trigger shows here even where no query looks. `read` lists the copy's non-zero rows in a fixed order.
 */
export async function expectKeptCopyRebuilt(read: SQL, rebuild: SQL): Promise<void> {
  const kept = await queryRows(getDb(), read);
  let rebuilt: unknown[] = [];
  await getDb()
    .transaction(async (tx) => {
      await tx.execute(rebuild);
      rebuilt = await queryRows(tx, read);
      tx.rollback();
    })
    .catch((e: unknown) => {
      if (!(e instanceof TransactionRollbackError)) throw e;
    });
  expect(kept).toEqual(rebuilt);
}

/** score_month_quantities (migration 0018) against dcdb_score_quantities_rebuild. */
export const expectScoreQuantitiesRebuilt = () =>
  expectKeptCopyRebuilt(
    sql`select department_id::text, month::text, completed_on_time, completed_early, completed_late, workdays_late, late_receipts
        from score_month_quantities
        where (completed_on_time, completed_early, completed_late, workdays_late, late_receipts) <> (0, 0, 0, 0, 0)
        order by 1, 2`,
    sql`select dcdb_score_quantities_rebuild(null)`,
  );
