import Link from "next/link";
import { HELP_CHAPTERS } from "@/lib/help/manual";

export default function HelpIndexPage() {
  return (
    <main className="mx-auto max-w-6xl px-4 py-6 sm:py-10">
      <h1 className="text-2xl font-bold text-slate-900 sm:text-3xl">操作手册</h1>
      <p className="mt-2 max-w-3xl leading-8 text-slate-700">
        本手册按角色编写。请先阅读“系统运行和操作流程”了解全貌，再阅读本人角色的章节；遇到问题先查看“常见问题解答”。手册中的截图由系统自动生成，与当前版本一致。
      </p>
      <ol className="mt-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="help-chapters">
        {HELP_CHAPTERS.map((chapter, i) => (
          <li key={chapter.slug}>
            <Link
              href={`/help/${chapter.slug}`}
              className="flex h-full flex-col rounded-lg border border-slate-300 bg-white p-4 shadow-sm transition hover:border-brand-600 hover:shadow-md"
            >
              <span className="text-lg font-semibold text-brand-800">
                {i + 1}、{chapter.title}
              </span>
              <span className="mt-1 text-sm text-slate-600">适用：{chapter.audience}</span>
              <span className="mt-2 leading-7 text-slate-800">{chapter.summary}</span>
            </Link>
          </li>
        ))}
      </ol>
    </main>
  );
}
