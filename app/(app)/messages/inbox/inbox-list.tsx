"use client";

import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { clsx } from "clsx";
import { Button } from "@/components/ui/button";
import { FormStatus } from "@/components/admin/form-status";
import type { ActionResult } from "@/lib/action-result";
import { markAllReadAction, markReadAction } from "../actions";

export interface InboxItem {
  id: string;
  kindLabel: string;
  title: string;
  body: string;
  at: string;
  read: boolean;
  /** Where opening leads and what the button says (lib/data/inbox.ts); null: nothing to open. */
  open: { href: string; label: string } | null;
}

/** The messages, each opened (marked read, then its page) or marked read on its own. */
export function InboxList({ messages }: { messages: InboxItem[] }) {
  return (
    <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="inbox-list">
      {messages.map((m) => (
        <MessageRow key={m.id} message={m} />
      ))}
    </ul>
  );
}

function MessageRow({ message: m }: { message: InboxItem }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<ActionResult<unknown> | null>(null);
  const open = (go: boolean) =>
    startTransition(async () => {
      const result = await markReadAction({ id: m.id });
      if (!result.ok) return setError(result);
      setError(null);
      if (go && m.open) router.push(m.open.href);
      else router.refresh();
    });
  return (
    <li className={clsx("space-y-1.5 px-4 py-3", !m.read && "bg-brand-50/40")} data-testid="inbox-message" data-read={m.read ? "true" : "false"}>
      <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
        {!m.read && (
          <span className="inline-block size-2 shrink-0 rounded-full bg-red-600" aria-hidden>
            <span className="sr-only">未读</span>
          </span>
        )}
        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{m.kindLabel}</span>
        <h2 className={clsx("min-w-0 flex-1 text-sm break-words", m.read ? "text-slate-700" : "font-semibold text-slate-900")}>
          {!m.read && <span className="sr-only">（未读）</span>}
          {m.title}
        </h2>
        <span className="text-xs whitespace-nowrap text-slate-500">{m.at}</span>
      </div>
      <p className="text-sm break-words text-slate-600">{m.body}</p>
      <div className="flex flex-wrap gap-2">
        {m.open && (
          <Button variant="secondary" className="min-h-9 px-3 py-1" disabled={pending} onClick={() => open(true)} data-testid="inbox-open">
            {pending ? "正在打开…" : m.open.label}
          </Button>
        )}
        {!m.read && (
          <Button variant="ghost" className="min-h-9 px-3 py-1" disabled={pending} onClick={() => open(false)} data-testid="inbox-mark-read">
            标为已读
          </Button>
        )}
      </div>
      <FormStatus state={error} testId="inbox-status" />
    </li>
  );
}

/** 全部标为已读: one UPDATE of the viewer's own unread messages shown up to `upTo`. */
export function MarkAllReadButton({ upTo, disabled }: { upTo: string; disabled: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [state, setState] = useState<ActionResult<unknown> | null>(null);
  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        variant="secondary"
        disabled={disabled || pending}
        data-testid="inbox-mark-all"
        onClick={() =>
          startTransition(async () => {
            const result = await markAllReadAction({ upTo });
            setState(result);
            if (result.ok) router.refresh();
          })
        }
      >
        {pending ? "正在处理…" : "全部标为已读"}
      </Button>
      <FormStatus state={state} testId="inbox-mark-all-status" />
    </div>
  );
}
