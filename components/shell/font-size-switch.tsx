"use client";

import { useState } from "react";
import { clsx } from "clsx";
import { FONT_SIZES, FONT_SIZE_COOKIE, FONT_SIZE_LABELS, type FontSize } from "@/lib/domain/font-size";

/** Puts the size on <html> now and in the cookie the root layout reads on the next request. */
function applyFontSize(size: FontSize) {
  document.documentElement.dataset.fontSize = size;
  document.cookie = `${FONT_SIZE_COOKIE}=${size}; path=/; max-age=31536000; samesite=lax`;
}

/**
 * 字号 标准 / 大 / 特大 (适老化). The choice goes into a cookie for a year (the root layout reads it on every
 * page) and onto <html> at once, so there is no reload. It is a display preference of this browser, not of
 * the account: an older user's own phone keeps it, a shared office PC can be set back in one click.
 */
export function FontSizeSwitch({ initial, tone = "light" }: { initial: FontSize; tone?: "light" | "dark" }) {
  const [size, setSize] = useState<FontSize>(initial);
  function choose(next: FontSize) {
    setSize(next);
    applyFontSize(next);
  }
  return (
    <div role="group" aria-label="字号" className="flex items-center gap-2" data-testid="font-size-switch">
      <span className={clsx("text-sm whitespace-nowrap", tone === "dark" ? "text-white" : "text-slate-700")} aria-hidden>
        字号
      </span>
      <div className={clsx("inline-flex overflow-hidden rounded-md border", tone === "dark" ? "border-white/60" : "border-slate-300")}>
        {FONT_SIZES.map((option) => (
          <button
            key={option}
            type="button"
            aria-pressed={size === option}
            onClick={() => choose(option)}
            data-print="hide"
            className={clsx(
              "min-h-9 min-w-11 px-2.5 text-sm whitespace-nowrap",
              size === option
                ? tone === "dark"
                  ? "bg-white font-semibold text-brand-800"
                  : "bg-brand-700 font-semibold text-white"
                : tone === "dark"
                  ? "text-white hover:bg-white/15"
                  : "bg-white text-slate-700 hover:bg-slate-100",
            )}
          >
            {FONT_SIZE_LABELS[option]}
          </button>
        ))}
      </div>
    </div>
  );
}
