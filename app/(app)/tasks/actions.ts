"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { actingViewer } from "@/lib/auth/viewer";
import { runAction, type ActionResult } from "@/lib/action-result";
import { formInput } from "@/lib/forms/form-input";
import type { Permission } from "@/lib/domain/permissions";
import type { Actor } from "@/lib/domain/policy";
import {
  archiveTask,
  cancelTask,
  createTask,
  delegateAssignment,
  deleteTask,
  dispatchTask,
  forwardTask,
  handleAssignment,
  receiveAssignment,
  reportUp,
  rerouteAssignment,
  rerouteInUnit,
  rerouteTask,
  returnTask,
  returnUnitReport,
  reviewReport,
  signUnitReport,
  submitFeedback,
  signTask,
  submitTask,
  updateTask,
  withdrawHandling,
  withdrawTask,
} from "@/lib/services/tasks";
import { acknowledgeUrge, urgeAssignment } from "@/lib/services/urges";
import { approveExtension, forwardExtension, rejectExtension, requestExtension, returnExtension, withdrawExtension } from "@/lib/services/extensions";

/**
 * The server actions of the 督办任务 pages: each gets the acting viewer, hands the form to ONE
 * service verb (which checks policy, scope and state itself) and refreshes the pages. A hidden
 * button is never the only check: replaying any of these for another unit's record gets NOT_FOUND.
 */

/** Fields that may repeat in a form and always reach the verbs as lists. */
const LIST_FIELDS = ["coUnitIds", "attachmentIds", "removeAttachmentIds", "keepAttachmentIds"];

type Verb<T> = (viewer: Actor, input: Record<string, unknown>) => Promise<T>;

/** `permission` undefined: the verb checks a choice of permissions itself (签收催办: clerk or leader). */
async function step<T>(permission: Permission | undefined, formData: FormData, verb: Verb<T>, message: string): Promise<ActionResult<T>> {
  const result = await runAction(async () => verb(await actingViewer(permission), formInput(formData, LIST_FIELDS)), message);
  // Every list and the task page show the new state; the layout level covers them all.
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

type State = ActionResult<unknown> | null;

/**
 * `saved` carries the version that was saved: the page shows "已保存。" only while the task still has
 * that version, so the notice goes away with the next step (提交审签 …) instead of staying in the URL.
 */
export async function createTaskAction(_prev: State, formData: FormData): Promise<ActionResult<{ id: string }>> {
  const result = await step("task.register", formData, (v, input) => createTask(v, input), "已保存督办事项");
  if (result.ok) redirect(`/tasks/${result.data.id}?saved=${result.data.version}`);
  return result;
}

export async function updateTaskAction(_prev: State, formData: FormData): Promise<ActionResult<unknown>> {
  const result = await step("task.register", formData, (v, input) => updateTask(v, input), "已保存修改");
  if (result.ok) redirect(`/tasks/${result.data.id}?saved=${result.data.version}`);
  return result;
}

export async function deleteTaskAction(_prev: State, formData: FormData): Promise<ActionResult<unknown>> {
  const result = await step("task.register", formData, (v, input) => deleteTask(v, input), "已删除草稿");
  if (result.ok) redirect("/tasks/drafts?deleted=1");
  return result;
}

export async function submitTaskAction(_prev: State, formData: FormData) {
  return step("task.register", formData, (v, input) => submitTask(v, input), "已提交审签");
}

export async function forwardTaskAction(_prev: State, formData: FormData) {
  return step("task.review", formData, (v, input) => forwardTask(v, input), "已审核并转交");
}

export async function signTaskAction(_prev: State, formData: FormData) {
  return step("task.review", formData, (v, input) => signTask(v, input), "已审签");
}

export async function returnTaskAction(_prev: State, formData: FormData) {
  return step("task.review", formData, (v, input) => returnTask(v, input), "已退回经办人");
}

export async function dispatchTaskAction(_prev: State, formData: FormData) {
  return step("task.dispatch", formData, (v, input) => dispatchTask(v, input), "已交办承办单位");
}

export async function cancelTaskAction(_prev: State, formData: FormData) {
  return step("task.manage", formData, (v, input) => cancelTask(v, input), "已撤销");
}

export async function archiveTaskAction(_prev: State, formData: FormData) {
  return step("task.manage", formData, (v, input) => archiveTask(v, input), "已归档");
}

export async function receiveAssignmentAction(_prev: State, formData: FormData) {
  return step("assignment.handle", formData, (v, input) => receiveAssignment(v, input), "已接收");
}

export async function delegateAssignmentAction(_prev: State, formData: FormData) {
  return step("assignment.sign", formData, (v, input) => delegateAssignment(v, input), "已分办");
}

export async function feedbackAssignmentAction(_prev: State, formData: FormData) {
  return step("assignment.handle", formData, (v, input) => submitFeedback(v, input), "已反馈督查室");
}

export async function handleAssignmentAction(_prev: State, formData: FormData) {
  return step("assignment.handle", formData, (v, input) => handleAssignment(v, input), "已送单位领导审签");
}

/** 审签 or, with forwardToId, 转其他领导审签 (one verb). */
export async function unitSignAction(_prev: State, formData: FormData) {
  return step("assignment.sign", formData, (v, input) => signUnitReport(v, input), (formData as unknown) instanceof FormData && formData.get("forwardToId") ? "已转交" : "已审签");
}

export async function unitReturnAction(_prev: State, formData: FormData) {
  return step("assignment.sign", formData, (v, input) => returnUnitReport(v, input), "已退回经办人");
}

export async function reportUpAction(_prev: State, formData: FormData) {
  return step("assignment.handle", formData, (v, input) => reportUp(v, input), "已上报督查室");
}

/** 采纳为阶段反馈 / 办结通过 / 退回重办: the form's `decision` picks which. */
export async function reviewReportAction(_prev: State, formData: FormData) {
  return step("report.review", formData, (v, input) => reviewReport(v, input), "已审核");
}

/** 改派 a review waiting on another office leader (督查室领导, 系统管理员 — also from 用户管理). */
export async function rerouteTaskAction(_prev: State, formData: FormData) {
  return step("task.reroute", formData, (v, input) => rerouteTask(v, input), "已改派");
}

/** 收回 a submission no leader has acted on. */
export async function withdrawTaskAction(_prev: State, formData: FormData) {
  return step("task.register", formData, (v, input) => withdrawTask(v, input), "已收回，可修改后重新提交");
}

/** 改派 a unit's signer or handler, by the office or an admin. */
export async function rerouteAssignmentAction(_prev: State, formData: FormData) {
  return step("task.reroute", formData, (v, input) => rerouteAssignment(v, input), "已改派");
}

/** 改派 within the unit, by a leader of the unit. */
export async function rerouteInUnitAction(_prev: State, formData: FormData) {
  return step("assignment.sign", formData, (v, input) => rerouteInUnit(v, input), "已改派");
}

/** 收回 handling text no unit leader has acted on. */
export async function withdrawHandlingAction(_prev: State, formData: FormData) {
  return step("assignment.handle", formData, (v, input) => withdrawHandling(v, input), "已收回，可修改后重新送审签");
}

/** 催办 one unit (督查室经办人). */
export async function urgeAssignmentAction(_prev: State, formData: FormData) {
  return step("task.manage", formData, (v, input) => urgeAssignment(v, input), "已催办，已通知该单位");
}

/** 签收催办 (a member of the urged unit: clerk or leader). */
export async function acknowledgeUrgeAction(_prev: State, formData: FormData) {
  return step(undefined, formData, (v, input) => acknowledgeUrge(v, input), "已签收催办");
}

/** 延期申请 and its decisions: clerk → unit leader → office. */
export async function requestExtensionAction(_prev: State, formData: FormData) {
  return step("assignment.handle", formData, (v, input) => requestExtension(v, input), "已提交延期申请，待单位领导审核");
}

export async function withdrawExtensionAction(_prev: State, formData: FormData) {
  return step("assignment.handle", formData, (v, input) => withdrawExtension(v, input), "已撤回延期申请");
}

export async function forwardExtensionAction(_prev: State, formData: FormData) {
  return step("assignment.sign", formData, (v, input) => forwardExtension(v, input), "已同意并报督查室");
}

export async function returnExtensionAction(_prev: State, formData: FormData) {
  return step("assignment.sign", formData, (v, input) => returnExtension(v, input), "已退回延期申请");
}

export async function approveExtensionAction(_prev: State, formData: FormData) {
  return step("task.manage", formData, (v, input) => approveExtension(v, input), "已批准延期");
}

export async function rejectExtensionAction(_prev: State, formData: FormData) {
  return step("task.manage", formData, (v, input) => rejectExtension(v, input), "已不批准延期");
}
