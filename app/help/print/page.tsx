import type { Metadata } from "next";
import { getSystemName } from "@/lib/data/settings";
import { HELP_CHAPTERS } from "@/lib/help/manual";
import { ManualChapter } from "@/components/help/manual-content";

export const metadata: Metadata = { title: "打印版" };

/**
 * The whole manual on one page, for printing and for the PDF the e2e run makes from it
 * (e2e/help-screenshots.spec.ts → public/help/manual.pdf): a cover, a contents page, then one chapter per
 * A4 page run (print CSS `.help-print .help-chapter { break-before: page }`).
 */
export default async function HelpPrintPage() {
  const systemName = await getSystemName();
  return (
    <main className="help-print mx-auto max-w-4xl px-4 py-6">
      <section className="help-cover flex flex-col items-center justify-center py-24 text-center">
        <p className="text-2xl font-semibold text-slate-800">{systemName}</p>
        <h1 className="mt-6 text-4xl font-bold tracking-widest text-slate-900">操作手册</h1>
        <p className="mt-6 text-slate-600">督查室 · 承办单位 · 领导 · 系统管理员</p>
      </section>
      <section className="help-toc" aria-labelledby="help-toc-title">
        <h2 id="help-toc-title" className="mb-4 border-b-2 border-brand-700 pb-2 text-2xl font-bold">
          目　录
        </h2>
        <ol className="space-y-3">
          {HELP_CHAPTERS.map((chapter, i) => (
            <li key={chapter.slug}>
              <p className="font-semibold">
                {i + 1}、{chapter.title}
              </p>
              <p className="ml-6 text-sm text-slate-600">{chapter.sections.map((s, j) => `${i + 1}.${j + 1} ${s.title}`).join("　")}</p>
            </li>
          ))}
        </ol>
      </section>
      {HELP_CHAPTERS.map((chapter, i) => (
        <div key={chapter.slug} className="mt-12">
          <ManualChapter chapter={chapter} number={i + 1} eager headingLevel={2} />
        </div>
      ))}
    </main>
  );
}
