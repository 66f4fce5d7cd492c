import { COUNT_LABELS, type FileProblem } from "./manifest";

/** The counts a person checks first (督办事项, 流转记录, 操作日志, 附件…), then how many other tables. */
export function countLines(counts: Record<string, number>): string[] {
  const named = Object.keys(COUNT_LABELS).filter((t) => t in counts);
  const others = Object.keys(counts).filter((t) => !(t in COUNT_LABELS));
  return [
    ...named.map((t) => `  ${COUNT_LABELS[t]}（${t}）：${counts[t]} 条`),
    `  其余 ${others.length} 张表：共 ${others.reduce((sum, t) => sum + counts[t]!, 0)} 行`,
  ];
}

const PROBLEM_TEXT: Record<FileProblem["problem"], string> = {
  missing: "文件存储中没有这个文件",
  deleted: "备份进行中该附件已被删除（备份中的记录没有文件，恢复后会报告）",
  mismatch: "文件内容与记录的 SHA-256 不符（文件已损坏或被替换）",
};

export function problemLines(problems: FileProblem[], limit = 50): string[] {
  const lines = problems.slice(0, limit).map((p) => `  附件 ${p.attachmentId}「${p.filename}」（存储键 ${p.key}）：${PROBLEM_TEXT[p.problem]}`);
  if (problems.length > limit) lines.push(`  ……共 ${problems.length} 个`);
  return lines;
}
