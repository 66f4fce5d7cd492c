import { test, expect, pageAs, loginAs, type RoleKey } from "./fixtures";
import { Shell } from "./pages/shell";
import { LoginPage } from "./pages/login-page";

/** Every built-in role holds 消息中心 (messages.view); 待办事项 is every signed-in user's; the unit roles also see 单位用户信息. */
const MESSAGES = ["督查工作通知", "待办事项", "我的消息"];
/** 绩效统计: every role but the administrator (units see their own figures and ranking). */
const STATS = ["政务督查统计", "绩效考核统计", "部门办件统计"];

/** What each built-in role finds in its menu (besides 首页), in menu order. */
const EXPECTED_MENUS: Record<string, { role: RoleKey; items: string[]; groups: string[] }> = {
  督查室经办人: { role: "officeClerk", groups: ["督办任务", "绩效统计", "消息中心"], items: ["督办登记", "登记草稿", "待交办", "反馈审核", "全部任务", "任务归档", ...STATS, ...MESSAGES] },
  督查室领导: { role: "officeLeader", groups: ["督办任务", "绩效统计", "消息中心"], items: ["待审签", "反馈审核", "全部任务", "任务归档", ...STATS, ...MESSAGES] },
  区领导: { role: "districtLeader", groups: ["督办任务", "绩效统计", "消息中心"], items: ["全部任务", "任务归档", ...STATS, ...MESSAGES] },
  承办单位经办人: { role: "unitClerkA", groups: ["督办任务", "绩效统计", "消息中心"], items: ["任务承办", "承办反馈", "任务跟踪", "任务归档", ...STATS, ...MESSAGES, "单位用户信息"] },
  承办单位领导: { role: "unitLeaderA", groups: ["督办任务", "绩效统计", "消息中心"], items: ["任务审签", "任务跟踪", "任务归档", ...STATS, ...MESSAGES, "单位用户信息"] },
  系统管理员: {
    role: "admin",
    groups: ["消息中心", "系统设置"],
    items: [...MESSAGES, "用户管理", "角色管理", "部门管理", "基础数据", "提醒规则", "消息模板", "绩效规则", "工作日历", "系统参数"],
  },
  安全管理员: { role: "securityAdmin", groups: ["消息中心", "系统设置"], items: [...MESSAGES, "角色管理", "系统参数"] },
  安全审计员: { role: "auditor", groups: ["消息中心", "系统设置"], items: [...MESSAGES, "操作日志"] },
};

for (const [roleName, { role, items, groups }] of Object.entries(EXPECTED_MENUS)) {
  test(`${roleName} sees exactly the menu of the role`, async ({ browser }) => {
    const page = await pageAs(browser, role);
    await page.goto("/");
    await expect(page.getByTestId("home-roles")).toHaveText(roleName);
    const shell = new Shell(page);
    expect(await shell.menuGroups()).toEqual(groups);
    expect(await shell.menuLabels()).toEqual(["首页", ...items]);
    await page.context().close();
  });
}

test("a page outside the role is refused on the server with 403, not only hidden in the menu", async ({ browser }) => {
  const unitClerk = await pageAs(browser, "unitClerkA");
  const shown = await unitClerk.goto("/admin/users");
  expect(shown!.status()).toBe(403);
  await expect(unitClerk.getByText("您没有访问该页面的权限")).toBeVisible();
  // One <main>: the no-access message sits inside the shell's, not in a second one.
  await expect(unitClerk.locator("main")).toHaveCount(1);
  for (const path of ["/tasks/new", "/tasks/review", "/tasks/dispatch", "/admin/settings"]) {
    const response = await unitClerk.request.get(path);
    expect(response.status(), path).toBe(403);
    expect(await response.text(), path).toContain("您没有访问该页面的权限");
  }
  await unitClerk.context().close();

  const admin = await pageAs(browser, "admin");
  const response = await admin.request.get("/tasks/new");
  expect(response.status()).toBe(403);
  expect(await response.text()).toContain("您没有访问该页面的权限");
  // 三员分立: the 系统管理员 cannot read 操作日志; the 安全审计员 can, and nothing else of the back office.
  expect((await admin.request.get("/admin/audit")).status()).toBe(403);
  await admin.context().close();
  const auditor = await pageAs(browser, "auditor");
  expect((await auditor.request.get("/admin/audit")).status()).toBe(200);
  for (const path of ["/admin/users", "/admin/roles", "/admin/settings"]) expect((await auditor.request.get(path)).status(), path).toBe(403);
  await auditor.goto("/admin/audit");
  await auditor.getByTestId("audit-verify").click();
  await expect(auditor.getByTestId("audit-integrity")).toContainText("完整性校验通过");
  await auditor.context().close();
});

test("a user disabled while signed in is refused at the next request", async ({ browser }) => {
  // cj_ld is used by no other spec.
  const userContext = await browser.newContext();
  const userPage = await userContext.newPage();
  await loginAs(userPage, "cj_ld");
  await expect(userPage.getByTestId("home-unit")).toHaveText("渝中区城市建设发展有限公司");

  const admin = await pageAs(browser, "admin");
  await admin.goto("/admin/users?q=cj_ld");
  await admin.locator("[data-testid=user-row][data-username=cj_ld]").getByRole("link").first().click();
  await admin.getByRole("button", { name: "停用账号" }).click();
  await admin.getByRole("alertdialog").getByRole("button", { name: "停用" }).click();
  await expect(admin.getByText("该账号已停用，不能登录。")).toBeVisible();

  await userPage.reload();
  await new LoginPage(userPage).expectOnLoginPage();

  // And the account cannot sign in again while disabled.
  const login = new LoginPage(userPage);
  await login.login("cj_ld");
  await expect(login.error()).toHaveText("该账号已停用，请联系信息中心");

  await admin.getByRole("button", { name: "启用账号" }).click();
  await admin.getByRole("alertdialog").getByRole("button", { name: "启用" }).click();
  await expect(admin.getByText("该账号已停用，不能登录。")).toBeHidden();
  await login.login("cj_ld");
  await expect(userPage.getByTestId("home-unit")).toBeVisible();
  await userContext.close();
  await admin.context().close();
});
