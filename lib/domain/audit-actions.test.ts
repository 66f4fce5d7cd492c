import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_LABELS, auditActionLabel } from "./audit-actions";

describe("auditActionLabel", () => {
  it("names every recorded action in Chinese, never as its code", () => {
    expect(auditActionLabel("auth.login_failed")).toBe("登录失败");
    expect(auditActionLabel("admin.user.reset_password")).toBe("重置用户密码");
    for (const [code, label] of Object.entries(AUDIT_ACTION_LABELS)) {
      expect(label).not.toContain(code);
      expect(label).toMatch(/^[\u4e00-\u9fff]+$/);
    }
  });

  it("does not echo an unknown code (or one typed into the URL) as a label", () => {
    expect(auditActionLabel("x.<script>")).toBe("其他操作");
    expect(auditActionLabel("constructor")).toBe("其他操作");
  });
});
