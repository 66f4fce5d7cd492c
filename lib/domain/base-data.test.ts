import { describe, expect, it } from "vitest";
import { isBaseDataList, moveInOrder } from "./base-data";

describe("moveInOrder", () => {
  it("swaps with the neighbour", () => {
    expect(moveInOrder(["a", "b", "c"], "b", "up")).toEqual(["b", "a", "c"]);
    expect(moveInOrder(["a", "b", "c"], "b", "down")).toEqual(["a", "c", "b"]);
  });

  it("refuses to move the first up, the last down, or an unknown id", () => {
    expect(moveInOrder(["a", "b"], "a", "up")).toBeNull();
    expect(moveInOrder(["a", "b"], "b", "down")).toBeNull();
    expect(moveInOrder(["a", "b"], "x", "up")).toBeNull();
  });
});

describe("isBaseDataList", () => {
  it("knows the four lists only", () => {
    expect(isBaseDataList("categories")).toBe(true);
    expect(isBaseDataList("users")).toBe(false);
  });
});
