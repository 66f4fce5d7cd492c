"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** One bar per unit (or dimension value): 按期办结 / 逾期办结 / 未办结, stacked. Data computed on the server. */
export interface CompletionBar {
  name: string;
  onTime: number;
  late: number;
  open: number;
}

export function CompletionByUnitChart({ data, title }: { data: CompletionBar[]; title: string }) {
  // Horizontal bars: unit names are long Chinese words, readable on a 390 px phone only on the y axis.
  const height = 60 + data.length * 30;
  return (
    <figure className="stats-chart rounded-lg border border-slate-200 bg-white p-3" data-testid="chart-completion">
      <figcaption className="mb-2 text-sm font-medium text-slate-700">{title}</figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 12, bottom: 4, left: 4 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} fontSize={12} />
          <YAxis type="category" dataKey="name" width={110} fontSize={12} interval={0} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="onTime" name="按期办结" stackId="a" fill="#16a34a" isAnimationActive={false} />
          <Bar dataKey="late" name="逾期办结" stackId="a" fill="#d97706" isAnimationActive={false} />
          <Bar dataKey="open" name="未办结" stackId="a" fill="#94a3b8" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
