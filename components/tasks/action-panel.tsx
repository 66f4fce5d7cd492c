"use client";

import { useId, useState, type ReactNode } from "react";
import { useFormAction } from "./use-form-action";
import Link from "next/link";
import * as Dialog from "@radix-ui/react-dialog";
import { AlertDialog } from "radix-ui";
import type { ActionResult } from "@/lib/action-result";
import type { AvailableAction } from "@/lib/domain/workflow/available-actions";
import type { AvailableSideAction } from "@/lib/domain/workflow/side-step-rules";
import { Button, buttonClass, type ButtonVariant } from "@/components/ui/button";
import { Field, Select, Textarea, inputClass } from "@/components/ui/field";
import { formatSize } from "./format";
import { addDays } from "@/lib/domain/work-calendar";
import { RATINGS, RATING_LABELS } from "@/lib/domain/stats/scoring";

export type ServerAction = (prev: ActionResult<unknown> | null, formData: FormData) => Promise<ActionResult<unknown>>;

/**
 * The server action behind each step, keyed like the dialogs below ("task:sign", "assignment:handle" …).
 * The app layer binds them (app/(app)/tasks/[id]/task-action-panel.tsx): components never import app/.
 */
export type StepActions = Readonly<Record<string, ServerAction>>;

export interface Person {
  id: string;
  displayName: string;
  departmentName?: string;
}

/** What the dialogs need besides the action itself; all computed on the server. */
export interface ActionContext {
  taskId: string;
  taskVersion: number;
  assignmentId?: string;
  assignmentVersion?: number;
  unitName?: string;
  /** 督查室领导 to submit/forward to (the viewer left out). */
  reviewers?: Person[];
  /** Leaders of the viewer's unit, for 承办任务 and forwarding. */
  unitLeaders?: Person[];
  /** Clerks of the viewer's unit, for 分办. */
  unitClerks?: Person[];
  /** periodic: the unit chooses 阶段反馈 or 办结反馈. */
  periodic?: boolean;
  /** The last text the unit wrote (prefills a revision after a return). */
  lastBody?: string;
  /** Files of the returned version: carried into the revision unless the clerk unticks them. */
  previousFiles?: { id: string; filename: string; size: number }[];
  /** 改派: the enabled people the step may move to (the awaited person and the viewer left out). */
  rerouteTargets?: Person[];
  /** 改派 / 收回: who the step waits on now. */
  awaitedName?: string;
  /** Renders the file uploader (hidden inputs `attachmentIds`) inside report dialogs. */
  uploader?: ReactNode;
  /** 催办: how often the unit was urged, and the throttle (times already formatted by the server). */
  urge?: { count: number; lastAt: string | null; intervalHours: number; nextAllowedAt: string | null };
  /** The assignment's current deadline and today's date (延期 dialogs: the earliest date to offer). */
  deadline?: string;
  today?: string;
  /** The open 延期申请 a leader or the office decides on. */
  extension?: { requestedDeadline: string; reason: string; requesterName: string; unitOpinion: string | null };
}

/** A step of the workflow tables or a side step (催办, 延期申请): both open the dialogs below. */
export type PanelAction = AvailableAction | AvailableSideAction;

type FieldKind =
  | "opinion"
  | "opinionRequired"
  | "closeReason"
  | "reason"
  | "rerouteTarget"
  | "rerouteReason"
  | "withdrawReason"
  | "reviewer"
  | "unitLeader"
  | "extensionLeader"
  | "forwardLeader"
  | "clerk"
  | "instruction"
  | "body"
  | "kind"
  | "files"
  | "urgeMessage"
  | "extensionSummary"
  | "requestedDeadline"
  | "extensionReason"
  | "approvedDeadline"
  | "rating";

/** The people each choosing field offers: with nobody to choose, the step cannot be submitted. */
const PEOPLE_OF: Partial<Record<FieldKind, (ctx: ActionContext) => Person[] | undefined>> = {
  rerouteTarget: (ctx) => ctx.rerouteTargets,
  reviewer: (ctx) => ctx.reviewers,
  unitLeader: (ctx) => ctx.unitLeaders,
  extensionLeader: (ctx) => ctx.unitLeaders,
  forwardLeader: (ctx) => ctx.unitLeaders,
  clerk: (ctx) => ctx.unitClerks,
};

/** The form names each field renders (with its error): a refusal about any other name is shown below the form. */
const FIELD_NAMES: Record<FieldKind, readonly string[]> = {
  opinion: ["opinion"],
  opinionRequired: ["opinion"],
  closeReason: ["opinion"],
  reason: ["reason"],
  rerouteTarget: ["toUserId"],
  rerouteReason: ["reason"],
  withdrawReason: ["reason"],
  reviewer: ["reviewerId"],
  unitLeader: ["signerId"],
  extensionLeader: ["signerId"],
  forwardLeader: ["forwardToId"],
  clerk: ["handlerId"],
  instruction: ["instruction"],
  body: ["body"],
  kind: ["kind"],
  files: ["attachmentIds", "keepAttachmentIds"],
  urgeMessage: ["message"],
  extensionSummary: [],
  requestedDeadline: ["requestedDeadline"],
  extensionReason: ["reason"],
  approvedDeadline: ["approvedDeadline"],
  rating: ["rating"],
};

function nobodyToChoose(fields: readonly FieldKind[], ctx: ActionContext): boolean {
  return fields.some((f) => PEOPLE_OF[f] && (PEOPLE_OF[f](ctx) ?? []).length === 0);
}

interface Spec {
  fields: FieldKind[];
  /** Fixed values the verb needs (e.g. the review decision). */
  hidden?: Record<string, string>;
  /** Text of the confirmation (irreversible steps). */
  confirm?: string;
  variant?: ButtonVariant;
  title?: string;
  submitLabel?: string;
}

const SPECS: Record<string, Spec> = {
  "task:delete": { fields: [], confirm: "删除后该草稿及其附件将无法恢复，确定删除吗？", variant: "danger" },
  "task:submit": { fields: ["reviewer", "opinion"], title: "提交审签" },
  "task:forward": { fields: ["reviewer", "opinion"], title: "审核并转交其他领导", variant: "secondary" },
  "task:sign": { fields: ["opinion"], confirm: "审签后将生成督办编号，事项进入待交办。确定审签吗？" },
  "task:return": { fields: ["opinionRequired"], title: "退回经办人", variant: "danger" },
  // What dispatch does (lib/services/tasks/dispatch-task.ts → enqueueNotifications, delivered by the job runner).
  "task:dispatch": {
    fields: [],
    confirm:
      "交办后各承办单位即可在“任务承办”中接收办理：单位的经办人和领导收到站内消息，单位的短信接收人同时收到短信（未登记有效手机号的记为无法送达）。交办后不能撤回。确定交办吗？",
  },
  "task:cancel": { fields: ["reason"], confirm: "撤销后各承办单位的任务将一并终止，不能恢复。", variant: "danger", title: "撤销督办事项" },
  "task:archive": { fields: ["opinion"], confirm: "归档后该事项只读，不能再办理。确定归档吗？" },
  "task:reroute": { fields: ["rerouteTarget", "rerouteReason"], title: "改派审签领导", variant: "secondary" },
  "task:withdraw": { fields: ["withdrawReason"], title: "收回（领导尚未处理）", variant: "secondary" },
  "assignment:reroute": { fields: ["rerouteTarget", "rerouteReason"], title: "改派", variant: "secondary" },
  "assignment:unit_reroute": { fields: ["rerouteTarget", "rerouteReason"], title: "改派", variant: "secondary" },
  "assignment:withdraw": { fields: ["withdrawReason"], title: "收回（单位领导尚未处理）", variant: "secondary" },
  "assignment:receive": { fields: [] },
  "assignment:delegate": { fields: ["clerk", "instruction"], title: "分办给本单位经办人", variant: "secondary" },
  "assignment:feedback": { fields: ["kind", "body", "files"], title: "反馈任务（直接报送督查室）", submitLabel: "提交反馈" },
  "assignment:handle": { fields: ["kind", "body", "files", "unitLeader"], title: "承办任务（送单位领导审签）", submitLabel: "送审签", variant: "secondary" },
  "assignment:unit_sign": { fields: ["opinion"], confirm: "审签后经办人即可上报督查室。确定审签吗？" },
  "assignment:unit_forward": { fields: ["forwardLeader", "opinion"], title: "转其他领导审签", variant: "secondary" },
  "assignment:unit_return": { fields: ["opinionRequired"], title: "退回经办人修改", variant: "danger" },
  "assignment:report_up": { fields: [], confirm: "将单位领导审签后的承办内容上报督查室。确定上报吗？" },
  "assignment:accept_progress": { fields: ["opinion"], hidden: { decision: "accept_progress" }, title: "采纳为阶段反馈", variant: "secondary" },
  "assignment:accept_final": { fields: ["rating", "opinion"], hidden: { decision: "accept_final" }, confirm: "办结通过后该单位的承办任务即告完成。确定办结吗？" },
  // 办结通过 on a 阶段反馈 (the server marks it needsOpinion): the reason is required and recorded.
  "assignment:accept_final:on_progress": {
    fields: ["rating", "closeReason"],
    hidden: { decision: "accept_final" },
    title: "以阶段反馈办结",
    confirm: "该单位报送的是阶段反馈，不是办结反馈。以阶段反馈办结须说明理由，理由将记入反馈和流转记录。",
  },
  "assignment:return_rework": { fields: ["opinionRequired"], hidden: { decision: "return" }, title: "退回重办", variant: "danger" },
  "side:urge": { fields: ["urgeMessage"], title: "催办", variant: "secondary", confirm: "催办将通过站内消息通知该单位人员，并短信通知其短信接收人，发出后不能撤回。", submitLabel: "发送催办" },
  "side:acknowledge_urge": { fields: [] },
  "side:request_extension": { fields: ["requestedDeadline", "extensionReason", "extensionLeader"], title: "申请延期（送单位领导审核）", variant: "secondary", submitLabel: "提交申请" },
  "side:forward_extension": { fields: ["extensionSummary", "opinion"], title: "同意延期并报督查室" },
  "side:return_extension": { fields: ["extensionSummary", "opinionRequired"], title: "退回延期申请", variant: "danger" },
  "side:approve_extension": {
    fields: ["extensionSummary", "approvedDeadline", "opinion"],
    title: "批准延期",
    confirm: "批准后该单位的办理期限即改为所填日期，并通知该单位，不能撤销。",
  },
  "side:reject_extension": { fields: ["extensionSummary", "opinionRequired"], title: "不批准延期", variant: "danger", confirm: "不批准后该申请即告结束，办理期限不变。" },
  "side:withdraw_extension": { fields: [], confirm: "撤回后该延期申请作废，如仍需延期可重新申请。确定撤回吗？", variant: "secondary" },
};

/** Exactly the buttons availableActions() gave this viewer; each opens its dialog or confirmation. */
export function ActionPanel({ available, ctx, stepActions, testId }: { available: PanelAction[]; ctx: ActionContext; stepActions: StepActions; testId?: string }) {
  if (available.length === 0) return null;
  return (
    <div className="flex flex-wrap gap-2" data-testid={testId ?? "action-panel"}>
      {available.map((a) =>
        a.target === "task" && a.action === "edit" ? (
          <Link key="edit" href={`/tasks/${ctx.taskId}/edit`} className={buttonClass("secondary")} data-testid="action-edit">
            {a.label}
          </Link>
        ) : (
          <ActionButton key={`${a.target}:${a.action}`} action={a} ctx={ctx} stepAction={stepActions[specKey(a)]} />
        ),
      )}
    </div>
  );
}

/** The dialog of a step; 办结通过 that closes on a 阶段反馈 asks for its reason. */
function specKey(action: PanelAction): string {
  if (action.target === "assignment" && action.action === "accept_final" && action.needsOpinion) return "assignment:accept_final:on_progress";
  return `${action.target}:${action.action}`;
}

function specOf(action: PanelAction): Spec | undefined {
  return SPECS[specKey(action)];
}

function HiddenIds({ action, ctx }: { action: PanelAction; ctx: ActionContext }) {
  const fixed = Object.entries(specOf(action)?.hidden ?? {}).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />);
  // A side step names its own record (the assignment, the urge or the 延期申请 with its version).
  if (action.target === "side") return <>{Object.entries(action.ids).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)}</>;
  return action.target === "task" ? (
    <>
      <input type="hidden" name="id" value={ctx.taskId} />
      <input type="hidden" name="version" value={ctx.taskVersion} />
      {fixed}
    </>
  ) : (
    <>
      <input type="hidden" name="assignmentId" value={ctx.assignmentId} />
      <input type="hidden" name="version" value={ctx.assignmentVersion} />
      {fixed}
    </>
  );
}

function ActionButton({ action, ctx, stepAction }: { action: PanelAction; ctx: ActionContext; stepAction?: ServerAction }) {
  const spec = specOf(action);
  const { state, onSubmit, pending } = useFormAction<unknown>(stepAction ?? missingAction);
  const [open, setOpen] = useState(false);
  const testId = `action-${action.action}`;
  // A successful step changes the page (revalidated), so the dialog simply closes (state adjusted
  // during render when a new result arrives, React's pattern for derived state).
  const [seen, setSeen] = useState(state);
  if (state !== seen) {
    setSeen(state);
    if (state?.ok) setOpen(false);
  }
  if (!spec) return null;
  const error = state && !state.ok ? state : null;
  // A message already shown under one of this dialog's fields is not repeated below the form; any
  // other (a stale version, say) is, or the user would see nothing happen.
  const shownFields = new Set(spec.fields.flatMap((f) => FIELD_NAMES[f]));
  const shownMessages = Object.entries(error?.fieldErrors ?? {}).flatMap(([name, message]) => (shownFields.has(name) ? [message] : []));
  const generalError = error && !shownMessages.includes(error.message) ? error.message : null;

  // One-click steps (接收): a plain form, no dialog.
  if (spec.fields.length === 0 && !spec.confirm) {
    return (
      <form onSubmit={onSubmit} className="contents">
        <HiddenIds action={action} ctx={ctx} />
        <Button type="submit" disabled={pending} data-testid={testId}>
          {pending ? "处理中…" : action.label}
        </Button>
        {error && <ErrorText message={error.message} />}
      </form>
    );
  }

  // Irreversible steps without input: an alert dialog that asks for confirmation.
  if (spec.fields.length === 0) {
    return (
      <AlertDialog.Root open={open} onOpenChange={setOpen}>
        <AlertDialog.Trigger asChild>
          <Button variant={spec.variant ?? "primary"} data-testid={testId}>
            {action.label}
          </Button>
        </AlertDialog.Trigger>
        <AlertDialog.Portal>
          <AlertDialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
          <AlertDialog.Content className={dialogClass} data-testid="confirm-dialog">
            <AlertDialog.Title className="text-lg font-semibold">确认{action.label}</AlertDialog.Title>
            <AlertDialog.Description className="mt-2 text-sm text-slate-700">{spec.confirm}</AlertDialog.Description>
            <form onSubmit={onSubmit} className="mt-4">
              <HiddenIds action={action} ctx={ctx} />
              {error && <ErrorText message={error.message} />}
              <div className="mt-4 flex justify-end gap-2">
                <AlertDialog.Cancel asChild>
                  <Button variant="secondary">取消</Button>
                </AlertDialog.Cancel>
                <Button type="submit" variant={spec.variant === "danger" ? "danger" : "primary"} disabled={pending} data-testid="confirm-submit">
                  {pending ? "处理中…" : `确定${action.label}`}
                </Button>
              </div>
            </form>
          </AlertDialog.Content>
        </AlertDialog.Portal>
      </AlertDialog.Root>
    );
  }

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger asChild>
        <Button variant={spec.variant ?? "primary"} data-testid={testId}>
          {action.label}
        </Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className={dialogClass} data-testid="action-dialog" aria-describedby={undefined}>
          <Dialog.Title className="text-lg font-semibold">{spec.title ?? action.label}</Dialog.Title>
          {spec.confirm && <p className="mt-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800">{spec.confirm}</p>}
          <form onSubmit={onSubmit} className="mt-4 space-y-4" noValidate>
            <HiddenIds action={action} ctx={ctx} />
            {spec.fields.map((f) => (
              <DialogField key={f} kind={f} ctx={ctx} errors={error?.fieldErrors ?? {}} />
            ))}
            {generalError && <ErrorText message={generalError} />}
            <div className="flex justify-end gap-2 pt-2">
              <Dialog.Close asChild>
                <Button variant="secondary">取消</Button>
              </Dialog.Close>
              <Button type="submit" variant={spec.variant === "danger" ? "danger" : "primary"} disabled={pending || nobodyToChoose(spec.fields, ctx)} data-testid="dialog-submit">
                {pending ? "处理中…" : (spec.submitLabel ?? `确定${action.label}`)}
              </Button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

async function missingAction(): Promise<ActionResult<unknown>> {
  return { ok: false, code: "INTERNAL", message: "该操作暂不可用" };
}

const dialogClass =
  "fixed left-1/2 top-1/2 z-50 max-h-[90dvh] w-[calc(100vw-1.5rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-5 shadow-xl focus:outline-none";

function ErrorText({ message }: { message: string }) {
  return (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="action-error">
      {message}
    </p>
  );
}

function PersonSelect({ id, name, label, people, error, empty }: { id: string; name: string; label: string; people: Person[]; error?: string; empty: string }) {
  return (
    <Field label={label} htmlFor={id} error={error} required>
      {people.length === 0 ? (
        <p className="text-sm text-red-700">{empty}</p>
      ) : (
        <Select id={id} name={name} defaultValue={people.length === 1 ? people[0]!.id : ""} invalid={!!error} required data-testid={`field-${name}`}>
          {people.length > 1 && <option value="">请选择</option>}
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.displayName}
              {p.departmentName ? `（${p.departmentName}）` : ""}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}

function DialogField({ kind, ctx, errors }: { kind: FieldKind; ctx: ActionContext; errors: Record<string, string> }) {
  const uid = useId();
  const id = `${uid}-${kind}`;
  switch (kind) {
    case "opinion":
    case "opinionRequired":
      return (
        <Field label={kind === "opinion" ? "意见（选填）" : "意见"} htmlFor={id} error={errors.opinion} required={kind === "opinionRequired"}>
          <Textarea id={id} name="opinion" rows={3} maxLength={2000} invalid={!!errors.opinion} data-testid="field-opinion" />
        </Field>
      );
    case "rating":
      // 绩效规则 rating_*: the office's optional judgement of the feedback's quality, scored on the day it is given.
      return (
        <Field label="反馈质量评价（可选）" htmlFor={id} error={errors.rating} hint="按绩效规则计分">
          <select id={id} name="rating" defaultValue="" className={inputClass} data-testid="field-rating">
            <option value="">不评价</option>
            {RATINGS.map((r) => (
              <option key={r} value={r}>
                {RATING_LABELS[r]}
              </option>
            ))}
          </select>
        </Field>
      );
    case "closeReason":
      return (
        <Field label="办结理由" htmlFor={id} error={errors.opinion} required hint="说明为何不需等待办结反馈即可办结">
          <Textarea id={id} name="opinion" rows={3} maxLength={2000} invalid={!!errors.opinion} data-testid="field-opinion" />
        </Field>
      );
    case "reason":
      return (
        <Field label="撤销原因" htmlFor={id} error={errors.reason} required>
          <Textarea id={id} name="reason" rows={3} maxLength={1000} invalid={!!errors.reason} data-testid="field-reason" />
        </Field>
      );
    case "rerouteTarget":
      return (
        <>
          {ctx.awaitedName && (
            <p className="text-sm text-slate-700" data-testid="reroute-from">
              当前等待 <span className="font-medium">{ctx.awaitedName}</span> 办理
            </p>
          )}
          <PersonSelect id={id} name="toUserId" label="改派给" people={ctx.rerouteTargets ?? []} error={errors.toUserId} empty="没有可改派的在岗人员，请联系管理员" />
        </>
      );
    case "rerouteReason":
    case "withdrawReason":
      return (
        <Field label={kind === "rerouteReason" ? "改派原因" : "收回原因"} htmlFor={id} error={errors.reason} required>
          <Textarea id={id} name="reason" rows={3} maxLength={1000} invalid={!!errors.reason} data-testid="field-reason" />
        </Field>
      );
    case "instruction":
      return (
        <Field label="分办意见" htmlFor={id} error={errors.instruction} required>
          <Textarea id={id} name="instruction" rows={3} maxLength={2000} invalid={!!errors.instruction} data-testid="field-instruction" />
        </Field>
      );
    case "reviewer":
      return <PersonSelect id={id} name="reviewerId" label="审签领导" people={ctx.reviewers ?? []} error={errors.reviewerId} empty="没有可选择的督查室领导" />;
    case "unitLeader":
      return <PersonSelect id={id} name="signerId" label="审签领导" people={ctx.unitLeaders ?? []} error={errors.signerId} empty="本单位没有可审签的领导，请联系管理员" />;
    case "extensionLeader":
      return <PersonSelect id={id} name="signerId" label="审核领导" people={ctx.unitLeaders ?? []} error={errors.signerId} empty="本单位没有可审核的领导，请联系管理员" />;
    case "forwardLeader":
      return <PersonSelect id={id} name="forwardToId" label="转交领导" people={ctx.unitLeaders ?? []} error={errors.forwardToId} empty="本单位没有其他可审签的领导" />;
    case "clerk":
      return <PersonSelect id={id} name="handlerId" label="承办经办人" people={ctx.unitClerks ?? []} error={errors.handlerId} empty="本单位没有经办人账号" />;
    case "kind":
      return ctx.periodic ? (
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">反馈类型</legend>
          <div className="mt-1 flex gap-4 text-sm">
            <label className="flex items-center gap-1.5">
              <input type="radio" name="kind" value="progress" defaultChecked /> 阶段反馈
            </label>
            <label className="flex items-center gap-1.5">
              <input type="radio" name="kind" value="final" /> 办结反馈
            </label>
          </div>
          {errors.kind && <p className="text-sm text-red-600">{errors.kind}</p>}
        </fieldset>
      ) : (
        <input type="hidden" name="kind" value="final" />
      );
    case "body":
      return (
        <Field label="承办内容" htmlFor={id} error={errors.body} required hint="写明办理情况、措施和结果">
          <textarea id={id} name="body" rows={7} defaultValue={ctx.lastBody ?? ""} className={inputClass} aria-invalid={!!errors.body || undefined} data-testid="field-body" />
        </Field>
      );
    case "files":
      return ctx.uploader ? (
        <div>
          <p className="mb-1 text-sm font-medium text-slate-700">附件</p>
          {ctx.previousFiles && ctx.previousFiles.length > 0 && (
            <fieldset className="mb-2 space-y-1" data-testid="previous-files">
              <legend className="text-sm text-slate-600">上一稿的附件（随本稿一并报送，取消勾选即移除）</legend>
              {ctx.previousFiles.map((f) => (
                <label key={f.id} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" name="keepAttachmentIds" value={f.id} defaultChecked className="size-4" />
                  <span className="break-all">{f.filename}</span>
                  <span className="text-xs text-slate-500">{formatSize(f.size)}</span>
                </label>
              ))}
            </fieldset>
          )}
          {ctx.uploader}
          {errors.attachmentIds && <p className="text-sm text-red-600">{errors.attachmentIds}</p>}
          {errors.keepAttachmentIds && <p className="text-sm text-red-600">{errors.keepAttachmentIds}</p>}
        </div>
      ) : null;
    case "urgeMessage":
      return (
        <>
          {ctx.urge && (
            <div className="space-y-1 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="urge-info">
              <p>
                {ctx.unitName ? `${ctx.unitName}：` : ""}已催办 {ctx.urge.count} 次{ctx.urge.lastAt ? `，最近一次 ${ctx.urge.lastAt}` : ""}。
              </p>
              <p className="text-xs text-slate-600">同一承办单位 {ctx.urge.intervalHours} 小时内只能催办一次（按紧急程度的提醒规则）。</p>
              {ctx.urge.nextAllowedAt && <p className="text-amber-800">距上次催办不足 {ctx.urge.intervalHours} 小时，{ctx.urge.nextAllowedAt} 后可再次催办。</p>}
            </div>
          )}
          <Field label="催办内容" htmlFor={id} error={errors.message} required hint="最多 500 字，将随通知发给该单位">
            <Textarea id={id} name="message" rows={3} maxLength={500} invalid={!!errors.message} data-testid="field-message" />
          </Field>
        </>
      );
    case "extensionSummary":
      return ctx.extension ? (
        <dl className="grid grid-cols-[5.5rem_1fr] gap-x-2 gap-y-1 rounded-md bg-slate-50 px-3 py-2 text-sm" data-testid="extension-summary">
          <dt className="text-slate-500">申请人</dt>
          <dd>{ctx.extension.requesterName}</dd>
          <dt className="text-slate-500">当前期限</dt>
          <dd>{ctx.deadline ?? "—"}</dd>
          <dt className="text-slate-500">申请延至</dt>
          <dd className="font-medium">{ctx.extension.requestedDeadline}</dd>
          <dt className="text-slate-500">延期理由</dt>
          <dd className="whitespace-pre-wrap break-words">{ctx.extension.reason}</dd>
          {ctx.extension.unitOpinion && (
            <>
              <dt className="text-slate-500">单位意见</dt>
              <dd className="whitespace-pre-wrap break-words">{ctx.extension.unitOpinion}</dd>
            </>
          )}
        </dl>
      ) : null;
    case "requestedDeadline":
    case "approvedDeadline": {
      const name = kind;
      const earliest = ctx.deadline && ctx.today ? (ctx.deadline >= ctx.today ? addDays(ctx.deadline, 1) : ctx.today) : undefined;
      return (
        <Field
          label={kind === "requestedDeadline" ? "申请延至" : "批准的办理期限"}
          htmlFor={id}
          error={errors[name]}
          required
          hint={kind === "requestedDeadline" ? `当前办理期限 ${ctx.deadline ?? "—"}；须晚于当前期限，最多延期一年` : "默认为申请的日期，可修改；须晚于当前期限"}
        >
          <input
            id={id}
            type="date"
            name={name}
            min={earliest}
            defaultValue={kind === "approvedDeadline" ? ctx.extension?.requestedDeadline : undefined}
            className={inputClass}
            aria-invalid={!!errors[name] || undefined}
            data-testid={`field-${name}`}
          />
        </Field>
      );
    }
    case "extensionReason":
      return (
        <Field label="延期理由" htmlFor={id} error={errors.reason} required hint="说明不能按期办结的原因和新的办理安排">
          <Textarea id={id} name="reason" rows={4} maxLength={1000} invalid={!!errors.reason} data-testid="field-reason" />
        </Field>
      );
  }
}
