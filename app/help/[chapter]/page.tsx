import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { clsx } from "clsx";
import { HELP_CHAPTERS, helpChapter } from "@/lib/help/manual";
import { ManualChapter } from "@/components/help/manual-content";

type Props = { params: Promise<{ chapter: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const chapter = helpChapter((await params).chapter);
  return { title: chapter?.title ?? "未找到" };
}

export default async function HelpChapterPage({ params }: Props) {
  const slug = (await params).chapter;
  const chapter = helpChapter(slug);
  if (!chapter) notFound();
  const index = HELP_CHAPTERS.indexOf(chapter);
  const prev = HELP_CHAPTERS[index - 1];
  const next = HELP_CHAPTERS[index + 1];
  return (
    <div className="mx-auto flex max-w-6xl gap-8 px-4 py-6">
      <nav aria-label="手册目录" className="no-print hidden w-56 shrink-0 lg:block">
        <p className="mb-2 text-sm font-semibold text-slate-600">目录</p>
        <ol className="sticky top-4 space-y-1">
          {HELP_CHAPTERS.map((c, i) => (
            <li key={c.slug}>
              <Link
                href={`/help/${c.slug}`}
                aria-current={c.slug === slug ? "page" : undefined}
                className={clsx("block rounded-md px-3 py-2", c.slug === slug ? "bg-brand-50 font-semibold text-brand-800" : "text-slate-700 hover:bg-slate-100")}
              >
                {i + 1}、{c.title}
              </Link>
            </li>
          ))}
        </ol>
      </nav>
      <main className="min-w-0 flex-1">
        <p className="no-print mb-4 text-sm lg:hidden">
          <Link href="/help" className="text-brand-700 underline underline-offset-4">
            ‹ 手册目录
          </Link>
        </p>
        <ManualChapter chapter={chapter} number={index + 1} />
        <nav aria-label="上一章和下一章" className="no-print mt-10 flex flex-wrap justify-between gap-3 border-t border-slate-200 pt-4">
          {prev ? (
            <Link href={`/help/${prev.slug}`} className="rounded-md border border-slate-300 px-4 py-2 text-slate-800 hover:bg-slate-50">
              ‹ 上一章：{prev.title}
            </Link>
          ) : (
            <span />
          )}
          {next && (
            <Link href={`/help/${next.slug}`} className="rounded-md border border-slate-300 px-4 py-2 text-slate-800 hover:bg-slate-50">
              下一章：{next.title} ›
            </Link>
          )}
        </nav>
      </main>
    </div>
  );
}
