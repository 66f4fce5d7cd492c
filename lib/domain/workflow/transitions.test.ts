import { describe, expect, it } from "vitest";
import { BUILT_IN_ROLES, type BuiltInRoleCode } from "../roles";
import type { Permission } from "../permissions";
import { DomainError } from "../errors";
import { ASSIGNMENT_STATUSES, FEEDBACK_MODES, TASK_STATUSES, type AssignmentStatus, type TaskStatus } from "./states";
import {
  ASSIGNMENT_ACTIONS,
  TASK_ACTIONS,
  assertTransition,
  awaitedUserId,
  checkAssignmentTransition,
  checkTaskTransition,
  type AssignmentAction,
  type TaskAction,
} from "./transitions";
import { availableActions } from "./available-actions";
import { assignmentHistoryFacts, taskHistoryFacts } from "./history-facts";

const OFFICE = "dept-office";
const UNIT_A = "dept-unit-a";
const UNIT_B = "dept-unit-b";

function actor(code: BuiltInRoleCode, userId = `user-${code}`) {
  const role = BUILT_IN_ROLES.find((r) => r.code === code)!;
  const isOffice = ["office_clerk", "office_leader", "district_leader"].includes(code);
  const departmentId = isOffice ? OFFICE : code === "admin" ? "dept-info" : UNIT_A;
  return { userId, departmentId, isOffice, permissions: new Set<Permission>(role.permissions) };
}

const ROLES = BUILT_IN_ROLES.map((r) => r.code);

/**
 * Written out by hand, not derived from the table: (action → state → [next state, roles allowed]).
 * Every cell missing here must be refused for every role.
 */
const TASK_EXPECTED: Record<TaskAction, Partial<Record<TaskStatus, [TaskStatus | null, BuiltInRoleCode[]]>>> = {
  edit: { draft: ["draft", ["office_clerk"]], returned: ["returned", ["office_clerk"]] },
  delete: { draft: [null, ["office_clerk"]] },
  submit: { draft: ["in_review", ["office_clerk"]], returned: ["in_review", ["office_clerk"]] },
  forward: { in_review: ["in_review", ["office_leader"]] },
  sign: { in_review: ["signed", ["office_leader"]] },
  return: { in_review: ["returned", ["office_leader"]] },
  dispatch: { signed: ["in_progress", ["office_clerk"]] },
  cancel: { in_progress: ["cancelled", ["office_clerk"]] },
  archive: { completed: ["archived", ["office_clerk"]] },
  complete: {},
  reroute: { in_review: ["in_review", ["office_leader", "admin"]] },
  withdraw: { in_review: ["draft", ["office_clerk"]] },
};

const ASSIGNMENT_EXPECTED: Record<AssignmentAction, Partial<Record<AssignmentStatus, [AssignmentStatus, BuiltInRoleCode[]]>>> = {
  receive: { to_receive: ["in_progress", ["unit_clerk"]] },
  delegate: {
    to_receive: ["in_progress", ["unit_leader"]],
    in_progress: ["in_progress", ["unit_leader"]],
    rework: ["rework", ["unit_leader"]],
    unit_returned: ["unit_returned", ["unit_leader"]],
  },
  feedback: { in_progress: ["reported", ["unit_clerk"]], rework: ["reported", ["unit_clerk"]] },
  handle: {
    in_progress: ["awaiting_sign", ["unit_clerk"]],
    rework: ["awaiting_sign", ["unit_clerk"]],
    unit_returned: ["awaiting_sign", ["unit_clerk"]],
  },
  unit_sign: { awaiting_sign: ["signed", ["unit_leader"]] },
  unit_forward: { awaiting_sign: ["awaiting_sign", ["unit_leader"]] },
  unit_return: { awaiting_sign: ["unit_returned", ["unit_leader"]] },
  report_up: { signed: ["reported", ["unit_clerk"]] },
  accept_progress: { reported: ["in_progress", ["office_clerk", "office_leader"]] },
  accept_final: { reported: ["completed", ["office_clerk", "office_leader"]] },
  return_rework: { reported: ["rework", ["office_clerk", "office_leader"]] },
  cancel: {},
  reroute: {
    in_progress: ["in_progress", ["office_leader", "admin"]],
    unit_returned: ["unit_returned", ["office_leader", "admin"]],
    awaiting_sign: ["awaiting_sign", ["office_leader", "admin"]],
    signed: ["signed", ["office_leader", "admin"]],
    rework: ["rework", ["office_leader", "admin"]],
  },
  unit_reroute: { awaiting_sign: ["awaiting_sign", ["unit_leader"]], signed: ["signed", ["unit_leader"]] },
  withdraw: { awaiting_sign: ["in_progress", ["unit_clerk"]] },
};

/** 改派 is for a step waiting on someone else: in the matrix the awaited person is another user. */
const REROUTES: readonly string[] = ["reroute", "unit_reroute"];

describe("task state machine: every (state, action, role) cell", () => {
  for (const action of TASK_ACTIONS) {
    for (const status of TASK_STATUSES) {
      for (const role of ROLES) {
        const cell = TASK_EXPECTED[action][status];
        const allowed = !!cell && cell[1].includes(role);
        it(`${status} × ${action} × ${role} → ${allowed ? cell![0] ?? "(deleted)" : "refused"}`, () => {
          const a = actor(role);
          const awaited = REROUTES.includes(action) ? "someone-else" : a.userId;
          const task = { status, creatorId: a.userId, currentReviewerId: awaited, everSubmitted: false, submissionUntouched: true };
          const result = checkTaskTransition(a, task, action);
          expect(result.ok).toBe(allowed);
          if (result.ok) expect(result.to).toBe(cell![0]);
          else if (!cell) expect(result.reason).toBe(action === "complete" && status === "in_progress" ? "guard" : "state");
          else expect(result.reason).not.toBe("state");
        });
      }
    }
  }
});

/** Steps only a task with 定期阶段反馈 has: a 办结后一次反馈 task has no 阶段反馈 to accept. */
const PERIODIC_ONLY: readonly AssignmentAction[] = ["accept_progress"];

describe("assignment state machine: every (state, action, role, 反馈方式) cell", () => {
  for (const action of ASSIGNMENT_ACTIONS) {
    for (const status of ASSIGNMENT_STATUSES) {
      for (const role of ROLES) {
        for (const feedbackMode of FEEDBACK_MODES) {
          const cell = ASSIGNMENT_EXPECTED[action][status];
          const allowed = !!cell && cell[1].includes(role) && (feedbackMode === "periodic" || !PERIODIC_ONLY.includes(action));
          it(`${status} × ${action} × ${role} × ${feedbackMode} → ${allowed ? cell![0] : "refused"}`, () => {
            const a = actor(role);
            const awaited = REROUTES.includes(action) ? "someone-else" : a.userId;
            const assignment = { status, departmentId: a.departmentId, handlerId: awaited, currentSignerId: awaited, handlingUntouched: true, feedbackMode };
            const result = checkAssignmentTransition(a, { status: "in_progress" }, assignment, action);
            expect(result.ok).toBe(allowed);
            if (result.ok) expect(result.to).toBe(cell![0]);
          });
        }
      }
    }
  }

  it("采纳为阶段反馈 on a 办结后一次反馈 task is a VALIDATION error, not a role or race problem", () => {
    const office = actor("office_clerk");
    const reported = { status: "reported" as const, departmentId: UNIT_A, handlerId: "x", currentSignerId: null };
    const result = checkAssignmentTransition(office, { status: "in_progress" }, { ...reported, feedbackMode: "final_only" }, "accept_progress");
    expect(result).toMatchObject({ ok: false, reason: "mode", message: "该事项的反馈方式为办结后一次反馈，不能采纳为阶段反馈" });
    expect(() => assertTransition(result)).toThrow(expect.objectContaining({ code: "VALIDATION" }));
    // Unknown mode fails closed.
    expect(checkAssignmentTransition(office, { status: "in_progress" }, reported, "accept_progress").ok).toBe(false);
  });

  it("the system cancels every open assignment and nothing finished", () => {
    const open = ASSIGNMENT_STATUSES.filter((s) => s !== "completed" && s !== "cancelled");
    for (const status of open) {
      const result = checkAssignmentTransition(actor("office_clerk"), { status: "in_progress" }, { status, departmentId: OFFICE, handlerId: null, currentSignerId: null }, "cancel");
      expect(result).toMatchObject({ ok: false, reason: "guard" });
    }
  });
});

describe("who-guards", () => {
  const clerk = actor("office_clerk", "clerk-1");
  const leader = actor("office_leader", "leader-1");

  it("only the registering clerk edits, deletes or submits a draft", () => {
    for (const action of ["edit", "delete", "submit"] as const) {
      expect(checkTaskTransition(clerk, { status: "draft", creatorId: "clerk-2", currentReviewerId: null }, action)).toMatchObject({ ok: false, reason: "guard" });
    }
  });

  it("only the leader the task waits on reviews, signs or returns it", () => {
    for (const action of ["forward", "sign", "return"] as const) {
      const other = checkTaskTransition(leader, { status: "in_review", creatorId: "clerk-1", currentReviewerId: "leader-2" }, action);
      expect(other).toMatchObject({ ok: false, reason: "turn", message: "该督办事项当前不在您的待审签中" });
    }
  });

  it("office steps need a member of the office even with the permission", () => {
    const outsider = { ...clerk, isOffice: false };
    expect(checkTaskTransition(outsider, { status: "signed", creatorId: "clerk-1", currentReviewerId: null }, "dispatch")).toMatchObject({ ok: false, reason: "guard" });
  });

  it("a unit user acts only on their own unit's assignment", () => {
    const unitClerk = actor("unit_clerk");
    const foreign = { status: "to_receive" as const, departmentId: UNIT_B, handlerId: null, currentSignerId: null };
    expect(checkAssignmentTransition(unitClerk, { status: "in_progress" }, foreign, "receive")).toMatchObject({ ok: false, reason: "guard" });
  });

  it("after 分办 only the named clerk handles; before anyone is named any clerk of the unit may", () => {
    const unitClerk = actor("unit_clerk", "clerk-a");
    const base = { status: "in_progress" as const, departmentId: UNIT_A, currentSignerId: null };
    expect(checkAssignmentTransition(unitClerk, { status: "in_progress" }, { ...base, handlerId: "clerk-b" }, "handle")).toMatchObject({ ok: false, reason: "turn", message: "该承办任务已分办给其他经办人" });
    expect(checkAssignmentTransition(unitClerk, { status: "in_progress" }, { ...base, handlerId: null }, "handle").ok).toBe(true);
  });

  it("only the unit leader the text waits on signs, forwards or returns it", () => {
    const unitLeader = actor("unit_leader", "leader-a");
    const a = { status: "awaiting_sign" as const, departmentId: UNIT_A, handlerId: "clerk-a", currentSignerId: "leader-b" };
    for (const action of ["unit_sign", "unit_forward", "unit_return"] as const) {
      expect(checkAssignmentTransition(unitLeader, { status: "in_progress" }, a, action)).toMatchObject({ ok: false, reason: "turn" });
    }
  });

  it("nothing happens to an assignment of a task that is no longer under way", () => {
    const unitClerk = actor("unit_clerk");
    for (const status of TASK_STATUSES.filter((s) => s !== "in_progress")) {
      const result = checkAssignmentTransition(unitClerk, { status }, { status: "to_receive", departmentId: UNIT_A, handlerId: null, currentSignerId: null }, "receive");
      expect(result).toMatchObject({ ok: false, reason: "state" });
    }
  });
});

describe("改派 and 收回", () => {
  const task = { status: "in_progress" as const, creatorId: "c", currentReviewerId: null };

  it("改派 is for someone else's step: the awaited leader passes it on with 审核转交 instead (a stale page gets CONFLICT)", () => {
    const leader = actor("office_leader", "leader-1");
    const own = checkTaskTransition(leader, { status: "in_review", creatorId: "c", currentReviewerId: "leader-1" }, "reroute");
    expect(own).toMatchObject({ ok: false, reason: "turn" });
    expect(() => assertTransition(own)).toThrow(expect.objectContaining({ code: "CONFLICT" }));
  });

  it("the admin re-routes without being in the office; an office clerk may not", () => {
    const inReview = { status: "in_review" as const, creatorId: "c", currentReviewerId: "leader-2" };
    expect(checkTaskTransition(actor("admin"), inReview, "reroute").ok).toBe(true);
    expect(() => assertTransition(checkTaskTransition(actor("office_clerk"), inReview, "reroute"))).toThrow(expect.objectContaining({ code: "FORBIDDEN" }));
  });

  it("an assignment waits on the signer while with a leader, otherwise on its handler", () => {
    const base = { departmentId: UNIT_A, handlerId: "clerk-a", currentSignerId: "leader-b" };
    expect(awaitedUserId({ ...base, status: "awaiting_sign" })).toBe("leader-b");
    for (const status of ["in_progress", "unit_returned", "signed", "rework"] as const) expect(awaitedUserId({ ...base, status })).toBe("clerk-a");
    for (const status of ["to_receive", "reported", "completed", "cancelled"] as const) expect(awaitedUserId({ ...base, status })).toBeNull();
  });

  it("a unit leader re-routes another leader's signature, not their own, and never another unit's", () => {
    const leader = actor("unit_leader", "leader-a");
    const a = { status: "awaiting_sign" as const, departmentId: UNIT_A, handlerId: "clerk-a", currentSignerId: "leader-b" };
    expect(actions(availableActions(leader, task, a, { status: "awaiting_sign", kind: "final" }))).toEqual(["unit_reroute"]);
    expect(checkAssignmentTransition(leader, task, { ...a, currentSignerId: "leader-a" }, "unit_reroute")).toMatchObject({ ok: false, reason: "turn" });
    expect(checkAssignmentTransition(leader, task, { ...a, departmentId: UNIT_B }, "unit_reroute")).toMatchObject({ ok: false, reason: "guard" });
    expect(actions(availableActions(leader, task, { ...a, status: "signed", currentSignerId: null }))).toEqual(["unit_reroute"]);
  });

  it("the office leader sees 改派 on an assignment that waits on a named person, not before receipt", () => {
    const leader = actor("office_leader", "leader-1");
    const a = { departmentId: UNIT_A, handlerId: "clerk-a", currentSignerId: null };
    expect(actions(availableActions(leader, task, { ...a, status: "in_progress" }))).toEqual(["reroute"]);
    expect(actions(availableActions(leader, task, { ...a, status: "to_receive", handlerId: null }))).toEqual([]);
    expect(actions(availableActions(leader, task, { ...a, status: "in_progress", handlerId: null }))).toEqual([]);
  });

  it("收回 only while nobody acted: the clerk's submission, the unit clerk's handling text; both need a reason", () => {
    const clerk = actor("office_clerk", "clerk-1");
    const submitted = { status: "in_review" as const, creatorId: "clerk-1", currentReviewerId: "leader-1", everSubmitted: true };
    const list = availableActions(clerk, { ...submitted, submissionUntouched: true });
    expect(actions(list)).toEqual(["withdraw"]);
    expect(list[0]).toMatchObject({ label: "收回", needsOpinion: true });
    expect(checkTaskTransition(clerk, { ...submitted, submissionUntouched: false }, "withdraw")).toMatchObject({ ok: false, reason: "turn" });
    expect(checkTaskTransition(clerk, submitted, "withdraw")).toMatchObject({ ok: false, reason: "turn" });
    expect(checkTaskTransition(actor("office_clerk", "clerk-2"), { ...submitted, submissionUntouched: true }, "withdraw")).toMatchObject({ ok: false, reason: "guard" });

    const unitClerk = actor("unit_clerk", "clerk-a");
    const sent = { status: "awaiting_sign" as const, departmentId: UNIT_A, handlerId: "clerk-a", currentSignerId: "leader-a" };
    expect(actions(availableActions(unitClerk, task, { ...sent, handlingUntouched: true }))).toEqual(["withdraw"]);
    expect(actions(availableActions(unitClerk, task, { ...sent, handlingUntouched: false }))).toEqual([]);
    expect(actions(availableActions(actor("unit_clerk", "clerk-b"), task, { ...sent, handlingUntouched: true }))).toEqual([]);
  });

  it("a draft taken back with 收回 can be edited and submitted again but not deleted", () => {
    const clerk = actor("office_clerk", "clerk-1");
    const draft = { status: "draft" as const, creatorId: "clerk-1", currentReviewerId: null, everSubmitted: true };
    expect(actions(availableActions(clerk, draft))).toEqual(["edit", "submit"]);
    expect(checkTaskTransition(clerk, { ...draft, everSubmitted: undefined }, "delete").ok).toBe(false);
  });
});

describe("history facts", () => {
  it("a submission is untouched until a leader passes it on; 改派 does not count", () => {
    expect(taskHistoryFacts([])).toEqual({ everSubmitted: false, submissionUntouched: false });
    expect(taskHistoryFacts([{ action: "create" }, { action: "submit" }, { action: "reroute" }])).toEqual({ everSubmitted: true, submissionUntouched: true });
    expect(taskHistoryFacts([{ action: "submit" }, { action: "forward" }])).toMatchObject({ submissionUntouched: false });
    expect(taskHistoryFacts([{ action: "submit" }, { action: "forward" }, { action: "return" }, { action: "submit" }])).toMatchObject({ submissionUntouched: true });
    // An assignment's events never count for the task.
    expect(taskHistoryFacts([{ action: "submit", assignmentId: "a" }])).toEqual({ everSubmitted: false, submissionUntouched: false });
  });

  it("handling text is untouched until a unit leader passes it on, per assignment", () => {
    const events = [
      { action: "handle", assignmentId: "a" },
      { action: "unit_forward", assignmentId: "b" },
      { action: "unit_reroute", assignmentId: "a" },
    ];
    expect(assignmentHistoryFacts(events, "a")).toEqual({ handlingUntouched: true });
    expect(assignmentHistoryFacts([...events, { action: "unit_forward", assignmentId: "a" }], "a")).toEqual({ handlingUntouched: false });
    expect(assignmentHistoryFacts(events, "b")).toEqual({ handlingUntouched: false });
  });
});

describe("assertTransition", () => {
  it("a step the state no longer allows is a CONFLICT with the state named in Chinese", () => {
    const leader = actor("office_leader");
    try {
      assertTransition(checkTaskTransition(leader, { status: "signed", creatorId: "x", currentReviewerId: null }, "sign"));
      expect.unreachable();
    } catch (e) {
      expect((e as DomainError).code).toBe("CONFLICT");
      expect((e as DomainError).message).toContain("待交办");
    }
  });

  it("a step that waits on someone else is a CONFLICT (a double click after forwarding gets the same)", () => {
    const leader = actor("office_leader", "leader-1");
    expect(() => assertTransition(checkTaskTransition(leader, { status: "in_review", creatorId: "x", currentReviewerId: "leader-2" }, "sign"))).toThrow(
      expect.objectContaining({ code: "CONFLICT", message: "该督办事项当前不在您的待审签中" }),
    );
  });

  it("a wrong role is FORBIDDEN", () => {
    const clerk = actor("unit_clerk");
    expect(() => assertTransition(checkTaskTransition(clerk, { status: "signed", creatorId: "x", currentReviewerId: null }, "dispatch"))).toThrow(
      expect.objectContaining({ code: "FORBIDDEN" }),
    );
  });
});

const actions = (list: ReturnType<typeof availableActions>) => list.map((a) => a.action);

describe("availableActions", () => {


  it("the office leader sees 审核转交 / 审签 / 退回 only while the task waits on them", () => {
    const leader = actor("office_leader", "leader-1");
    expect(actions(availableActions(leader, { status: "in_review", creatorId: "c", currentReviewerId: "leader-1" }))).toEqual(["forward", "sign", "return"]);
    expect(actions(availableActions(leader, { status: "in_review", creatorId: "c", currentReviewerId: "leader-2" }))).toEqual(["reroute"]);
    expect(actions(availableActions(leader, { status: "signed", creatorId: "c", currentReviewerId: null }))).toEqual([]);
  });

  it("the registering clerk sees edit / delete / submit on a draft, edit / submit on a returned task, dispatch once signed", () => {
    const clerk = actor("office_clerk", "clerk-1");
    const t = (status: TaskStatus) => ({ status, creatorId: "clerk-1", currentReviewerId: null, everSubmitted: false });
    expect(actions(availableActions(clerk, t("draft")))).toEqual(["edit", "delete", "submit"]);
    expect(actions(availableActions(clerk, t("returned")))).toEqual(["edit", "submit"]);
    expect(actions(availableActions(clerk, t("in_review")))).toEqual([]);
    expect(actions(availableActions(clerk, t("signed")))).toEqual(["dispatch"]);
    expect(actions(availableActions(clerk, t("completed")))).toEqual(["archive"]);
    expect(actions(availableActions(clerk, t("archived")))).toEqual([]);
  });

  it("the unit leader sees 审签 / 转交 / 退回 only when the text waits on them, and 分办 on an open assignment", () => {
    const leader = actor("unit_leader", "leader-a");
    const task = { status: "in_progress" as const, creatorId: "c", currentReviewerId: null };
    const awaiting = { status: "awaiting_sign" as const, departmentId: UNIT_A, handlerId: "clerk-a", currentSignerId: "leader-a" };
    expect(actions(availableActions(leader, task, awaiting, { status: "awaiting_sign", kind: "final" }))).toEqual(["unit_sign", "unit_forward", "unit_return"]);
    // Waiting on another leader of the unit: only 改派 (see below).
    expect(actions(availableActions(leader, task, { ...awaiting, currentSignerId: "leader-b" }))).toEqual(["unit_reroute"]);
    expect(actions(availableActions(leader, task, { ...awaiting, status: "in_progress", currentSignerId: null }))).toEqual(["delegate"]);
    expect(actions(availableActions(leader, task, { ...awaiting, status: "to_receive", departmentId: UNIT_B }))).toEqual([]);
  });

  it("the unit clerk: 接收, then 反馈任务 or 承办任务, after signing 上报; nothing on another unit's assignment", () => {
    const clerk = actor("unit_clerk", "clerk-a");
    const task = { status: "in_progress" as const, creatorId: "c", currentReviewerId: null };
    const a = (status: AssignmentStatus, departmentId = UNIT_A) => ({ status, departmentId, handlerId: "clerk-a", currentSignerId: null });
    expect(actions(availableActions(clerk, task, a("to_receive")))).toEqual(["receive"]);
    expect(actions(availableActions(clerk, task, a("in_progress")))).toEqual(["feedback", "handle"]);
    expect(actions(availableActions(clerk, task, a("unit_returned")))).toEqual(["handle"]);
    expect(actions(availableActions(clerk, task, a("signed")))).toEqual(["report_up"]);
    expect(actions(availableActions(clerk, task, a("reported")))).toEqual([]);
    expect(actions(availableActions(clerk, task, a("in_progress", UNIT_B)))).toEqual([]);
  });

  it("the office reviews a reported assignment (also cancels the task); returns need an opinion", () => {
    const clerk = actor("office_clerk", "clerk-1");
    const task = { status: "in_progress" as const, creatorId: "someone", currentReviewerId: null };
    const reported = { status: "reported" as const, departmentId: UNIT_A, handlerId: "x", currentSignerId: null };
    const list = availableActions(clerk, task, { ...reported, feedbackMode: "periodic" }, { status: "submitted", kind: "final" });
    expect(actions(list)).toEqual(["cancel", "accept_progress", "accept_final", "return_rework"]);
    expect(list.find((a) => a.action === "return_rework")).toMatchObject({ needsOpinion: true, label: "退回重办" });
    expect(list.find((a) => a.action === "accept_final")).toMatchObject({ confirm: true, needsOpinion: false });
  });

  it("offers exactly what the 反馈方式 allows: no 采纳为阶段反馈 on a 办结后一次反馈 task", () => {
    const clerk = actor("office_clerk", "clerk-1");
    const task = { status: "in_progress" as const, creatorId: "someone", currentReviewerId: null };
    const reported = { status: "reported" as const, departmentId: UNIT_A, handlerId: "x", currentSignerId: null };
    const list = availableActions(clerk, task, { ...reported, feedbackMode: "final_only" }, { status: "submitted", kind: "final" });
    expect(actions(list)).toEqual(["cancel", "accept_final", "return_rework"]);
  });

  it("办结通过 on a 阶段反馈 asks for a reason", () => {
    const clerk = actor("office_clerk", "clerk-1");
    const task = { status: "in_progress" as const, creatorId: "someone", currentReviewerId: null };
    const reported = { status: "reported" as const, departmentId: UNIT_A, handlerId: "x", currentSignerId: null, feedbackMode: "periodic" as const };
    const list = availableActions(clerk, task, reported, { status: "submitted", kind: "progress" });
    expect(list.find((a) => a.action === "accept_final")).toMatchObject({ needsOpinion: true, confirm: true });
  });

  it("the district leader only reads", () => {
    const qld = actor("district_leader");
    for (const status of TASK_STATUSES) {
      expect(availableActions(qld, { status, creatorId: qld.userId, currentReviewerId: qld.userId }, { status: "reported", departmentId: OFFICE, handlerId: null, currentSignerId: qld.userId })).toEqual([]);
    }
  });
});
