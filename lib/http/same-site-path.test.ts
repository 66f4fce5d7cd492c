import { describe, expect, it } from "vitest";
import { sameSitePath } from "./same-site-path";

describe("sameSitePath", () => {
  it("keeps a path on this site with its query (encoded characters stay encoded)", () => {
    expect(sameSitePath("/tasks/abc?tab=feedback")).toBe("/tasks/abc?tab=feedback");
    expect(sameSitePath("/%0d%0aSet-Cookie")).toBe("/%0d%0aSet-Cookie");
  });
  it("falls back to / for anything that could leave the site or loop to the login page", () => {
    for (const bad of [null, undefined, "", "tasks", "https://evil.example/", "//evil.example/x", "/\\evil.example", "/a\u0000b", "/login?x=1"]) {
      expect(sameSitePath(bad), String(bad)).toBe("/");
    }
  });
});
