import type { Browser } from "@playwright/test";
import { test, expect, pageAs } from "../fixtures";
import { LoginPage } from "../pages/login-page";
import { captureScreen, createUser } from "../security-helpers";

/**
 * 同时在线会话数上限 (系统参数 maxSessionsPerUser) in the browser: with a limit of 1, a second login ends the
 * first browser's session, which then reads "您的账号已在其他地方登录" at its next page.
 *
 * The setting is global and acts at every completed login: set while other specs run, it would end the saved
 * session of any user another spec logs in again (e.g. auth.spec.ts logs jw_jbr in). So this file runs in the
 * `exclusive` project, the setup project's teardown (playwright.config.ts): Playwright starts it only after every
 * project that uses the saved sessions (chromium, phone) has finished, and nothing runs beside it. It puts the
 * setting back to 0 (the seeded value) whatever happens. The rules themselves (oldest sessions end, a login
 * still waiting for its 动态口令 is not counted) are in lib/services/auth/session-security.int.test.ts.
 */
const run = Date.now().toString(36).slice(-5);
const USER = { username: `lim_${run}`, displayName: `限制${run}`, role: "承办单位经办人" };
const PASSWORD = "Anquan-Denglu-2026";

async function setSessionLimit(browser: Browser, limit: number): Promise<void> {
  const admin = await pageAs(browser, "admin");
  await admin.goto("/admin/settings");
  await admin.getByRole("spinbutton", { name: "同时在线会话数上限" }).fill(String(limit));
  await admin.getByTestId("save-settings").click();
  await expect(admin.getByTestId("settings-status")).toContainText("已保存");
  await admin.reload();
  await expect(admin.getByRole("spinbutton", { name: "同时在线会话数上限" })).toHaveValue(String(limit));
  await admin.context().close();
}

test.afterAll(async ({ browser }) => {
  await setSessionLimit(browser, 0);
});

test("with 同时在线会话数上限 = 1 a second login ends the first browser's session, which is told why", async ({ browser }) => {
  test.setTimeout(90_000);
  const admin = await pageAs(browser, "admin");
  await createUser(admin, USER, PASSWORD);
  await admin.context().close();
  await setSessionLimit(browser, 1);

  const first = await (await browser.newContext()).newPage();
  const second = await (await browser.newContext()).newPage();
  for (const page of [first, second]) {
    const login = new LoginPage(page);
    await login.goto();
    await login.login(USER.username, PASSWORD);
    await expect(page.getByTestId("header-user")).toContainText(USER.displayName);
  }

  await first.goto("/tasks");
  await expect(first).toHaveURL(/\/login\?displaced=1/);
  await expect(first.getByTestId("login-notice")).toHaveText("您的账号已在其他地方登录，本次登录已结束。如非本人操作，请立即修改密码");
  await captureScreen(first, "displaced-login");
  await second.goto("/tasks");
  await expect(second.getByTestId("header-user")).toContainText(USER.displayName);
  await second.goto("/account/password");
  await expect(second.getByTestId("my-sessions").getByRole("listitem")).toHaveCount(1);
  await first.context().close();
  await second.context().close();
});
