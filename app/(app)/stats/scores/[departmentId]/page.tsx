import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { isUuid } from "@/lib/domain/ids";
import { isDomainError } from "@/lib/domain/errors";
import { formatDateTime, todayInShanghai } from "@/lib/domain/dates";
import { SCORING_TRIGGER_LABELS, type ScoringTrigger } from "@/lib/domain/rules";
import { describeQuantity, OBJECTION_STATUS_LABELS } from "@/lib/domain/stats/scoring";
import { parseScorePeriod, periodQuery, scoreRanking, unitScoreLedger } from "@/lib/data/stats/scores";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { ObjectionForm } from "../score-forms";
import { Points, ScoringDefinitions } from "../score-parts";
import { PeriodForm } from "@/components/stats/stats-filter-form";
import { Pagination } from "@/components/ui/pagination";
import { pageOf, param } from "@/lib/data/list-params";

export const metadata: Metadata = { title: "单位绩效明细" };

/** Items a page: a year of a busy unit is several hundred; each is a table row and a phone card. */
const LEDGER_PAGE_SIZE = 100;

/** One unit's ledger: every item with its rule, task, day and quantity; 更正 entries; 申诉. Another unit's → 404. */
export default async function UnitScorePage({
  params,
  searchParams,
}: {
  params: Promise<{ departmentId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const viewer = await requirePermission("stats.view");
  const { departmentId } = await params;
  if (!isUuid(departmentId)) notFound();
  const at = now();
  const today = todayInShanghai(at);
  const sp = await searchParams;
  const period = parseScorePeriod(sp, at);
  // The ledger and the ranking (for the unit's place) are independent reads: side by side, not one after the other.
  const [ledger, { rows }] = await Promise.all([
    unitScoreLedger(viewer, departmentId, period, today).catch((error: unknown) => {
      if (isDomainError(error) && error.code === "NOT_FOUND") notFound();
      throw error;
    }),
    scoreRanking(viewer, period, today),
  ]);
  const rank = rows.find((r) => r.departmentId === departmentId);
  const query = periodQuery(period);
  const ownUnit = viewer.departmentId === departmentId;
  const openKeys = new Set(ledger.objections.filter((o) => o.status === "pending").map((o) => o.itemKey));
  const itemsTotal = ledger.items.reduce((s, i) => Math.round((s + i.points) * 100) / 100, 0);
  const { page, rows: pageItems } = pageOf(ledger.items, param(sp, "page"), LEDGER_PAGE_SIZE);
  // 按规则汇总: how many items each rule gave and their sum, over the whole period (the pages list the items).
  const byRule = new Map<string, { trigger: ScoringTrigger; count: number; points: number }>();
  for (const i of ledger.items) {
    const r = byRule.get(i.ruleName) ?? { trigger: i.trigger, count: 0, points: 0 };
    r.count += 1;
    r.points = Math.round((r.points + i.points) * 100) / 100;
    byRule.set(i.ruleName, r);
  }
  return (
    <div className="mx-auto max-w-7xl space-y-4">
      <PageHeader
        title={`${ledger.unit.name} 绩效明细`}
        description={`${period.label} · 基础分 ${ledger.base} + 计分项 ${itemsTotal} = ${Math.round((ledger.base + itemsTotal) * 100) / 100} 分${rank ? `，第 ${rank.rank} 名` : ""}`}
        actions={
          <div className="flex flex-wrap gap-2 print:hidden">
            <Link href={`/stats/scores?${query}`} className={buttonClass("ghost")}>
              返回排名
            </Link>
            <a href={`/stats/scores/export?${query}&unit=${departmentId}`} className={buttonClass("secondary")} download data-testid="export-ledger">
              导出 Excel
            </a>
          </div>
        }
      />
      <PeriodForm path={`/stats/scores/${departmentId}`} period={period} defaultKind="month" />
      {ledger.items.length === 0 ? (
        <EmptyState title="本周期没有计分项">得分为基础分 {ledger.base} 分。</EmptyState>
      ) : (
        <>
        <Card title="按规则汇总">
          <ul className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2" data-testid="ledger-by-rule">
            {[...byRule].map(([rule, r]) => (
              <li key={rule} className="flex items-baseline justify-between gap-2 border-b border-slate-100 py-1">
                <span className="min-w-0">
                  {rule} <span className="text-xs text-slate-500">{SCORING_TRIGGER_LABELS[r.trigger]}</span>
                </span>
                <span className="shrink-0 tabular-nums">
                  {r.count} 项 · <Points value={r.points} />
                </span>
              </li>
            ))}
          </ul>
        </Card>
        <div className="hidden overflow-x-auto rounded-lg border border-slate-200 bg-white md:block print:block">
          <table className="w-full text-left text-sm" data-testid="ledger-table">
            <caption className="sr-only">计分项明细</caption>
            <thead className="bg-slate-50 text-xs text-slate-500">
              <tr>
                <th className="px-3 py-2 font-medium">日期</th>
                <th className="px-3 py-2 font-medium">规则</th>
                <th className="px-3 py-2 font-medium">计分</th>
                <th className="px-3 py-2 text-right font-medium">分值</th>
                <th className="px-3 py-2 font-medium">督办事项</th>
                <th className="px-3 py-2 font-medium print:hidden">状态</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {pageItems.map((i) => (
                <tr key={i.key} className="align-top" data-testid="ledger-item" data-trigger={i.trigger}>
                  <td className="px-3 py-2 whitespace-nowrap tabular-nums">{i.day}</td>
                  <td className="px-3 py-2">
                    {i.ruleName}
                    <span className="block text-xs text-slate-500">{SCORING_TRIGGER_LABELS[i.trigger]}</span>
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">{describeQuantity(i.trigger, i.quantity, i.unitPoints)}</td>
                  <td className="px-3 py-2 text-right">
                    <Points value={i.points} />
                  </td>
                  <td className="px-3 py-2">
                    {i.taskId ? (
                      <Link href={`/tasks/${i.taskId}`} className="text-brand-700 hover:underline">
                        {i.taskNo && <span className="block text-xs text-slate-500">{i.taskNo}</span>}
                        {i.taskTitle ?? "督办事项"}
                      </Link>
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="px-3 py-2 print:hidden">
                    <span className="block text-xs text-slate-500">{i.frozen ? "已发布（冻结）" : "实时"}</span>
                    {openKeys.has(i.key) ? (
                      <span className="text-xs text-amber-700">申诉待答复</span>
                    ) : (
                      ownUnit && viewer.permissions.has("stats.view") && viewer.dataScope !== "all_units" && <ObjectionForm month={i.day.slice(0, 7)} itemKey={i.key} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {/* The phone layout: one card per item, the 申诉 link within reach. */}
        <ul className="space-y-2 md:hidden print:hidden" data-testid="ledger-cards">
          {pageItems.map((i) => (
            <li key={i.key} className="space-y-1 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-sm" data-testid="ledger-card">
              <div className="flex items-center justify-between gap-2">
                <span className="text-xs text-slate-500 tabular-nums">
                  {i.day} · {i.frozen ? "已发布（冻结）" : "实时"}
                </span>
                <Points value={i.points} />
              </div>
              <p>{i.ruleName}</p>
              <p className="text-xs text-slate-500">{describeQuantity(i.trigger, i.quantity, i.unitPoints)}</p>
              {i.taskId && (
                <Link href={`/tasks/${i.taskId}`} className="block text-brand-700 hover:underline">
                  {i.taskNo ? `${i.taskNo} ` : ""}
                  {i.taskTitle ?? "督办事项"}
                </Link>
              )}
              {openKeys.has(i.key) ? (
                <span className="text-xs text-amber-700">申诉待答复</span>
              ) : (
                ownUnit && viewer.dataScope !== "all_units" && <ObjectionForm month={i.day.slice(0, 7)} itemKey={i.key} />
              )}
            </li>
          ))}
        </ul>
        <Pagination path={`/stats/scores/${departmentId}`} params={period.params} page={page} pageSize={LEDGER_PAGE_SIZE} total={ledger.items.length} noun="项" />
        </>
      )}
      {ledger.corrections.length > 0 && (
        <Card title="更正（发布后录入，不改变已发布的名次）">
          <ul className="divide-y divide-slate-100 text-sm" data-testid="corrections">
            {ledger.corrections.map((c) => (
              <li key={c.id} className="flex flex-wrap gap-x-3 py-2">
                <span className="tabular-nums">{c.month}</span>
                <Points value={c.points} />
                <span className="text-slate-700">{c.reason}</span>
                <span className="text-xs text-slate-500">
                  {c.createdByName}，{formatDateTime(c.createdAt)}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      )}
      <Card title={`申诉（${ledger.objections.length}）`}>
        {ledger.objections.length === 0 ? (
          <p className="text-sm text-slate-500">本周期没有申诉。{ownUnit && viewer.dataScope !== "all_units" ? "对某一计分项有异议时，可点该项的“申诉”。" : ""}</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="unit-objections">
            {ledger.objections.map((o) => (
              <li key={o.id} className="space-y-1 py-2" data-testid="objection" data-status={o.status}>
                <p>
                  <b>{OBJECTION_STATUS_LABELS[o.status]}</b> · {o.itemLabel}
                </p>
                <p className="text-slate-700">
                  申诉理由：{o.reason}（{o.raisedByName}，{formatDateTime(o.raisedAt)}）
                </p>
                {o.answer && (
                  <p className="text-slate-700" data-testid="objection-answer">
                    督查室答复：{o.answer}（{o.answeredByName}，{formatDateTime(o.answeredAt)}）
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <ScoringDefinitions base={ledger.base} />
    </div>
  );
}
