import { sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, queryRows } from "@/db/client";
import { scorePublications } from "@/db/schema";
import { assertCan, type Actor } from "@/lib/domain/policy";
import { conflict, validation } from "@/lib/domain/errors";
import { todayInShanghai } from "@/lib/domain/dates";
import { now as clockNow } from "@/lib/clock";
import { liveItemsSql, RANKED_UNITS } from "@/lib/data/stats/scores-sql";
import { getScoreBase } from "@/lib/data/settings";
import { parseInput, type RequestMeta } from "../validation";
import { writeAudit } from "../audit";
import { monthField } from "./score-input";
import { monthRange } from "./shared";

const schema = z.object({ month: monthField });

/**
 * 发布（冻结）月度排名 (stats.manage): copies the month's ledger items, totals and ranks into the snapshot
 * tables; from then on the month is read from them and no later event moves it. Only a month that has ended
 * (its 逾期仍未办结 check day is its last day, fixed). Two publishes at once: the publication row's primary key
 * lets one insert win; the other waits for it and gets a conflict. There is no unpublish.
 */
export async function publishScoreMonth(actor: Actor, input: unknown, meta: RequestMeta = {}, now = clockNow()) {
  assertCan(actor, "stats.manage");
  const v = parseInput(schema, input);
  const today = todayInShanghai(now);
  const range = monthRange(v.month);
  if (range.to >= today) throw validation("只能发布已经结束的月份", { month: "只能发布已经结束的月份" });
  return getDb().transaction(async (tx) => {
    // The 基础分 in force is recorded with the month: its published totals keep it if the setting changes later.
    const base = await getScoreBase(tx);
    const won = await tx
      .insert(scorePublications)
      .values({ month: v.month, baseScore: base, publishedById: actor.userId, publishedByName: actor.displayName, publishedAt: now })
      .onConflictDoNothing()
      .returning({ month: scorePublications.month });
    if (won.length === 0) throw conflict(`${v.month} 已经发布，排名已冻结`);
    await tx.execute(sql`
      insert into score_snapshot_items (month, key, department_id, trigger, rule_id, rule_name, unit_points, quantity, points, day, assignment_id, task_id, task_no, task_title)
      select ${v.month}, l.key, l.department_id, l.trigger::scoring_trigger, l.rule_id, l.rule_name, l.unit_points, l.quantity, l.points, l.day, l.assignment_id, l.task_id, t.task_no, t.title
      from (${liveItemsSql({ ...range, today }, null)}) l left join tasks t on t.id = l.task_id`);
    await tx.execute(sql`
      insert into score_snapshot_units (month, department_id, department_name, items_total, total, rank)
      select ${v.month}, u.id, u.name, coalesce(s.items_total, 0), ${base}::numeric + coalesce(s.items_total, 0),
             rank() over (order by ${base}::numeric + coalesce(s.items_total, 0) desc)
      from (${RANKED_UNITS}) u
      left join (select department_id, sum(points) as items_total from score_snapshot_items where month = ${v.month} group by department_id) s on s.department_id = u.id`);
    const [counts] = await queryRows<{ units: number; items: number }>(
      tx,
      sql`select (select count(*)::int from score_snapshot_units where month = ${v.month}) as units, (select count(*)::int from score_snapshot_items where month = ${v.month}) as items`,
    );
    await writeAudit(tx, {
      actorId: actor.userId,
      actorName: actor.displayName,
      action: "stats.score.publish",
      targetType: "score_month",
      targetId: v.month,
      ...meta,
      detail: { before: null, after: { month: v.month, units: counts?.units, items: counts?.items, baseScore: base } },
    });
    return { month: v.month, units: Number(counts?.units ?? 0), items: Number(counts?.items ?? 0) };
  });
}
