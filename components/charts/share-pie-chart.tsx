"use client";

import { Cell, Legend, Pie, PieChart, ResponsiveContainer, Tooltip } from "recharts";
import { seriesColor } from "./palette";

/** Share of each dimension value in the 交办 count (computed on the server). */
export function SharePieChart({ data, title }: { data: Array<{ name: string; value: number }>; title: string }) {
  return (
    <figure className="stats-chart rounded-lg border border-slate-200 bg-white p-3" data-testid="chart-pie">
      <figcaption className="mb-2 text-sm font-medium text-slate-700">{title}</figcaption>
      <ResponsiveContainer width="100%" height={260}>
        <PieChart>
          <Pie data={data} dataKey="value" nameKey="name" outerRadius="70%" isAnimationActive={false} label={{ fontSize: 11 }}>
            {data.map((d, i) => (
              <Cell key={d.name} fill={seriesColor(i)} />
            ))}
          </Pie>
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
        </PieChart>
      </ResponsiveContainer>
    </figure>
  );
}
