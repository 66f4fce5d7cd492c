import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/viewer";
import { now } from "@/lib/clock";
import { todayInShanghai, formatDateTime } from "@/lib/domain/dates";
import { monthsOf } from "@/lib/domain/stats/period";
import { OBJECTION_STATUS_LABELS } from "@/lib/domain/stats/scoring";
import { objectionsOf, parseScorePeriod, periodQuery, publishedMonths, scoreRanking } from "@/lib/data/stats/scores";
import { buttonClass } from "@/components/ui/button";
import { Card, EmptyState, Notice, PageHeader } from "@/components/ui/card";
import { AdjustmentForm, AnswerForm, PublishButton } from "./score-forms";
import { Points, ScoringDefinitions } from "./score-parts";
import { PeriodForm } from "@/components/stats/stats-filter-form";
import { Pagination } from "@/components/ui/pagination";
import { pageOf, param } from "@/lib/data/list-params";

export const metadata: Metadata = { title: "绩效考核统计" };

const RANKING_PAGE_SIZE = 50;

/** 绩效考核统计: each unit's score for the period (base + items), ranked; a unit sees its own row and rank. */
export default async function ScoresPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requirePermission("stats.view");
  const at = now();
  const today = todayInShanghai(at);
  const sp = await searchParams;
  const period = parseScorePeriod(sp, at);
  const manage = viewer.permissions.has("stats.manage");
  const [{ rows, unitCount, base }, published, pending] = await Promise.all([
    scoreRanking(viewer, period, today),
    publishedMonths(period),
    manage ? objectionsOf(viewer, { status: "pending", limit: 50 }) : Promise.resolve([]),
  ]);
  const query = periodQuery(period);
  // 50 units a page (1 000 rows with their links cost a quarter second to render); the export has them all.
  const { page: pageNo, rows: pageRows } = pageOf(rows, param(sp, "page"), RANKING_PAGE_SIZE);
  const publishedSet = new Set(published.map((p) => p.month));
  const months = monthsOf(period);
  const thisMonth = today.slice(0, 7);
  const publishable = manage ? months.filter((m) => m < thisMonth && !publishedSet.has(m)) : [];
  const hasCorrections = rows.some((r) => r.corrections !== 0);
  const own = viewer.dataScope !== "all_units";
  // The picker lists units by name (pinyin order), not by rank: the office looks a unit up, it does not rank it.
  const unitChoices = manage ? rows.map((r) => ({ id: r.departmentId, name: r.name })).sort((a, b) => a.name.localeCompare(b.name, "zh-CN")) : [];
  return (
    <div className="mx-auto max-w-7xl space-y-4">
      <PageHeader
        title="绩效考核统计"
        description={`${period.label} · 基础分 ${base} 分（系统参数“绩效基础分”），加上周期内各加分项、减去各扣分项；点击单位查看每一项的来源`}
        actions={
          <div className="flex flex-wrap gap-2 print:hidden">
            <a href={`/stats/scores/export?${query}`} className={buttonClass("secondary")} download data-testid="export-ranking">
              导出 Excel
            </a>
          </div>
        }
      />
      <PeriodForm path="/stats/scores" period={period} defaultKind="month" />
      {published.length > 0 && (
        <Notice tone="info" testId="published-notice">
          {published.map((p) => `${p.month} 已于 ${formatDateTime(p.publishedAt)} 由 ${p.publishedByName} 发布，名次已冻结`).join("；")}
          {published.length < months.length && "；其余月份为实时计算，会随办理情况变化"}。
        </Notice>
      )}
      {own && rows[0] && (
        <p className="rounded-lg border border-brand-200 bg-brand-50 px-3 py-2 text-sm" data-testid="own-rank">
          {rows[0].name} {period.label}得分 <b className="tabular-nums">{rows[0].total}</b> 分，在 {unitCount} 个参评单位中排第 <b>{rows[0].rank}</b> 名。
        </p>
      )}
      {rows.length === 0 ? (
        <EmptyState title="没有参评单位">{own ? "本单位不参加绩效排名。" : "启用的承办单位会列在这里。"}</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-left text-sm" data-testid="ranking-table">
            <caption className="sr-only">{period.label}绩效排名</caption>
            <thead className="bg-slate-50 text-xs text-slate-500">
              <tr>
                <th className="px-3 py-2 font-medium">名次</th>
                <th className="px-3 py-2 font-medium">单位</th>
                <th className="px-3 py-2 text-right font-medium">基础分</th>
                <th className="px-3 py-2 text-right font-medium">加减分</th>
                <th className="hidden px-3 py-2 text-right font-medium sm:table-cell">计分项</th>
                <th className="px-3 py-2 text-right font-medium">得分</th>
                {hasCorrections && <th className="px-3 py-2 text-right font-medium">更正</th>}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {pageRows.map((r) => (
                <tr key={r.departmentId} data-testid="ranking-row" data-unit={r.name}>
                  <td className="px-3 py-2 tabular-nums" data-testid="ranking-rank">
                    {r.rank}
                  </td>
                  <td className="px-3 py-2">
                    <Link href={`/stats/scores/${r.departmentId}?${query}`} className="text-brand-700 hover:underline">
                      {r.name}
                    </Link>
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">{base}</td>
                  <td className="px-3 py-2 text-right">
                    <Points value={r.itemsTotal} />
                  </td>
                  <td className="hidden px-3 py-2 text-right tabular-nums sm:table-cell">{r.itemCount}</td>
                  <td className="px-3 py-2 text-right font-medium tabular-nums" data-testid="ranking-total">
                    {r.total}
                  </td>
                  {hasCorrections && <td className="px-3 py-2 text-right">{r.corrections !== 0 ? <Points value={r.corrections} /> : "—"}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!own && (
        <Pagination path="/stats/scores" params={period.params} page={pageNo} pageSize={RANKING_PAGE_SIZE} total={rows.length} noun="个单位" />
      )}
      {manage && (
        <div className="grid gap-4 lg:grid-cols-2 print:hidden">
          <Card title="人工加减分">
            <AdjustmentForm units={unitChoices} publishedMonths={[...publishedSet]} />
          </Card>
          <Card title="发布并冻结月度排名">
            {publishable.length === 0 ? (
              <p className="text-sm text-slate-500">本周期没有可发布的月份（只能发布已经结束、尚未发布的月份）。</p>
            ) : (
              <div className="flex flex-wrap gap-3">
                {publishable.map((m) => (
                  <PublishButton key={m} month={m} />
                ))}
              </div>
            )}
          </Card>
        </div>
      )}
      {manage && (
        <Card title={`待答复的申诉（${pending.length}）`} className="print:hidden">
          {pending.length === 0 ? (
            <p className="text-sm text-slate-500">没有待答复的申诉。</p>
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="pending-objections">
              {pending.map((o) => (
                <li key={o.id} className="space-y-2 py-3" data-testid="objection" data-status={o.status}>
                  <p className="text-sm">
                    <b>{o.departmentName}</b> · {o.month} · {OBJECTION_STATUS_LABELS[o.status]}
                  </p>
                  <p className="text-sm text-slate-700">计分项：{o.itemLabel}</p>
                  <p className="text-sm text-slate-700">
                    申诉理由：{o.reason}（{o.raisedByName}，{formatDateTime(o.raisedAt)}）
                  </p>
                  <AnswerForm objectionId={o.id} version={o.version} itemPoints={o.itemPoints} />
                </li>
              ))}
            </ul>
          )}
        </Card>
      )}
      <ScoringDefinitions base={base} />
    </div>
  );
}
