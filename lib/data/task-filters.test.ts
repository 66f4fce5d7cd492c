import { describe, expect, it } from "vitest";
import { listHref, parseAssignmentListParams, parseTaskListParams } from "./task-filters";

const ID = "0b6c5a8e-2f7d-4c1e-9a3b-5d6e7f809a1b";

describe("parseTaskListParams", () => {
  it("gives the defaults for an empty URL", () => {
    expect(parseTaskListParams({})).toMatchObject({ q: "", status: "", sort: "-created", page: 1, pageSize: 20, dateField: "created" });
  });

  it("keeps valid filters and drops hand-edited garbage", () => {
    const p = parseTaskListParams({ q: "  交通 ", status: "in_progress", urgency: ID, source: "1 or 1=1", from: "2026-01-01", to: "2026-13-45", page: "3", pageSize: "50", sort: "deadline" });
    expect(p).toMatchObject({ q: "交通", status: "in_progress", urgency: ID, source: "", from: "2026-01-01", to: "", page: 3, pageSize: 50, sort: "deadline" });
  });

  it("refuses unknown states, page sizes and sorts", () => {
    expect(parseTaskListParams({ status: "hacked", pageSize: "100000", page: "-2", sort: "password" })).toMatchObject({ status: "", pageSize: 20, page: 1, sort: "-created" });
  });

  it("takes the first of repeated parameters", () => {
    expect(parseTaskListParams({ q: ["a", "b"] }).q).toBe("a");
  });
});

describe("parseAssignmentListParams", () => {
  it("accepts assignment states only", () => {
    expect(parseAssignmentListParams({ status: "reported" }).status).toBe("reported");
    expect(parseAssignmentListParams({ status: "archived" }).status).toBe("");
  });
});

describe("light filter and sort", () => {
  it("accepts red, yellow and green, and the light sort", () => {
    expect(parseTaskListParams({ light: "red", sort: "light" })).toMatchObject({ light: "red", sort: "light" });
    expect(parseAssignmentListParams({ light: "yellow", sort: "light" })).toMatchObject({ light: "yellow", sort: "light" });
    expect(parseAssignmentListParams({ light: "green" }).light).toBe("green");
  });

  it("falls back to all lights for nasty values", () => {
    for (const light of ["none", "RED", "red'--", "", "red yellow", "purple"]) {
      expect(parseTaskListParams({ light }).light).toBe("");
      expect(parseAssignmentListParams({ light }).light).toBe("");
    }
    expect(parseTaskListParams({ light: ["yellow", "red"] }).light).toBe("yellow");
    expect(parseTaskListParams({ light: " red " }).light).toBe("red"); // trimmed like every parameter
  });
});

describe("listHref", () => {
  it("changes one parameter and keeps the others, dropping emptied ones", () => {
    expect(listHref("/tasks", { q: "交通", page: "2", status: "" }, { page: 3 })).toBe("/tasks?q=%E4%BA%A4%E9%80%9A&page=3");
    expect(listHref("/tasks", { q: "交通", page: "2" }, { page: undefined, q: "" })).toBe("/tasks");
  });
});
