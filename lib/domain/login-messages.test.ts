import { describe, expect, it } from "vitest";
import { loginRefusalMessage, ssoRefusalMessage } from "./login-messages";

describe("login refusal messages", () => {
  it("says what the manual says when the OA knows the user and this system does not (§2.8.1)", () => {
    expect(ssoRefusalMessage("unknown_user")).toBe("您的账号在督查系统中不存在，请联系信息中心添加您单位的账号");
  });
  it("names the wait of a lock or throttle", () => {
    expect(loginRefusalMessage("locked:15")).toContain("15 分钟后再试");
    expect(ssoRefusalMessage("throttled:3")).toContain("3 分钟后再试");
  });
  it("keeps unknown codes generic: a password failure never tells which part was wrong, an odd ?sso= is not echoed", () => {
    expect(loginRefusalMessage("whatever")).toBe("用户名或密码错误");
    expect(ssoRefusalMessage("<script>")).toBe(ssoRefusalMessage("failed"));
    expect(ssoRefusalMessage("toString")).toBe(ssoRefusalMessage("failed"));
    expect(ssoRefusalMessage("link_replayed")).toContain("已使用过");
  });
});
