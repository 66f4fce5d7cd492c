"use client";

import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/**
 * 最落后的单位 as horizontal bars of 逾期未办结 (server-computed rows, most behind on top). The list beside it
 * carries the links and the exact figures; the chart is the picture, hidden from screen readers. Its keyboard
 * layer is off: a focusable chart inside aria-hidden would be a tab stop with no name (axe: aria-hidden-focus).
 */
export function BehindUnitsChart({ rows }: { rows: Array<{ name: string; overdueOpen: number }> }) {
  const height = 36 + rows.length * 30;
  return (
    <div aria-hidden className="w-full" style={{ height }} data-testid="behind-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 32, bottom: 4, left: 4 }} accessibilityLayer={false}>
          <CartesianGrid horizontal={false} stroke="#e2e8f0" />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="name" width={96} tick={{ fontSize: 12 }} tickFormatter={(n: string) => (n.length > 7 ? `${n.slice(0, 7)}…` : n)} />
          <Tooltip formatter={(v) => [`${String(v)} 件`, "逾期未办结"]} />
          <Bar dataKey="overdueOpen" name="逾期未办结" fill="#dc2626" isAnimationActive={false} barSize={18}>
            <LabelList dataKey="overdueOpen" position="right" fontSize={12} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
