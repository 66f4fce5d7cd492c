import { describe, expect, it } from "vitest";
import type { Permission } from "../permissions";
import { availableSideActions, checkSideStep, extensionDateProblem, nextUrgeAllowedAt, type SideFacts } from "./side-step-rules";
import type { SideAction } from "./side-steps";

const JW = "dept-jw";
const MZ = "dept-mz";
const actor = (userId: string, departmentId: string, isOffice: boolean, permissions: Permission[]) => ({ userId, departmentId, isOffice, permissions: new Set(permissions) });
const officeClerk = actor("dcs_jbr", "dept-office", true, ["task.view", "task.manage"]);
const officeLeader = actor("dcs_ld", "dept-office", true, ["task.view", "task.review"]);
const jwClerk = actor("jw_jbr", JW, false, ["task.view", "assignment.handle"]);
const jwClerk2 = actor("jw_jbr2", JW, false, ["task.view", "assignment.handle"]);
const jwLeader = actor("jw_ld", JW, false, ["task.view", "assignment.sign"]);
const jwLeader2 = actor("jw_ld2", JW, false, ["task.view", "assignment.sign"]);
const mzClerk = actor("mz_jbr", MZ, false, ["task.view", "assignment.handle"]);

const base: SideFacts = { taskStatus: "in_progress", assignment: { departmentId: JW, status: "in_progress", handlerId: "jw_jbr" } };
const awaitingUnit: SideFacts = { ...base, extension: { status: "awaiting_unit", currentSignerId: "jw_ld", requestedById: "jw_jbr" } };
const awaitingOffice: SideFacts = { ...base, extension: { status: "awaiting_office", currentSignerId: null, requestedById: "jw_jbr" } };

/** Expected outcome per (step, actor, facts), written by hand: ok, or the refusal's reason. */
const CASES: [SideAction, typeof officeClerk, SideFacts, string][] = [
  ["urge", officeClerk, base, "ok"],
  ["urge", officeLeader, base, "permission"],
  ["urge", jwClerk, base, "permission"],
  ["urge", officeClerk, { ...base, assignment: { departmentId: JW, status: "to_receive" } }, "ok"],
  ["urge", officeClerk, { ...base, assignment: { departmentId: JW, status: "reported" } }, "state"],
  ["urge", officeClerk, { ...base, assignment: { departmentId: JW, status: "completed" } }, "state"],
  ["urge", officeClerk, { ...base, taskStatus: "cancelled" }, "state"],
  ["acknowledge_urge", jwClerk, { ...base, urge: { departmentId: JW, acknowledgedAt: null } }, "ok"],
  ["acknowledge_urge", jwLeader, { ...base, urge: { departmentId: JW, acknowledgedAt: null } }, "ok"],
  ["acknowledge_urge", jwClerk, { ...base, urge: { departmentId: JW, acknowledgedAt: new Date() } }, "state"],
  ["acknowledge_urge", mzClerk, { ...base, urge: { departmentId: JW, acknowledgedAt: null } }, "unit"],
  ["acknowledge_urge", officeClerk, { ...base, urge: { departmentId: JW, acknowledgedAt: null } }, "permission"],
  ["request_extension", jwClerk, base, "ok"],
  ["request_extension", jwClerk2, base, "turn"],
  ["request_extension", jwClerk2, { ...base, assignment: { departmentId: JW, status: "to_receive", handlerId: null } }, "ok"],
  ["request_extension", jwLeader, base, "permission"],
  ["request_extension", mzClerk, base, "unit"],
  ["request_extension", jwClerk, awaitingUnit, "state"],
  ["request_extension", jwClerk, { ...base, extension: { status: "rejected", currentSignerId: null, requestedById: "jw_jbr" } }, "ok"],
  ["request_extension", jwClerk, { ...base, assignment: { departmentId: JW, status: "completed", handlerId: "jw_jbr" } }, "state"],
  ["forward_extension", jwLeader, awaitingUnit, "ok"],
  ["forward_extension", jwLeader2, awaitingUnit, "turn"],
  ["forward_extension", jwClerk, awaitingUnit, "permission"],
  ["forward_extension", jwLeader, awaitingOffice, "state"],
  ["return_extension", jwLeader, awaitingUnit, "ok"],
  ["return_extension", jwLeader, base, "state"],
  ["approve_extension", officeClerk, awaitingOffice, "ok"],
  ["approve_extension", officeClerk, awaitingUnit, "state"],
  ["approve_extension", officeLeader, awaitingOffice, "permission"],
  ["approve_extension", officeClerk, { ...awaitingOffice, taskStatus: "cancelled" }, "state"],
  ["reject_extension", officeClerk, awaitingOffice, "ok"],
  ["reject_extension", jwLeader, awaitingOffice, "permission"],
  ["withdraw_extension", jwClerk, awaitingUnit, "ok"],
  ["withdraw_extension", jwClerk, awaitingOffice, "ok"],
  ["withdraw_extension", jwClerk2, awaitingUnit, "permission"],
  ["withdraw_extension", jwClerk, base, "state"],
];

describe("side-step rules", () => {
  it.each(CASES)("%s by %s", (step, who, facts, expected) => {
    const result = checkSideStep(who, step, facts);
    expect(result.ok ? "ok" : result.reason).toBe(expected);
  });

  it("offers each viewer exactly the buttons the checks allow", () => {
    const facts = { ...awaitingOffice, assignmentId: "a1", assignmentVersion: 4, extension: { ...awaitingOffice.extension!, id: "e1", version: 3 } };
    expect(availableSideActions(officeClerk, facts).map((a) => [a.label, a.ids])).toEqual([
      ["催办", { assignmentId: "a1" }],
      ["批准", { id: "e1", version: 3 }],
      ["不批准", { id: "e1", version: 3 }],
    ]);
    expect(availableSideActions(jwClerk, facts).map((a) => a.label)).toEqual(["撤回申请"]);
    expect(availableSideActions(jwLeader, facts)).toEqual([]);
    expect(availableSideActions(jwClerk, { taskStatus: base.taskStatus, assignment: base.assignment, assignmentId: "a1", assignmentVersion: 4 }).map((a) => [a.label, a.ids])).toEqual([
      ["申请延期", { assignmentId: "a1", version: 4 }],
    ]);
  });
});

describe("extension dates", () => {
  it.each([
    ["2026-12-31", null],
    ["2026-12-20", "须晚于当前期限 2026-12-20"],
    ["2026-12-19", "须晚于当前期限"],
    ["2026-02-30", "有效的日期"],
    ["20261231", "有效的日期"],
    ["2027-12-21", null],
    ["2027-12-22", "延期不能超过一年（最晚 2027-12-21）"],
  ])("%s after a deadline of 2026-12-20", (value, problem) => {
    const found = extensionDateProblem(value, "2026-12-20", "2026-12-01");
    if (problem === null) expect(found).toBeNull();
    else expect(found).toContain(problem);
  });

  it("refuses a new date still in the past when the deadline has long gone", () => {
    expect(extensionDateProblem("2026-11-20", "2026-11-01", "2026-12-01")).toBe("新的办理期限不能早于今天");
    expect(extensionDateProblem("2026-12-01", "2026-11-01", "2026-12-01")).toBeNull();
  });
});

describe("urge throttle", () => {
  const last = new Date("2026-12-01T02:00:00Z");
  it("names the next allowed time only while it lies ahead", () => {
    expect(nextUrgeAllowedAt(null, 24, last)).toBeNull();
    expect(nextUrgeAllowedAt(last, 24, new Date("2026-12-01T20:00:00Z"))).toEqual(new Date("2026-12-02T02:00:00Z"));
    expect(nextUrgeAllowedAt(last, 24, new Date("2026-12-02T02:00:00Z"))).toBeNull();
  });
});
