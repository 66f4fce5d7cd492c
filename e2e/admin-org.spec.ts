import ExcelJS from "exceljs";
import type { Browser, Page } from "@playwright/test";
import { ROLE_USERS, expect, loginAs, test, type RoleKey } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { PasswordPage } from "./pages/password-page";
import { Shell } from "./pages/shell";
import { AdminDepartmentsPage, AdminRolesPage, AdminUsersPage } from "./pages/admin-org";
import { ADMIN_GROUP_LABEL, NAVIGATION, navigationFor } from "../lib/domain/navigation";
import type { Permission } from "../lib/domain/permissions";

// Unique per run, so the spec can run against a database that already holds earlier runs.
const run = Date.now().toString(36).slice(-5);

/**
 * A fresh context logged in through the login page. Deliberately not the saved e2e/.auth states: in a
 * shared checkout another run may overwrite those files with cookies of a different server.
 */
async function pageAs(browser: Browser, role: RoleKey): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await loginAs(page, ROLE_USERS[role]);
  return page;
}

test.describe("back office: organisation", () => {
  test.describe.configure({ mode: "serial" });
  // One story in two tests, so neither comes near the timeout on a loaded machine: the admin sets up
  // a unit, a role and a user; then that user signs in for the first time.
  const created = { unit: `区测试局${run}`, roleName: `部门维护员${run}`, username: `e2e_${run}`, temporaryPassword: "" };
  // A back-office permission the admin holds (操作日志 he lacks since 三员分立, so he could not grant it).
  const permissions: Permission[] = ["task.view", "admin.departments"];

  test("an admin creates a unit, a role and a user with a temporary password; 操作日志 shows it with before/after", async ({ browser }) => {
    const admin = await pageAs(browser, "admin");
    const { unit, roleName, username } = created;
    await new AdminDepartmentsPage(admin).create(unit, "区级部门");
    await new AdminRolesPage(admin).create(roleName, "own_unit", permissions);
    created.temporaryPassword = await new AdminUsersPage(admin).create({ username, displayName: "测试用户", mobile: "13712345678", unit, roles: [roleName] });
    expect(created.temporaryPassword.length).toBeGreaterThanOrEqual(8);

    await admin.context().close();
    // 操作日志 is the 安全审计员's (三员分立).
    const auditor = await pageAs(browser, "auditor");
    await auditor.goto(`/admin/audit?who=${encodeURIComponent("系统管理员")}&action=admin.user.create`);
    const row = auditor.getByTestId("audit-row").first();
    await row.getByText("查看变更").click();
    await expect(row.getByTestId("audit-detail")).toContainText(username);
    await expect(row.getByTestId("audit-detail")).toContainText(roleName);
    await auditor.context().close();
  });

  test("the new user changes the temporary password at first login and sees exactly that role's menu", async ({ browser }) => {
    const { unit, username, temporaryPassword } = created;
    expect(temporaryPassword, "the previous test created the user").not.toBe("");
    const context = await browser.newContext();
    const page = await context.newPage();
    await new LoginPage(page).goto();
    await new LoginPage(page).login(username, temporaryPassword);
    await expect(page).toHaveURL(/\/account\/password\?required=1/);
    await expect(page.getByTestId("must-change-notice")).toBeVisible();
    await new PasswordPage(page).change(temporaryPassword, "Xinmima#2026");
    await expect(page).toHaveURL(/\/login\?changed=1/);
    await loginAs(page, username, "Xinmima#2026");

    const expected = navigationFor({ permissions: new Set(permissions), dataScope: "own_unit" }).flatMap((g) => g.items.map((i) => i.label));
    expect(await new Shell(page).menuLabels()).toEqual(["首页", ...expected]);
    await expect(new Shell(page).headerUser()).toContainText(unit);
    // The role's one back-office page opens; the others are refused.
    await page.goto("/admin/departments");
    await expect(page.getByRole("heading", { name: "部门管理" })).toBeVisible();
    await expect(page.getByTestId("admin-subnav").getByRole("link")).toHaveText(["部门管理"]);
    const refused = await page.request.get("/admin/users");
    expect(refused.status()).toBe(403);
    await context.close();
  });

  test("an import with one bad row writes nothing and shows that row's error", async ({ browser }) => {
    const admin = await pageAs(browser, "admin");
    const users = new AdminUsersPage(admin);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("用户导入");
    sheet.addRow(["用户名", "姓名", "手机号", "所属单位", "角色", "短信接收人", "初始密码"]);
    sheet.addRow([`imp_ok_${run}`, "导入甲", "13600000001", "区教委", "承办单位经办人", "是", ""]);
    sheet.addRow([`imp_bad_${run}`, "导入乙", "1360000", "区教委", "承办单位经办人", "否", ""]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());

    await users.previewImport({ name: "users.xlsx", buffer }, "Tongyi#2026");
    await expect(admin.getByTestId("import-summary")).toContainText("1 行有错误");
    await expect(users.importRow(2)).toContainText("通过");
    await expect(users.importRow(3).getByTestId("import-row-errors")).toContainText("手机号“1360000”格式不正确");
    await expect(admin.getByTestId("import-confirm")).toBeDisabled();

    await users.search(`imp_ok_${run}`);
    await expect(users.rows()).toHaveCount(0);
    await expect(admin.getByText("没有符合条件的用户")).toBeVisible();

    // Fixing the row lets the whole sheet in.
    sheet.getRow(3).getCell(3).value = "13600000002";
    const fixed = Buffer.from(await workbook.xlsx.writeBuffer());
    await users.previewImport({ name: "users.xlsx", buffer: fixed }, "Tongyi#2026");
    await expect(admin.getByTestId("import-summary")).toContainText("全部检查通过");
    await admin.getByTestId("import-confirm").click();
    await expect(admin.getByTestId("import-done")).toContainText("已导入 2 个用户");
    await users.search(`imp_`);
    await expect(users.rows().filter({ hasText: run })).toHaveCount(2);
    await admin.context().close();
  });
});

test.describe("back office: access control", () => {
  const adminPages = [
    ...NAVIGATION.find((g) => g.label === ADMIN_GROUP_LABEL)!.items.map((i) => i.href),
    "/admin/users/new",
    "/admin/users/import",
    "/admin/roles/new",
    "/admin/departments/new",
  ];

  for (const role of ["officeClerk", "unitClerkA"] as const) {
    test(`${role} gets 无权访问 on every back-office page and 403 on the downloads`, async ({ browser }) => {
      const page = await pageAs(browser, role);
      await page.goto(adminPages[0]!);
      await expect(page.getByTestId("forbidden")).toBeVisible();
      for (const href of adminPages) {
        // Asked of the server directly (no page load per URL): the status and the text it renders.
        const response = await page.request.get(href);
        expect(response.status(), href).toBe(403);
        expect(await response.text(), href).toContain("您没有访问该页面的权限");
      }
      for (const href of ["/admin/users/export", "/admin/users/import/template"]) {
        const response = await page.request.get(href);
        expect(response.status(), href).toBe(403);
      }
      await page.context().close();
    });
  }

  test("a non-admin replaying the admin's 新建用户 server action is refused and nothing is created", async ({ browser }) => {
    const admin = await pageAs(browser, "admin");
    const username = `replay_${run}`;
    await admin.goto("/admin/users/new");
    await admin.getByLabel("用户名").fill(username);
    await admin.getByLabel("姓名").fill("重放");
    await admin.getByLabel("所属单位").selectOption({ label: "区教委" });
    await admin.getByTestId("role-系统管理员").check();
    await admin.getByLabel("临时密码").fill("Chongfang#2026");
    // Capture the real action request (its id header and form body), but do not let it reach the server.
    let captured: { url: string; headers: Record<string, string>; body: Buffer } | undefined;
    await admin.route("**/admin/users/new", async (route) => {
      const request = route.request();
      if (request.method() === "POST" && request.headers()["next-action"]) {
        captured = { url: request.url(), headers: request.headers(), body: request.postDataBuffer()! };
        await route.abort();
      } else await route.continue();
    });
    await admin.getByTestId("save-user").click();
    await expect.poll(() => captured).toBeDefined();

    for (const role of ["unitClerkA", "officeClerk"] as const) {
      const attacker = await pageAs(browser, role);
      const response = await attacker.request.post(captured!.url, {
        headers: { "next-action": captured!.headers["next-action"]!, "content-type": captured!.headers["content-type"]!, accept: "text/x-component" },
        data: captured!.body,
      });
      const text = await response.text();
      expect(text).toContain("FORBIDDEN");
      expect(text).toContain("您没有执行此操作的权限");
      await attacker.context().close();
    }
    await admin.unroute("**/admin/users/new");
    await new AdminUsersPage(admin).search(username);
    await expect(new AdminUsersPage(admin).rows()).toHaveCount(0);
    await admin.context().close();
  });
});
