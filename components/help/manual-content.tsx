import { Fragment, type ReactNode } from "react";
import { clsx } from "clsx";
import type { HelpBlock, HelpChapter } from "@/lib/help/manual";
import { HELP_SCREENS, helpScreenSrc } from "@/lib/help/screens";

/** 【…】 marks a menu, page or button name: shown bold, brackets kept as in the original manual. */
function RichText({ text }: { text: string }) {
  const parts = text.split(/(【[^】]+】)/);
  return (
    <>
      {parts.map((part, i) =>
        part.startsWith("【") ? (
          <strong key={i} className="font-semibold text-slate-900">
            {part}
          </strong>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

function Block({ block, figureNo, eager }: { block: HelpBlock; figureNo: number; eager: boolean }): ReactNode {
  switch (block.kind) {
    case "p":
      return (
        <p className="leading-8">
          <RichText text={block.text} />
        </p>
      );
    case "steps":
      return (
        <ol className="space-y-2 leading-8">
          {block.items.map((item, i) => (
            <li key={i} className="flex gap-1">
              <span className="shrink-0 font-medium text-brand-800">（{i + 1}）</span>
              <span>
                <RichText text={item} />
              </span>
            </li>
          ))}
        </ol>
      );
    case "list":
      return (
        <ul className="list-disc space-y-1.5 pl-6 leading-8 marker:text-brand-700">
          {block.items.map((item, i) => (
            <li key={i}>
              <RichText text={item} />
            </li>
          ))}
        </ul>
      );
    case "note":
      return (
        <div className="help-note rounded-md border-l-4 border-amber-500 bg-amber-50 px-4 py-3 leading-8 text-slate-900">
          <strong className="font-semibold text-amber-900">注意：</strong>
          <RichText text={block.text} />
        </div>
      );
    case "table":
      return (
        <div className="overflow-x-auto">
          <table className="help-table w-full border-collapse text-left leading-7">
            <thead>
              <tr>
                {block.head.map((h) => (
                  <th key={h} scope="col" className="border border-slate-300 bg-slate-100 px-3 py-2 font-semibold whitespace-nowrap text-slate-900">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((cell, j) => (
                    <td key={j} className={clsx("border border-slate-300 px-3 py-2 align-top", j === 0 && "font-medium whitespace-nowrap")}>
                      <RichText text={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case "screen": {
      const phone = HELP_SCREENS[block.name].viewport === "phone";
      return (
        <figure className={clsx("help-figure mx-auto", phone ? "max-w-[260px]" : "max-w-3xl")}>
          {/* Plain <img>: the screenshots are committed files of known content; next/image would need each size. */}
          {/* On a phone a desktop screenshot is small: tapping it opens the picture at full size. */}
          <a href={helpScreenSrc(block.name)} target="_blank" rel="noopener" title="查看大图">
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img
              src={helpScreenSrc(block.name)}
              alt={HELP_SCREENS[block.name].alt}
              loading={eager ? "eager" : "lazy"}
              className={clsx("w-full border border-slate-300 bg-white shadow-sm", phone ? "rounded-2xl" : "rounded")}
              data-screen={block.name}
            />
          </a>
          <figcaption className="mt-2 text-center text-sm text-slate-600">
            图 {figureNo}　{block.caption}
          </figcaption>
        </figure>
      );
    }
  }
}

/**
 * One chapter of the manual. `number` is its chapter number (一、二 … in the heading); `eager` loads the
 * pictures at once (the print view: a lazy image below the fold would be missing from the PDF).
 */
export function ManualChapter({ chapter, number, eager = false, headingLevel = 1 }: { chapter: HelpChapter; number: number; eager?: boolean; headingLevel?: 1 | 2 }) {
  // Figures are numbered through the chapter (图 1, 图 2 …) in order of appearance.
  let figures = 0;
  const figureNumbers = chapter.sections.map((section) => section.blocks.map((block) => (block.kind === "screen" ? ++figures : 0)));
  const Heading = headingLevel === 1 ? "h1" : "h2";
  const SectionHeading = headingLevel === 1 ? "h2" : "h3";
  return (
    <article className="help-chapter space-y-8" aria-labelledby={`chapter-${chapter.slug}`} data-chapter={chapter.slug}>
      <header className="border-b-2 border-brand-700 pb-3">
        <Heading id={`chapter-${chapter.slug}`} className="text-2xl font-bold text-slate-900">
          {number}、{chapter.title}
        </Heading>
        <p className="mt-1 text-slate-600">适用：{chapter.audience}</p>
      </header>
      {chapter.sections.map((section, i) => (
        <section key={section.id} id={section.id} className="space-y-4" aria-labelledby={`${chapter.slug}-${section.id}`}>
          <SectionHeading id={`${chapter.slug}-${section.id}`} className="text-lg font-semibold text-brand-800">
            {number}.{i + 1}　{section.title}
          </SectionHeading>
          {section.blocks.map((block, j) => (
            <Block key={j} block={block} figureNo={figureNumbers[i]![j]!} eager={eager} />
          ))}
        </section>
      ))}
    </article>
  );
}
