import "server-only";
import type { Actor } from "@/lib/domain/policy";
import type { StatsPeriod } from "@/lib/domain/stats/period";
import { SCORING_TRIGGER_LABELS } from "@/lib/domain/rules";
import { describeQuantity } from "@/lib/domain/stats/scoring";
import { openSheet, xlsxResponse } from "@/lib/export/xlsx";
import { publishedMonths, scoreRanking, unitScoreLedger } from "./scores";

/** What the sheet's header says about freezing: which months are published snapshots. */
async function frozenText(period: StatsPeriod): Promise<string> {
  const published = await publishedMonths(period);
  return published.length ? `；已发布（冻结）月份：${published.map((p) => p.month).join("、")}` : "；均为实时计算";
}

/** 绩效排名 as .xlsx: the period (and frozen months) in the header, one row per ranked unit the viewer may see. */
export async function rankingExportResponse(viewer: Actor, period: StatsPeriod, today: string): Promise<Response> {
  const { rows, unitCount, base } = await scoreRanking(viewer, period, today);
  const writer = openSheet({
    title: "绩效考核排名",
    viewer,
    filters: `统计周期：${period.label}（${period.from} 至 ${period.to}）；基础分 ${base}${await frozenText(period)}`,
    total: `共 ${rows.length} 个单位${rows.length < unitCount ? `（参评单位 ${unitCount} 个）` : ""}`,
    columns: [
      { header: "名次", width: 8 },
      { header: "单位", width: 28 },
      { header: "基础分", width: 10 },
      { header: "加减分", width: 10 },
      { header: "计分项数", width: 10 },
      { header: "得分", width: 10 },
      { header: "更正", width: 10 },
    ],
  });
  return xlsxResponse(writer, `绩效考核排名-${period.label}`, async (w) => {
    for (const r of rows) w.add([r.rank, r.name, base, r.itemsTotal, r.itemCount, r.total, r.corrections || ""]);
  });
}

/** One unit's ledger as .xlsx: every item with rule, quantity, points and task. */
export async function ledgerExportResponse(viewer: Actor, departmentId: string, period: StatsPeriod, today: string): Promise<Response> {
  const ledger = await unitScoreLedger(viewer, departmentId, period, today);
  const total = ledger.items.reduce((s, i) => Math.round((s + i.points) * 100) / 100, 0);
  const writer = openSheet({
    title: `${ledger.unit.name} 绩效明细`,
    viewer,
    filters: `统计周期：${period.label}（${period.from} 至 ${period.to}）；单位：${ledger.unit.name}${await frozenText(period)}`,
    total: `共 ${ledger.items.length} 项，合计 ${total} 分，得分 ${Math.round((ledger.base + total) * 100) / 100}`,
    columns: [
      { header: "日期", width: 12 },
      { header: "规则", width: 26 },
      { header: "触发条件", width: 16 },
      { header: "计分", width: 18 },
      { header: "分值", width: 8 },
      { header: "督办编号", width: 20 },
      { header: "督办事项", width: 36 },
      { header: "状态", width: 10 },
    ],
  });
  return xlsxResponse(writer, `${ledger.unit.name}绩效明细-${period.label}`, async (w) => {
    for (const i of ledger.items)
      w.add([i.day, i.ruleName, SCORING_TRIGGER_LABELS[i.trigger], describeQuantity(i.trigger, i.quantity, i.unitPoints), i.points, i.taskNo ?? "", i.taskTitle ?? "", i.frozen ? "已发布" : "实时"]);
    for (const c of ledger.corrections) w.add([c.createdAt.toISOString().slice(0, 10), `更正（${c.month}）：${c.reason}`, "人工更正", "不计入已发布名次", c.points, "", "", "更正"]);
  });
}
