import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/viewer";
import { loadTaskDetail } from "../load-task";
import { getSystemName } from "@/lib/data/settings";
import { formatChineseDate } from "@/components/tasks/format";
import { PrintButton } from "@/components/tasks/print-button";

export const metadata: Metadata = { title: "督查通知单" };

/**
 * 督查通知单: the official, printable form of a signed task — A4, 红头 title, number such as
 * 渝中督〔2026〕12号, units, content, requirements, deadline and the leader's instruction. The app
 * shell is hidden in print (`no-print`), so the page prints as the notice alone.
 */
export default async function NoticePage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission("task.view");
  const { id } = await params;
  const task = await loadTaskDetail(viewer, id);
  if (!task) notFound();
  const systemName = await getSystemName();
  const issuer = systemName.replace(/督查督办系统$/, "") + "政府督查室";
  const lead = task.units.filter((u) => u.role === "lead").map((u) => u.name);
  const co = task.units.filter((u) => u.role === "co").map((u) => u.name);
  const rows: [string, React.ReactNode][] = [
    ["事项名称", task.title],
    ["事件来源", task.sourceName ?? ""],
    ["事项类别", task.categoryName ?? ""],
    ["办件类型", task.taskTypeName ?? ""],
    ["紧急程度", task.urgencyName],
    ["主办单位", lead.join("、")],
    ["协办单位", co.join("、") || "无"],
  ];
  return (
    <div className="mx-auto max-w-[210mm]">
      <style>{`@page { size: A4; margin: 18mm 16mm; }
@media print { main { padding: 0 !important; } .notice-sheet { box-shadow: none !important; border: 0 !important; padding: 0 !important; } }`}</style>
      <div className="no-print mb-3 flex flex-wrap items-center justify-between gap-2">
        <Link href={`/tasks/${task.id}`} className="text-sm text-brand-700 hover:underline">
          ← 返回督办事项
        </Link>
        <PrintButton />
      </div>
      {!task.taskNo && (
        <p className="no-print mb-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">该事项尚未审签，通知单为预览稿，督办编号在审签后生成。</p>
      )}
      <article className="notice-sheet bg-white px-6 py-8 font-serif text-[15px] leading-relaxed text-black shadow-sm ring-1 ring-slate-200 sm:px-12 sm:py-12" data-testid="notice-sheet">
        <header className="text-center">
          <h1 className="text-3xl font-bold tracking-[0.5em] pl-[0.5em] text-red-600 sm:text-4xl">督查通知单</h1>
          <div className="mt-4 flex flex-wrap items-end justify-between gap-2 border-b-2 border-red-600 pb-2 text-sm">
            <span>{issuer}</span>
            <span data-testid="notice-number" className="font-medium">
              {task.taskNo ?? "（审签后编号）"}
            </span>
          </div>
        </header>
        <table className="mt-5 w-full border-collapse text-left text-[15px]">
          <tbody>
            {rows.map(([k, v]) => (
              <tr key={k}>
                <th scope="row" className="w-24 border border-black px-2 py-2 text-center align-middle font-medium sm:w-28">
                  {k}
                </th>
                <td className="border border-black px-3 py-2">{v}</td>
              </tr>
            ))}
            <tr>
              <th scope="row" className="border border-black px-2 py-2 text-center font-medium">
                督办内容
              </th>
              <td className="whitespace-pre-wrap border border-black px-3 py-2" data-testid="notice-content">
                {task.content}
              </td>
            </tr>
            <tr>
              <th scope="row" className="border border-black px-2 py-2 text-center font-medium">
                办理要求
              </th>
              <td className="whitespace-pre-wrap border border-black px-3 py-2">
                {task.requirements || "请认真研究办理，按期反馈办理情况。"}
                {task.feedbackMode === "periodic" && `\n每 ${task.progressIntervalDays} 天报送一次阶段进展，办结后报送办结情况。`}
              </td>
            </tr>
            <tr>
              <th scope="row" className="border border-black px-2 py-2 text-center font-medium">
                办理时限
              </th>
              <td className="border border-black px-3 py-2 font-medium" data-testid="notice-deadline">
                {formatChineseDate(task.deadline)}前
              </td>
            </tr>
            <tr>
              <th scope="row" className="border border-black px-2 py-2 text-center font-medium">
                领导批示
              </th>
              <td className="whitespace-pre-wrap border border-black px-3 py-2">
                {task.instructionText ? (
                  <>
                    {task.instructionText}
                    <span className="mt-2 block text-right">
                      {task.instructionBy}　{task.instructionAt ? formatChineseDate(task.instructionAt) : ""}
                    </span>
                  </>
                ) : (
                  "无"
                )}
              </td>
            </tr>
          </tbody>
        </table>
        <footer className="mt-10 space-y-1 text-right">
          <p>{issuer}</p>
          <p>{formatChineseDate(task.signedAt ?? task.createdAt)}</p>
        </footer>
        <p className="mt-8 border-t border-black pt-2 text-xs">
          签发：{task.signedByName ?? "　　　"}　　登记：{task.creatorName}　　交办日期：{task.dispatchedAt ? formatChineseDate(task.dispatchedAt) : "　　年　月　日"}
        </p>
      </article>
    </div>
  );
}
