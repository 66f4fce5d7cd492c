import { downloadViewer } from "@/lib/auth/download-viewer";
import { now } from "@/lib/clock";
import { todayInShanghai } from "@/lib/domain/dates";
import { isUuid } from "@/lib/domain/ids";
import { isDomainError } from "@/lib/domain/errors";
import { parseScorePeriod } from "@/lib/data/stats/scores";
import { ledgerExportResponse, rankingExportResponse } from "@/lib/data/stats/score-export";

/**
 * 导出 Excel of the ranking, or with `unit=` of one unit's ledger: identity and stats.view here, the unit scope in
 * the reads (a unit's sheet holds only its own row / ledger; another unit's ledger → 404).
 */
export async function GET(request: Request) {
  const viewer = await downloadViewer("stats.view");
  if (viewer instanceof Response) return viewer;
  const sp = Object.fromEntries(new URL(request.url).searchParams);
  const at = now();
  const period = parseScorePeriod(sp, at);
  const unit = sp.unit ?? "";
  if (!unit) return rankingExportResponse(viewer, period, todayInShanghai(at));
  if (!isUuid(unit)) return new Response("单位不存在或您无权查看", { status: 404 });
  try {
    return await ledgerExportResponse(viewer, unit, period, todayInShanghai(at));
  } catch (error) {
    if (isDomainError(error) && error.code === "NOT_FOUND") return new Response(error.message, { status: 404 });
    throw error;
  }
}
