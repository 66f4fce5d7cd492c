import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, type Locator, type Page } from "@playwright/test";
import { LoginPage } from "./pages/login-page";
import { PasswordPage } from "./pages/password-page";

/** A user a security spec creates for itself (so no other spec's saved session is touched). */
export interface DedicatedUser {
  username: string;
  displayName: string;
  /** The role's name as 用户管理 shows it. */
  role: string;
}

const TEMPORARY_PASSWORD = "Linshi-Mima-2026";

/**
 * 用户管理 → 新建用户 (by `admin`, a page with an administrator's session) with a temporary password, then the
 * user's own first login, where the forced 密码修改 sets `password`. Returns the user's page in 用户管理.
 */
export async function createUser(admin: Page, user: DedicatedUser, password: string): Promise<string> {
  await admin.goto("/admin/users/new");
  await admin.getByLabel("用户名").fill(user.username);
  await admin.getByLabel("姓名").fill(user.displayName);
  await admin.getByLabel("所属单位").selectOption({ label: "区教委" });
  await admin.getByTestId(`role-${user.role}`).check();
  await admin.getByLabel("临时密码").fill(TEMPORARY_PASSWORD);
  await admin.getByTestId("save-user").click();
  await expect(admin.getByTestId("user-created")).toBeVisible();
  const href = await admin.getByRole("link", { name: "查看该用户" }).getAttribute("href");

  const page = await (await admin.context().browser()!.newContext()).newPage();
  const login = new LoginPage(page);
  await login.goto();
  await login.login(user.username, TEMPORARY_PASSWORD);
  await expect(page).toHaveURL(/\/account\/password\?required=1/);
  await new PasswordPage(page).change(TEMPORARY_PASSWORD, password);
  await expect(login.notice()).toHaveText("密码已修改，请使用新密码重新登录");
  await page.context().close();
  return href!;
}

/**
 * Review screenshots of the security screens, desktop (1280 wide) and phone (390 × 844), taken only when
 * E2E_SCREENSHOT_DIR is set (e.g. `E2E_SCREENSHOT_DIR=/tmp/shots npx playwright test e2e/security-login.spec.ts`):
 * the manual's own pictures are made by help-screenshots.spec.ts, these are for looking at a change. Desktop: the
 * whole page; phone: the whole page, or with `phoneFocus` the screen as a phone shows it, scrolled to that part
 * (a full-page picture would draw the fixed bottom menu over the middle of the page).
 */
export async function captureScreen(page: Page, name: string, phoneFocus?: Locator): Promise<void> {
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const original = page.viewportSize() ?? { width: 1280, height: 720 };
  for (const [suffix, viewport] of [
    ["desktop", { width: 1280, height: 800 }],
    ["phone", { width: 390, height: 844 }],
  ] as const) {
    await page.setViewportSize(viewport);
    await page.evaluate(() => document.fonts.ready);
    const file = path.join(dir, `${name}-${suffix}.png`);
    const framed = suffix === "phone" && phoneFocus;
    // A full-page picture of a scrolled page draws the sticky header where the page was scrolled to.
    if (framed) await phoneFocus.scrollIntoViewIfNeeded();
    else await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: file, fullPage: !framed, animations: "disabled" });
  }
  await page.setViewportSize(original);
}
