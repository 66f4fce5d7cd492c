import type { Browser, Page } from "@playwright/test";
import { test, expect, pageAs, loginAs } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { Shell } from "./pages/shell";
import { totpCode } from "../lib/auth/totp";
import { captureScreen, createUser, type DedicatedUser } from "./security-helpers";

/**
 * 登录与会话安全 in the browser (README "登录与会话安全"): an administrator binds a 动态口令 on 密码修改, the
 * login then asks for the code (a wrong one gets the generic message), 退出其他会话 ends the user's other browser,
 * and another administrator's 重置动态口令 brings the password-only login back.
 *
 * Users: the shared admin (saved session, never logged in or out here) creates two users of its own per run,
 * so no other spec's saved session is touched. The concurrent-session limit (系统参数, global) is NOT set
 * here: while other specs run in parallel, a limit of 1 would end the saved session of any user another spec
 * logs in again. It is proved in e2e/exclusive/session-limit.spec.ts, which runs alone after every other
 * project (the setup project's teardown, playwright.config.ts), and in lib/services/auth/session-security.int.test.ts.
 *
 * Codes are computed with lib/auth/totp.ts, the server's own function. A code is accepted once and only for a
 * later step than the last one used, so the login uses the code of the next 30-second step (accepted: one step
 * of drift is allowed) rather than the enrolment's.
 */
const run = Date.now().toString(36).slice(-5);
const ADMIN2: DedicatedUser = { username: `tfa_${run}`, displayName: `双因素${run}`, role: "系统管理员" };
const CLERK: DedicatedUser = { username: `ses_${run}`, displayName: `会话${run}`, role: "承办单位经办人" };
const PASSWORD = "Anquan-Denglu-2026";
const WRONG_CODE_MESSAGE = "动态口令不正确或已使用过，请输入验证器上当前显示的 6 位数字";

let adminUserUrl = "";
let secret = "";

test.describe.configure({ mode: "serial", timeout: 90_000 });

test.beforeAll(async ({ browser }) => {
  // Two users, each with a first login and the forced password change: slow on a loaded CI box.
  test.setTimeout(150_000);
  const admin = await pageAs(browser, "admin");
  adminUserUrl = await createUser(admin, ADMIN2, PASSWORD);
  await createUser(admin, CLERK, PASSWORD);
  await admin.context().close();
});

function totpCard(page: Page) {
  return page.locator("section").filter({ has: page.getByRole("heading", { name: "双因素认证（动态口令）" }) });
}

/** A wrong code, whatever the right one is at this moment. */
function wrongCode(): string {
  return totpCode(secret, new Date()) === "000000" ? "111111" : "000000";
}

async function passwordStep(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  const login = new LoginPage(page);
  await login.goto();
  await login.login(username, PASSWORD);
  return page;
}

test("an administrator binds a 动态口令; the login then asks for it and refuses a wrong one", async ({ browser }) => {
  const page = await passwordStep(browser, ADMIN2.username);
  await expect(page).not.toHaveURL(/\/login/);
  await new Shell(page).openPasswordChange();
  const card = totpCard(page);
  await card.getByTestId("totp-start").click();
  secret = (await card.getByTestId("totp-secret").textContent()) ?? "";
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await expect(card.getByRole("img", { name: "动态口令二维码" }).locator("svg")).toBeVisible();
  await captureScreen(page, "enrolment-qr", card);
  // A wrong first code binds nothing.
  await card.getByLabel(/输入验证器显示的 6 位数字/).fill(wrongCode());
  await card.getByRole("button", { name: "确认绑定" }).click();
  await expect(card.getByTestId("totp-code-error")).toContainText("动态口令不正确");
  await card.getByLabel(/输入验证器显示的 6 位数字/).fill(totpCode(secret, new Date()));
  await card.getByRole("button", { name: "确认绑定" }).click();
  await expect(card.getByTestId("totp-enabled")).toBeVisible();
  await expect(page.getByTestId("my-sessions").getByText("当前会话")).toBeVisible();
  await captureScreen(page, "account-page", page.getByTestId("my-sessions"));

  await new Shell(page).logout();
  const login = new LoginPage(page);
  await login.login(ADMIN2.username, PASSWORD);
  await expect(page).toHaveURL(/\/login\/totp$/);
  await expect(page.getByText(`${ADMIN2.displayName}，请输入动态口令完成登录`)).toBeVisible();
  // The pending login opens nothing else: any page sends it back to the code step.
  await page.goto("/tasks");
  await expect(page).toHaveURL(/\/login\/totp$/);
  const code = page.getByLabel("动态口令", { exact: true });
  await expect(code).toBeFocused();
  await expect(code).toHaveAttribute("inputmode", "numeric");
  await expect(code).toHaveAttribute("autocomplete", "one-time-code");
  await captureScreen(page, "login-code-step");

  await code.fill(wrongCode());
  await page.getByRole("button", { name: "验 证" }).click();
  await expect(page.getByTestId("login-error")).toHaveText(WRONG_CODE_MESSAGE);
  await expect(page).toHaveURL(/\/login\/totp$/);

  await code.fill(totpCode(secret, new Date(Date.now() + 30_000)));
  await page.getByRole("button", { name: "验 证" }).click();
  await expect(page.getByTestId("header-user")).toContainText(ADMIN2.displayName);
  await page.context().close();
});

test("退出其他会话 ends the user's session in another browser; this one stays signed in", async ({ browser }) => {
  const first = await passwordStep(browser, CLERK.username);
  const second = await passwordStep(browser, CLERK.username);
  await second.goto("/account/password");
  const sessions = second.getByTestId("my-sessions").getByRole("listitem");
  await expect(sessions).toHaveCount(2);
  await expect(sessions.first()).toContainText("当前会话");
  await second.getByRole("button", { name: "退出其他会话" }).click();
  await expect(second.getByRole("status").filter({ hasText: "已退出其他 1 个会话" })).toBeVisible();
  await expect(sessions).toHaveCount(1);

  await first.goto("/tasks");
  await expect(first).toHaveURL(/\/login\?expired=1/);
  await expect(first.getByTestId("login-notice")).toHaveText("登录已超时或失效，请重新登录");
  await second.goto("/tasks");
  await expect(second.getByTestId("header-user")).toContainText(CLERK.displayName);
  await first.context().close();
  await second.context().close();
});

test("用户管理 → 重置动态口令 by another administrator: the password alone logs in again", async ({ browser }) => {
  const admin = await pageAs(browser, "admin");
  await admin.goto(adminUserUrl);
  await admin.getByTestId("reset-totp").click();
  await admin.getByTestId("reset-totp-confirm").click();
  await expect(admin.getByTestId("account-status")).toContainText("已重置");
  await expect(admin.getByTestId("reset-totp")).toHaveCount(0);
  await admin.context().close();

  const page = await (await browser.newContext()).newPage();
  await loginAs(page, ADMIN2.username, PASSWORD);
  await expect(page.getByTestId("header-user")).toContainText(ADMIN2.displayName);
  await page.goto("/account/password");
  await expect(totpCard(page).getByTestId("totp-start")).toBeVisible();
  await page.context().close();
});
