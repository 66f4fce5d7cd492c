"use client";

import type { ComponentProps } from "react";
import { ActionPanel, type StepActions } from "@/components/tasks/action-panel";
import * as actions from "../actions";

/** Which server action carries out each step the panel offers (keys as in components/tasks/action-panel.tsx). */
const STEP_ACTIONS: StepActions = {
  "task:delete": actions.deleteTaskAction,
  "task:submit": actions.submitTaskAction,
  "task:forward": actions.forwardTaskAction,
  "task:sign": actions.signTaskAction,
  "task:return": actions.returnTaskAction,
  "task:dispatch": actions.dispatchTaskAction,
  "task:cancel": actions.cancelTaskAction,
  "task:archive": actions.archiveTaskAction,
  "task:reroute": actions.rerouteTaskAction,
  "task:withdraw": actions.withdrawTaskAction,
  "assignment:reroute": actions.rerouteAssignmentAction,
  "assignment:unit_reroute": actions.rerouteInUnitAction,
  "assignment:withdraw": actions.withdrawHandlingAction,
  "assignment:receive": actions.receiveAssignmentAction,
  "assignment:delegate": actions.delegateAssignmentAction,
  "assignment:feedback": actions.feedbackAssignmentAction,
  "assignment:handle": actions.handleAssignmentAction,
  "assignment:unit_sign": actions.unitSignAction,
  "assignment:unit_forward": actions.unitSignAction,
  "assignment:unit_return": actions.unitReturnAction,
  "assignment:report_up": actions.reportUpAction,
  "assignment:accept_progress": actions.reviewReportAction,
  "assignment:accept_final": actions.reviewReportAction,
  "assignment:return_rework": actions.reviewReportAction,
  "assignment:accept_final:on_progress": actions.reviewReportAction,
  "side:urge": actions.urgeAssignmentAction,
  "side:acknowledge_urge": actions.acknowledgeUrgeAction,
  "side:request_extension": actions.requestExtensionAction,
  "side:withdraw_extension": actions.withdrawExtensionAction,
  "side:forward_extension": actions.forwardExtensionAction,
  "side:return_extension": actions.returnExtensionAction,
  "side:approve_extension": actions.approveExtensionAction,
  "side:reject_extension": actions.rejectExtensionAction,
};

/** The task page's action panel, bound to the workflow's server actions. */
export function TaskActionPanel(props: Omit<ComponentProps<typeof ActionPanel>, "stepActions">) {
  return <ActionPanel {...props} stepActions={STEP_ACTIONS} />;
}
