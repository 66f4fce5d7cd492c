"use client";

import { useState, useTransition } from "react";
import * as Dialog from "@radix-ui/react-dialog";
import { clsx } from "clsx";
import type { ActionResult } from "@/lib/action-result";
import type { CalendarDayRow } from "@/lib/data/base-data";
import { dayOfWeek, daysOfMonth, isWeekend } from "@/lib/domain/work-calendar";
import { Button, buttonClass } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field, Input } from "@/components/ui/field";
import { FormStatus } from "@/components/admin/form-status";
import { importHolidaysAction, resetCalendarDayAction, setCalendarDayAction } from "./actions";

const WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"];

interface DayInfo {
  day: string;
  isWorkday: boolean;
  name: string;
  source: "seed" | "admin" | "default";
}

export function ImportButton({ year, disabled }: { year: number; disabled: boolean }) {
  const [status, setStatus] = useState<ActionResult<unknown> | null>(null);
  return (
    <div className="flex flex-col items-end gap-2">
      <ConfirmDialog
        trigger={`重新导入 ${year} 年节假日`}
        triggerVariant="secondary"
        title={`重新导入 ${year} 年节假日？`}
        description="将按数据包更新法定节假日和调休上班日。手工调整过的日期保持不变。"
        confirmLabel="导入"
        confirmVariant="primary"
        disabled={disabled}
        onConfirm={async () => setStatus(await importHolidaysAction({ year }))}
        testId="import-holidays"
      />
      <FormStatus state={status} testId="import-status" />
    </div>
  );
}

export function CalendarYear({ year, today, days }: { year: number; today: string; days: CalendarDayRow[] }) {
  const stored = new Map(days.map((d) => [d.day, d]));
  const [selected, setSelected] = useState<DayInfo | null>(null);
  const [status, setStatus] = useState<ActionResult<unknown> | null>(null);
  const info = (day: string): DayInfo => {
    const row = stored.get(day);
    return row ? { day, isWorkday: row.isWorkday, name: row.name, source: row.source === "admin" ? "admin" : "seed" } : { day, isWorkday: !isWeekend(day), name: "", source: "default" };
  };
  return (
    <div className="space-y-3">
      <Legend />
      <div aria-live="polite">
        <FormStatus state={status} testId="calendar-status" />
      </div>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4" data-testid="calendar-year">
        {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => {
          const monthDays = daysOfMonth(year, month);
          const lead = (dayOfWeek(monthDays[0]!) + 6) % 7;
          return (
            <section key={month} className="rounded-lg border border-slate-200 bg-white p-3" aria-label={`${year}年${month}月`}>
              <h2 className="mb-2 text-sm font-semibold text-slate-800">{month} 月</h2>
              <div className="grid grid-cols-7 gap-1 text-center text-xs">
                {WEEKDAYS.map((w) => (
                  <div key={w} className="py-0.5 text-slate-500">
                    {w}
                  </div>
                ))}
                {Array.from({ length: lead }, (_, i) => (
                  <div key={`lead-${i}`} aria-hidden />
                ))}
                {monthDays.map((day) => {
                  const d = info(day);
                  const exception = d.source !== "default";
                  const label = `${day} ${d.isWorkday ? "工作日" : "休息日"}${d.name ? `（${d.name}）` : ""}${d.source === "admin" ? "，已手工调整" : ""}`;
                  return (
                    <button
                      key={day}
                      type="button"
                      onClick={() => setSelected(d)}
                      aria-label={label}
                      title={label}
                      data-testid={`day-${day}`}
                      data-workday={d.isWorkday ? "true" : "false"}
                      data-source={d.source}
                      className={clsx(
                        "relative flex aspect-square min-h-8 items-center justify-center rounded text-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600",
                        d.isWorkday
                          ? exception
                            ? "bg-amber-100 font-medium text-amber-900 hover:bg-amber-200"
                            : "text-slate-800 hover:bg-slate-100"
                          : exception
                            ? "bg-red-100 font-medium text-red-800 hover:bg-red-200"
                            : "bg-slate-50 text-slate-500 hover:bg-slate-100",
                        day === today && "ring-2 ring-brand-600",
                      )}
                    >
                      {Number(day.slice(8))}
                      {d.source === "admin" && <span aria-hidden className="absolute top-0.5 right-0.5 size-1.5 rounded-full bg-brand-700" />}
                    </button>
                  );
                })}
              </div>
            </section>
          );
        })}
      </div>
      <DayDialog day={selected} onClose={() => setSelected(null)} onResult={setStatus} />
    </div>
  );
}

function Legend() {
  const item = (cls: string, text: string) => (
    <span className="inline-flex items-center gap-1.5">
      <span aria-hidden className={clsx("inline-block size-4 rounded", cls)} />
      {text}
    </span>
  );
  return (
    <div className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
      {item("border border-slate-200 bg-white", "工作日")}
      {item("bg-slate-50 border border-slate-200", "周末")}
      {item("bg-red-100", "节假日")}
      {item("bg-amber-100", "调休上班")}
      <span className="inline-flex items-center gap-1.5">
        <span aria-hidden className="inline-block size-1.5 rounded-full bg-brand-700" />
        手工调整
      </span>
    </div>
  );
}

function DayDialog({ day, onClose, onResult }: { day: DayInfo | null; onClose: () => void; onResult: (r: ActionResult<unknown>) => void }) {
  const [pending, startTransition] = useTransition();
  const [name, setName] = useState("");
  const [error, setError] = useState<ActionResult<unknown> | null>(null);
  const act = (fn: () => Promise<ActionResult<unknown>>) =>
    startTransition(async () => {
      const result = await fn();
      if (result.ok) {
        onResult(result);
        onClose();
      } else setError(result);
    });
  return (
    <Dialog.Root
      open={day !== null}
      onOpenChange={(open) => {
        if (!open && !pending) {
          setName("");
          setError(null);
          onClose();
        }
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed top-1/2 left-1/2 z-50 w-[calc(100vw-2rem)] max-w-sm -translate-x-1/2 -translate-y-1/2 rounded-lg bg-white p-5 shadow-xl focus:outline-none" data-testid="day-dialog">
          {day && (
            <div className="space-y-4">
              <Dialog.Title className="text-base font-semibold text-slate-900">{day.day}（星期{WEEKDAYS[(dayOfWeek(day.day) + 6) % 7]}）</Dialog.Title>
              <Dialog.Description className="text-sm text-slate-600">
                当前：<strong>{day.isWorkday ? "工作日" : "休息日"}</strong>
                {day.name && `（${day.name}）`}
                {day.source === "admin" ? "，已手工调整" : day.source === "seed" ? "，来自节假日数据包" : ""}
              </Dialog.Description>
              <Field label="说明（可选）" htmlFor="day-name">
                <Input id="day-name" value={name} maxLength={20} onChange={(e) => setName(e.target.value)} placeholder={day.isWorkday ? "如：临时放假" : "如：调休上班"} />
              </Field>
              <FormStatus state={error} testId="day-error" />
              <div className="flex flex-wrap justify-end gap-2">
                <Dialog.Close className={buttonClass("secondary")} disabled={pending}>
                  取消
                </Dialog.Close>
                {day.source === "admin" && (
                  <Button variant="secondary" disabled={pending} onClick={() => act(() => resetCalendarDayAction({ day: day.day }))} data-testid="day-reset">
                    恢复默认
                  </Button>
                )}
                <Button
                  disabled={pending}
                  onClick={() => act(() => setCalendarDayAction({ day: day.day, isWorkday: !day.isWorkday, expectedIsWorkday: day.isWorkday, name }))}
                  data-testid="day-toggle"
                >
                  {pending ? "正在保存…" : day.isWorkday ? "设为休息日" : "设为工作日"}
                </Button>
              </div>
            </div>
          )}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
