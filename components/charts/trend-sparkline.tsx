"use client";

import { Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis } from "recharts";

/**
 * 交办 and 办结 per month (server-computed, one point per month). The figures are in the text beside it. Its
 * keyboard layer is off: a focusable chart inside aria-hidden would be a tab stop with no name (axe: aria-hidden-focus).
 */
export function TrendSparkline({ rows }: { rows: Array<{ month: string; dispatched: number; completed: number }> }) {
  return (
    <div aria-hidden className="h-40 w-full" data-testid="trend-chart">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 12 }} accessibilityLayer={false}>
          <XAxis dataKey="month" tick={{ fontSize: 11 }} tickFormatter={(m: string) => `${Number(m.slice(5))}月`} interval="preserveStartEnd" />
          <Tooltip labelFormatter={(m) => `${String(m).slice(0, 4)}年${Number(String(m).slice(5))}月`} />
          <Legend verticalAlign="top" height={24} iconSize={10} wrapperStyle={{ fontSize: 12 }} />
          <Line type="monotone" dataKey="dispatched" name="交办" stroke="#2563eb" strokeWidth={2} dot={false} isAnimationActive={false} />
          <Line type="monotone" dataKey="completed" name="办结" stroke="#16a34a" strokeWidth={2} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
