import { RATING_LABELS } from "@/lib/domain/stats/scoring";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/viewer";
import type { AssignmentDetail, TaskDetail } from "@/lib/data/tasks/types";
import { loadTaskDetail } from "./load-task";
import { listPeopleWithPermission } from "@/lib/data/task-form";
import { availableActions, type AvailableAction } from "@/lib/domain/workflow/available-actions";
import { assignmentHistoryFacts, taskHistoryFacts } from "@/lib/domain/workflow/history-facts";
import { awaitedUserId } from "@/lib/domain/workflow/transitions";
import { rerouteCandidates } from "@/lib/data/pending-steps";
import { TASK_STATUS_LABELS } from "@/lib/domain/workflow/states";
import { Card, Notice, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { AttachmentList } from "@/components/attachments/attachment-list";
import { lightRuleText } from "@/lib/domain/warning-light";
import { AssignmentStatusBadge, DeadlineText, RoleBadge, TaskStatusBadge, UrgencyBadge, WarningDot } from "@/components/tasks/badges";
import { formatDate, formatDateTime } from "@/components/tasks/format";
import { Timeline } from "@/components/tasks/timeline";
import { ReportHistory } from "@/components/tasks/report-history";
import type { ActionContext } from "@/components/tasks/action-panel";
import { TaskActionPanel } from "./task-action-panel";
import { ReportUploader } from "@/components/tasks/report-uploader";
import { SideStepHistory } from "@/components/tasks/side-step-history";
import { acknowledgeAction, availableSideActions, nextUrgeAllowedAt, type AvailableSideAction } from "@/lib/domain/workflow/side-step-rules";
import { OPEN_EXTENSION_STATUSES } from "@/lib/domain/workflow/side-steps";
import { urgeIntervalFor } from "@/lib/data/tasks/side-steps";
import { todayInShanghai } from "@/lib/domain/dates";
import { now as clockNow } from "@/lib/clock";

export const metadata: Metadata = { title: "督办事项" };

export default async function TaskDetailPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ saved?: string }> }) {
  const viewer = await requirePermission("task.view");
  const { id } = await params;
  const task = await loadTaskDetail(viewer, id);
  // Another unit's task, a mistyped id or a deleted draft: all the same "not found".
  if (!task) notFound();
  const { saved } = await searchParams;

  // 收回 and deleting need facts only the history knows; the services derive them the same way.
  const taskFacts = { ...task, ...taskHistoryFacts(task.events) };
  const taskActions = availableActions(viewer, taskFacts).filter((a) => a.target === "task");
  const assignmentActions = new Map<string, AvailableAction[]>(
    task.assignments.map((a) => [
      a.id,
      availableActions(viewer, taskFacts, { ...a, feedbackMode: task.feedbackMode, ...assignmentHistoryFacts(task.events, a.id) }, a.reports[0] ? { status: a.reports[0].status, kind: a.reports[0].kind } : null).filter(
        (x) => x.target === "assignment",
      ),
    ]),
  );
  // 催办 and 延期申请: the same rules the verbs check (lib/domain/workflow/side-step-rules.ts).
  const openExtension = (a: AssignmentDetail) => a.extensions.find((e) => OPEN_EXTENSION_STATUSES.includes(e.status)) ?? null;
  const sideActions = new Map<string, AvailableSideAction[]>(
    task.assignments.map((a) => [a.id, availableSideActions(viewer, { taskStatus: task.status, assignment: a, assignmentId: a.id, assignmentVersion: a.version, extension: openExtension(a) })]),
  );
  const rerouting = task.assignments.filter((a) => assignmentActions.get(a.id)?.some((x) => x.action === "reroute" || x.action === "unit_reroute"));
  const [taskRerouteTargets, unitSigners, unitHandlers] = await Promise.all([
    taskActions.some((a) => a.action === "reroute") ? rerouteCandidates("task.review", { officeOnly: true }) : Promise.resolve([]),
    rerouteCandidates("assignment.sign", { departmentIds: rerouting.filter((a) => a.status === "awaiting_sign").map((a) => a.departmentId) }),
    rerouteCandidates("assignment.handle", { departmentIds: rerouting.filter((a) => a.status !== "awaiting_sign").map((a) => a.departmentId) }),
  ]);
  /** 改派 targets: the eligible people of the step, without the awaited person and the viewer (both refused). */
  const targetsFor = (people: { id: string; displayName: string; departmentId: string; departmentName: string }[], awaited: string | null, departmentId?: string) =>
    people.filter((p) => p.id !== awaited && p.id !== viewer.userId && (!departmentId || p.departmentId === departmentId));
  const needs = (action: string) => [...taskActions, ...[...assignmentActions.values()].flat(), ...[...sideActions.values()].flat()].some((a) => a.action === action);
  const [reviewers, unitLeaders, unitClerks, urgeHours] = await Promise.all([
    needs("submit") || needs("forward") ? listPeopleWithPermission("task.review") : Promise.resolve([]),
    needs("handle") || needs("unit_forward") || needs("request_extension") ? listPeopleWithPermission("assignment.sign", viewer.departmentId) : Promise.resolve([]),
    needs("delegate") ? listPeopleWithPermission("assignment.handle", viewer.departmentId) : Promise.resolve([]),
    needs("urge") ? urgeIntervalFor(task.urgencyId) : Promise.resolve(0),
  ]);
  const at = clockNow();
  const today = todayInShanghai(at);
  const baseCtx: ActionContext = {
    taskId: task.id,
    taskVersion: task.version,
    reviewers: reviewers.filter((p) => p.id !== viewer.userId),
    unitLeaders: unitLeaders.filter((p) => p.id !== viewer.userId),
    unitClerks,
    periodic: task.feedbackMode === "periodic",
    rerouteTargets: targetsFor(taskRerouteTargets, task.currentReviewerId),
    awaitedName: task.currentReviewerName ?? undefined,
  };
  const unitNames = new Map(task.assignments.map((a) => [a.id, a.departmentName]));

  return (
    <div className="mx-auto max-w-5xl space-y-4">
      <PageHeader
        title={task.title}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <span data-testid="task-no">{task.taskNo ?? "（审签后生成督办编号）"}</span>
            <TaskStatusBadge status={task.status} />
            <UrgencyBadge name={task.urgencyName} color={task.urgencyColor} />
            <WarningDot light={task.light} withLabel title={lightRuleText(task.yellowWithin)} />
          </span>
        }
        actions={
          task.taskNo ? (
            <Link href={`/tasks/${task.id}/notice`} className={buttonClass("secondary")} data-testid="notice-link">
              督查通知单
            </Link>
          ) : undefined
        }
      />
      {saved === String(task.version) && (
        <Notice tone="success" testId="saved-notice">
          已保存。
        </Notice>
      )}
      <StatusNotice task={task} />
      {taskActions.length > 0 && (
        <Card title="办理">
          <TaskActionPanel available={taskActions} ctx={baseCtx} testId="task-actions" />
        </Card>
      )}

      <Card title="督办事项">
        <NoticeFields task={task} />
      </Card>

      <Card title="附件">
        <AttachmentList items={task.attachments} testId="task-attachments" />
      </Card>

      {task.assignments.length > 0 && (
        <section aria-labelledby="assignments-heading" className="space-y-3">
          <h2 id="assignments-heading" className="text-base font-semibold text-slate-900">
            {viewer.dataScope === "all_units" ? "承办情况" : "本单位承办任务"}
          </h2>
          {task.assignments.map((a) => {
            const last = a.reports[0];
            const open = openExtension(a);
            const nextUrge = nextUrgeAllowedAt(a.lastUrgedAt, urgeHours, at);
            const ackCtx = { ...baseCtx, assignmentId: a.id };
            return (
              <AssignmentCard
                key={a.id}
                assignment={a}
                sideSteps={
                  <SideStepHistory
                    urges={a.urges}
                    extensions={a.extensions}
                    ackButton={(u) => {
                      const ack = acknowledgeAction(viewer, { taskStatus: task.status, assignment: a, urge: u }, u.id);
                      return ack ? <TaskActionPanel available={[ack]} ctx={ackCtx} testId="urge-actions" /> : null;
                    }}
                  />
                }
                taskDeadline={task.deadline}
                yellowWithin={task.yellowWithin}
                actions={
                  <TaskActionPanel
                    available={[...(assignmentActions.get(a.id) ?? []), ...(sideActions.get(a.id) ?? [])]}
                    testId="assignment-actions"
                    ctx={{
                      ...baseCtx,
                      assignmentId: a.id,
                      assignmentVersion: a.version,
                      unitName: a.departmentName,
                      lastBody: last && (last.status === "unit_returned" || last.status === "returned" || last.status === "awaiting_sign" || last.status === "withdrawn") ? last.body : "",
                      previousFiles: last && (last.status === "unit_returned" || last.status === "returned" || last.status === "withdrawn") ? last.attachments : [],
                      rerouteTargets: targetsFor(a.status === "awaiting_sign" ? unitSigners : unitHandlers, awaitedUserId(a), a.departmentId),
                      awaitedName: (a.status === "awaiting_sign" ? a.currentSignerName : a.handlerName) ?? undefined,
                      uploader: <ReportUploader />,
                      urge: { count: a.urgeCount, lastAt: a.lastUrgedAt ? formatDateTime(a.lastUrgedAt) : null, intervalHours: urgeHours, nextAllowedAt: nextUrge ? formatDateTime(nextUrge) : null },
                      deadline: a.deadline,
                      today,
                      extension: open ? { requestedDeadline: open.requestedDeadline, reason: open.reason, requesterName: open.requestedByName, unitOpinion: open.unitOpinion } : undefined,
                    }}
                  />
                }
              />
            );
          })}
        </section>
      )}

      <Card title="流转记录">
        <Timeline events={task.events} unitNames={unitNames} />
      </Card>
    </div>
  );
}

function StatusNotice({ task }: { task: TaskDetail }) {
  const returned = task.status === "returned" ? [...task.events].reverse().find((e) => e.action === "return") : undefined;
  if (returned)
    return (
      <Notice tone="warning" testId="returned-notice">
        {returned.actorName} 于 {formatDateTime(returned.at)} 退回：{returned.opinion}
      </Notice>
    );
  if (task.status === "in_review" && task.currentReviewerName) return <Notice>当前由 {task.currentReviewerName} 审签。</Notice>;
  if (task.status === "cancelled") return <Notice tone="warning">该事项已于 {formatDateTime(task.cancelledAt)} 撤销：{task.cancelReason}</Notice>;
  if (task.status === "archived") return <Notice>该事项已于 {formatDateTime(task.archivedAt)} 归档，只读。</Notice>;
  return null;
}

function NoticeFields({ task }: { task: TaskDetail }) {
  const lead = task.units.filter((u) => u.role === "lead").map((u) => u.name);
  const co = task.units.filter((u) => u.role === "co").map((u) => u.name);
  const rows: [string, React.ReactNode][] = [
    ["督办编号", task.taskNo ?? "—"],
    ["状态", TASK_STATUS_LABELS[task.status]],
    ["事件来源", task.sourceName ?? "—"],
    ["事项类别", task.categoryName ?? "—"],
    ["办件类型", task.taskTypeName ?? "—"],
    ["紧急程度", task.urgencyName],
    ["办理时限", <DeadlineText key="deadline" deadline={task.dueOn} original={task.deadline} />],
    ["反馈方式", task.feedbackMode === "periodic" ? `定期反馈（每 ${task.progressIntervalDays ?? "?"} 天）+ 办结反馈` : "办结后一次反馈"],
    ["主办单位", lead.join("、") || "—"],
    ["协办单位", co.join("、") || "无"],
    ["登记人", `${task.creatorName}（${formatDateTime(task.createdAt)}）`],
    ["审签", task.signedByName ? `${task.signedByName}（${formatDateTime(task.signedAt)}）` : "—"],
    ["交办时间", formatDateTime(task.dispatchedAt)],
  ];
  return (
    <div className="space-y-4">
      <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-2">
        {rows.map(([k, v]) => (
          <div key={k} className="grid grid-cols-[5.5rem_1fr] gap-2">
            <dt className="text-slate-500">{k}</dt>
            <dd className="min-w-0 break-words text-slate-900">{v}</dd>
          </div>
        ))}
      </dl>
      <div>
        <h3 className="text-sm font-medium text-slate-500">督办内容</h3>
        <p className="mt-1 whitespace-pre-wrap text-sm leading-relaxed text-slate-900" data-testid="task-content">
          {task.content}
        </p>
      </div>
      {task.requirements && (
        <div>
          <h3 className="text-sm font-medium text-slate-500">办理要求</h3>
          <p className="mt-1 whitespace-pre-wrap text-sm leading-relaxed text-slate-900">{task.requirements}</p>
        </div>
      )}
      {task.instructionText && (
        <div className="rounded-md border border-red-100 bg-red-50/50 p-3">
          <h3 className="text-sm font-medium text-red-800">领导批示</h3>
          <p className="mt-1 whitespace-pre-wrap text-sm text-slate-900">{task.instructionText}</p>
          <p className="mt-1 text-right text-xs text-slate-600">
            {task.instructionBy} {task.instructionAt ? formatDate(task.instructionAt) : ""}
          </p>
        </div>
      )}
    </div>
  );
}

function AssignmentCard({
  assignment: a,
  taskDeadline,
  yellowWithin,
  actions,
  sideSteps,
}: {
  assignment: AssignmentDetail;
  taskDeadline: string;
  yellowWithin: number;
  actions: React.ReactNode;
  sideSteps: React.ReactNode;
}) {
  return (
    <div data-testid="assignment-card" data-unit={a.departmentName} data-status={a.status}>
      <Card
        className="scroll-mt-20"
        title={
          <span className="flex scroll-mt-20 flex-wrap items-center gap-2" id={`assignment-${a.id}`}>
            <RoleBadge role={a.role} />
            <span>{a.departmentName}</span>
            <AssignmentStatusBadge status={a.status} />
            <WarningDot light={a.light} withLabel title={lightRuleText(yellowWithin)} />
          </span>
        }
      >
        <div className="space-y-4">
          <dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-2">
            <Row
              k="本单位办理期限"
              v={
                <span data-testid="assignment-deadline">
                  {formatDate(a.deadline)}
                  {a.extensionCount > 0 && <span className="ml-1 text-xs text-amber-700">（已延期 {a.extensionCount} 次，原 {formatDate(taskDeadline)}）</span>}
                </span>
              }
            />
            <Row k="催办" v={<span data-testid="assignment-urges">{a.urgeCount > 0 ? `${a.urgeCount} 次（最近 ${formatDateTime(a.lastUrgedAt)}）` : "无"}</span>} />
            <Row k="交办时间" v={formatDateTime(a.dispatchedAt)} />
            <Row k="接收时间" v={formatDateTime(a.receivedAt)} />
            <Row k="经办人" v={a.handlerName ?? "—"} />
            {a.currentSignerName && a.status === "awaiting_sign" && <Row k="待审签领导" v={a.currentSignerName} />}
            <Row k="最近上报" v={formatDateTime(a.lastReportedAt)} />
            <Row k="办结时间" v={formatDateTime(a.completedAt)} />
            {a.rating && <Row k="反馈质量评价" v={<span data-testid="assignment-rating">{RATING_LABELS[a.rating]}（{formatDateTime(a.ratedAt)}）</span>} />}
          </dl>
          {a.delegatedByName && (
            <p className="rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">
              {a.delegatedByName} 分办给 {a.handlerName ?? "经办人"}
              {a.delegationNote ? `：${a.delegationNote}` : ""}
            </p>
          )}
          {actions}
          {sideSteps}
          <div>
            <h3 className="mb-2 text-sm font-medium text-slate-500">反馈 / 承办内容</h3>
            <ReportHistory reports={a.reports} />
          </div>
        </div>
      </Card>
    </div>
  );
}

function Row({ k, v }: { k: string; v: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[5.5rem_1fr] gap-2">
      <dt className="text-slate-500">{k}</dt>
      <dd>{v}</dd>
    </div>
  );
}
