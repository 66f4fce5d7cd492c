import { test, expect, loginAs, pageAs, DEMO_PASSWORD } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { Shell } from "./pages/shell";
import { PasswordPage } from "./pages/password-page";

// Users touched destructively here are used by no other spec: cj_jbr (lockout), cg_jbr (password),
// ctm_ld (logout), zj_ld (redirect back).

test("an anonymous visitor is sent to the login page", async ({ page }) => {
  await page.goto("/");
  await new LoginPage(page).expectOnLoginPage();
});

test("login succeeds and the home page shows who I am, my unit and my roles", async ({ page }) => {
  await loginAs(page, "jw_jbr");
  await expect(page.getByRole("heading", { name: "您好，刘洋" })).toBeVisible();
  await expect(page.getByTestId("home-unit")).toHaveText("区教委");
  await expect(page.getByTestId("home-roles")).toHaveText("承办单位经办人");
  await expect(new Shell(page).headerUser()).toContainText("区教委");
});

test("a wrong password shows the manual's error message and does not log in", async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  await login.login("dcs_jbr2", "not-the-password");
  await expect(login.error()).toHaveText("用户名或密码错误");
  await login.expectOnLoginPage();
  await expect(page.getByLabel("用户名")).toHaveValue("dcs_jbr2");
});

test("five wrong passwords lock the account: the sixth attempt is refused even with the right password", async ({ page }) => {
  const login = new LoginPage(page);
  await login.goto();
  for (let i = 1; i <= 4; i++) {
    await login.login("cj_jbr", `wrong-${i}`);
    await expect(login.error()).toHaveText("用户名或密码错误");
  }
  await login.login("cj_jbr", "wrong-5");
  await expect(login.error()).toContainText("账号已锁定，请 15 分钟后再试");
  await login.login("cj_jbr", DEMO_PASSWORD);
  await expect(login.error()).toContainText("账号已锁定");
  await login.expectOnLoginPage();
});

test("a changed password works, the old one no longer does", async ({ page }) => {
  const newPassword = "Xin-Mima-2026";
  await loginAs(page, "cg_jbr");
  const shell = new Shell(page);
  await shell.openPasswordChange();
  const form = new PasswordPage(page);

  await form.change("wrong-old", newPassword);
  await expect(page.getByTestId("oldPassword-error")).toHaveText("原密码不正确");
  await form.change(DEMO_PASSWORD, "weakpassword");
  await expect(page.getByTestId("newPassword-error")).toContainText("至少三类");

  await form.change(DEMO_PASSWORD, newPassword);
  const login = new LoginPage(page);
  await expect(login.notice()).toHaveText("密码已修改，请使用新密码重新登录");
  await login.login("cg_jbr", DEMO_PASSWORD);
  await expect(login.error()).toHaveText("用户名或密码错误");
  await login.login("cg_jbr", newPassword);
  await expect(page.getByRole("heading", { name: /您好/ })).toBeVisible();

  // Password history: going back to the demo password is refused (cg_jbr is this test's alone; the e2e database
  // is fresh on every run, so it need not be put back).
  await shell.openPasswordChange();
  await form.change(newPassword, DEMO_PASSWORD);
  await expect(page.getByTestId("newPassword-error")).toHaveText("新密码不能与最近 5 次使用过的密码相同");
  await expect(page).toHaveURL(/\/account\/password/);
});

test("logout (用户注销) ends the session: protected pages send me back to login", async ({ page }) => {
  await loginAs(page, "ctm_ld");
  const cookiesBefore = await page.context().cookies();
  await new Shell(page).logout();
  const login = new LoginPage(page);
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
  await expect(login.notice()).toHaveText("您已退出登录");
  await page.goto("/account/password");
  await login.expectOnLoginPage();

  // A copy of the old session cookie is dead too: logout moved the user's session version on.
  const replay = await page.context().browser()!.newContext();
  await replay.addCookies(cookiesBefore);
  const replayPage = await replay.newPage();
  await replayPage.goto("/");
  await new LoginPage(replayPage).expectOnLoginPage();
  await replay.close();
});

test("on a phone the header keeps to one line and 用户注销 is in the menu", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await loginAs(page, "ctm_ld");
  // The header is one row: nothing in it wraps below its bottom edge (the account links used to, a character a line).
  const overflow = await page.getByRole("banner").evaluate((header) => {
    const bottom = header.getBoundingClientRect().bottom;
    return [...header.querySelectorAll("*")].filter((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().bottom > bottom + 1).length;
  });
  expect(overflow).toBe(0);
  await new Shell(page).logoutFromPhoneMenu();
  await expect(page).toHaveURL(/\/login\?signedOut=1$/);
});

test("after login I return to the page I asked for", async ({ page }) => {
  await page.goto("/account/password");
  const login = new LoginPage(page);
  await login.expectOnLoginPage();
  await login.login("zj_ld");
  await expect(page).toHaveURL(/\/account\/password$/);
});

test("the health endpoint tells anyone only ok, and a signed-in admin that the database is reachable", async ({ request, browser }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok" });
  const admin = await pageAs(browser, "admin");
  expect(await (await admin.request.get("/api/health")).json()).toMatchObject({ status: "ok", database: "ok" });
  await admin.context().close();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test("the menu opens from the header and the page fits the screen", async ({ page }) => {
    await loginAs(page, "jfb_jbr");
    await expect(page.getByRole("heading", { name: /您好/ })).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByRole("button", { name: "打开菜单" }).click();
    const sheet = page.getByRole("dialog", { name: "菜单" });
    await expect(sheet.getByRole("link", { name: "首页" })).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(sheet).toBeHidden();
  });
});
