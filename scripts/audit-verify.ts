/**
 * npm run audit:verify
 *
 * Checks the SM3 HMAC chains of 操作日志 (audit_logs) and 流转记录 (task_events) of the configured database
 * (DATABASE_URL, or the PGlite folder under DATA_DIR), with the key the app signs with (AUDIT_HMAC_KEY or
 * DATA_DIR/audit-hmac-key) and any AUDIT_HMAC_KEYS_OLD. Prints the rows checked and "完整", or the first
 * broken link of each chain; exits 1 on a break, 2 when it could not run. Run it beside a running app on
 * the PostgreSQL server at any time; on PGlite, only while the app is stopped (one process per folder).
 */
import { performance } from "node:perf_hooks";
import { openConfigured } from "@/db/client";
import { CHAIN_TABLES } from "@/lib/domain/audit-chain";
import { chainKeys, verifyChain } from "@/lib/services/audit-chain";

const LABELS = { audit_logs: "操作日志 audit_logs", task_events: "流转记录 task_events" } as const;

async function main(): Promise<number> {
  const handle = openConfigured();
  try {
    const keys = chainKeys();
    let broken = false;
    for (const table of CHAIN_TABLES) {
      const t0 = performance.now();
      const report = await verifyChain(handle.db, table, { keys });
      const seconds = ((performance.now() - t0) / 1000).toFixed(1);
      const legacy = report.unsigned > 0 ? `，另有 ${report.unsigned} 条启用校验前的记录未签名` : "";
      if (report.broken) {
        broken = true;
        console.log(`${LABELS[table]}：已校验 ${report.checked} 条，在 id ${report.broken.id} 处断链 — ${report.broken.problem}${legacy}（${seconds} 秒）`);
      } else {
        console.log(`${LABELS[table]}：已校验 ${report.checked} 条，完整${legacy}（${seconds} 秒）`);
      }
    }
    return broken ? 1 : 0;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error("完整性校验未能完成:", error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
