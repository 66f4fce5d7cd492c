"use client";

import { useCallback, useEffect, useState } from "react";
import Link from "next/link";

/** The counts /api/badges answers; a field absent from the answer is not shown. */
export type BadgeCounts = { todo?: number; unread?: number };

const BADGES = [
  // A clipboard with a tick, an envelope.
  {
    key: "todo",
    href: "/messages/todo",
    label: "待办",
    title: "待办事项",
    icon: "M7 2a1 1 0 0 0-1 1H5a2 2 0 0 0-2 2v11a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V5a2 2 0 0 0-2-2h-1a1 1 0 0 0-1-1H7Zm0 2h6v1H7V4Zm6.7 5.7-4 4a1 1 0 0 1-1.4 0l-2-2 1.4-1.4L9 11.6l3.3-3.3 1.4 1.4Z",
  },
  {
    key: "unread",
    href: "/messages/inbox",
    label: "消息",
    title: "未读消息",
    icon: "M2.5 5.5A2 2 0 0 1 4.5 4h11a2 2 0 0 1 2 1.5L10 10 2.5 5.5ZM2 7.7V14a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V7.7l-7.5 4.5a1 1 0 0 1-1 0L2 7.7Z",
  },
] as const;

export const BADGE_POLL_MS = 30_000;

/**
 * The header's 待办 count (and any further count the route adds), kept current without a reload: the
 * server renders the first value, then the browser asks /api/badges every 30 s and whenever the window
 * regains focus. A new server render (after a step, router.refresh) replaces the value too.
 */
export function HeaderBadges({ initial }: { initial: BadgeCounts }) {
  const [counts, setCounts] = useState<BadgeCounts>(initial);
  // A new server render (after a step) brings fresh counts: take them over (React's "adjust state on prop change").
  const rendered = JSON.stringify(initial);
  const [lastRendered, setLastRendered] = useState(rendered);
  if (rendered !== lastRendered) {
    setLastRendered(rendered);
    setCounts(initial);
  }

  const refresh = useCallback(async () => {
    try {
      const response = await fetch("/api/badges", { cache: "no-store", headers: { accept: "application/json" } });
      if (response.ok) setCounts((await response.json()) as BadgeCounts);
    } catch {
      // Offline or the server restarting: keep the last count and try again at the next tick.
    }
  }, []);

  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible") void refresh();
    }, BADGE_POLL_MS);
    const onFocus = () => void refresh();
    window.addEventListener("focus", onFocus);
    document.addEventListener("visibilitychange", onFocus);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener("focus", onFocus);
      document.removeEventListener("visibilitychange", onFocus);
    };
  }, [refresh]);

  return (
    <>
      {BADGES.map((b) => {
        const n = counts[b.key];
        if (n === undefined) return null;
        return (
          <Link
            key={b.key}
            href={b.href}
            className="relative inline-flex min-h-10 items-center gap-1 rounded-md px-2 py-1.5 whitespace-nowrap hover:bg-white/10"
            aria-label={`${b.title}：${n} 项`}
            title={b.title}
            data-testid={`header-badge-${b.key}`}
            data-count={n}
          >
            {/* On a phone the header is narrow: an icon instead of the word (the link keeps its label for screen readers). */}
            <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="size-5 sm:hidden">
              <path d={b.icon} />
            </svg>
            <span className="hidden sm:inline">{b.label}</span>
            <span
              className={
                n > 0
                  ? "inline-flex min-w-5 items-center justify-center rounded-full bg-red-500 px-1.5 text-xs leading-5 font-semibold text-white"
                  : "inline-flex min-w-5 items-center justify-center rounded-full bg-white/20 px-1.5 text-xs leading-5 text-white/80"
              }
            >
              {n > 99 ? "99+" : n}
            </span>
          </Link>
        );
      })}
    </>
  );
}
