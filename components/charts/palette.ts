/**
 * Series colours of the statistics charts. A plain module (not "use client") so server pages can pick the
 * colour of each series they pass to a chart.
 */
const PALETTE = ["#1d4ed8", "#16a34a", "#dc2626", "#d97706", "#7c3aed", "#0891b2", "#db2777", "#65a30d", "#475569", "#ea580c"];

export const seriesColor = (i: number): string => PALETTE[i % PALETTE.length]!;
