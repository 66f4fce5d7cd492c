/** Shared by the bench scripts (npm run bench <name>). (Kept out of scripts/ itself: bench.sh offers every scripts/bench-*.ts as a bench.) */

/** A positive whole-number tunable from the environment (BENCH_N …), or the fallback. */
export function intEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} 必须是正整数`);
  return n;
}

/** The p-th percentile (nearest rank) of ascending `sorted`. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
