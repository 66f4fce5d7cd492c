import { createHmac, randomBytes } from "node:crypto";
import { test, expect, pageAs } from "./fixtures";
import type { Browser, Page } from "@playwright/test";
import { OA_OIDC_URL, SSO_LINK_SECRET } from "../playwright.config";

/**
 * OA single sign-on (manual §2.2, §2.8.1) against a stand-in OA (e2e/oa-stand-in/server.mjs): a real
 * OpenID Connect provider, a CAS server, and entry links signed with the shared secret. The app runs with all
 * three on (playwright.config.ts). Users are linked to the OA by their OA 账号, set in 用户管理.
 */
const run = Date.now().toString(36).slice(-5);
const KNOWN = { username: `sso_in_${run}`, displayName: `单点${run}`, oa: `oa.known.${run}` };
const DISABLED = { username: `sso_off_${run}`, displayName: `停用${run}`, oa: `oa.off.${run}` };
const STRANGER = `oa.stranger.${run}`;
const UNKNOWN_MESSAGE = "您的账号在督查系统中不存在，请联系信息中心添加您单位的账号";

/** 用户管理 → 新建用户 with an OA 账号 and no local password (the OA is the only way in). */
async function createOaOnlyUser(admin: Page, user: { username: string; displayName: string; oa: string }): Promise<void> {
  await admin.goto("/admin/users/new");
  await admin.getByLabel("用户名").fill(user.username);
  await admin.getByLabel("姓名").fill(user.displayName);
  await admin.getByLabel("所属单位").selectOption({ label: "区教委" });
  await admin.getByTestId("role-承办单位经办人").check();
  await admin.getByRole("textbox", { name: "OA 账号" }).fill(user.oa);
  await admin.getByTestId("ssoOnly").check();
  await admin.getByTestId("save-user").click();
  await expect(admin.getByTestId("user-created")).toBeVisible();
  await expect(admin.getByTestId("temporary-password")).toHaveCount(0);
}

async function freshPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** Types an account into the stand-in OA's own login form (OIDC or CAS). */
async function loginAtOa(page: Page, account: string): Promise<void> {
  await page.getByLabel("OA 账号").fill(account);
  await page.getByLabel("OA 密码").fill("oa-password");
  await page.getByRole("button", { name: "登录 OA" }).click();
}

async function expectSignedInAs(page: Page, displayName: string): Promise<void> {
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByTestId("header-user")).toContainText(displayName);
}

async function expectRefused(page: Page, message: string | RegExp): Promise<void> {
  await expect(page).toHaveURL(/\/login\?sso=/);
  await expect(page.getByTestId("sso-error")).toContainText(message);
  // No session: the system still sends this browser to the login page.
  await page.goto("/tasks");
  await expect(page).toHaveURL(/\/login/);
}

function signedLink(user: string, options: { ageSeconds?: number; nonce?: string; tamperUser?: string } = {}): string {
  const ts = String(Math.floor(Date.now() / 1000) - (options.ageSeconds ?? 0));
  const nonce = options.nonce ?? randomBytes(16).toString("hex");
  const sig = createHmac("sha256", SSO_LINK_SECRET).update(`${user}\n${ts}\n${nonce}`).digest("hex");
  const params = new URLSearchParams({ user: options.tamperUser ?? user, ts, nonce, sig });
  return `/sso/link?${params}`;
}

// Each test makes several OA round trips (≈ 10–30 s on a loaded CI box): 90 s keeps 3× headroom.
test.describe.configure({ mode: "serial", timeout: 90_000 });

test.beforeAll(async ({ browser }) => {
  const admin = await pageAs(browser, "admin");
  await createOaOnlyUser(admin, KNOWN);
  await createOaOnlyUser(admin, DISABLED);
  await admin.getByRole("link", { name: "查看该用户" }).click();
  await admin.getByTestId("disable-user").click();
  await admin.getByTestId("disable-user-confirm").click();
  await expect(admin.getByTestId("enable-user")).toBeVisible();
  await admin.context().close();
});

test("OpenID Connect: a linked user comes in from the OA; logging out offers the OA's logout", async ({ browser }) => {
  const page = await freshPage(browser);
  await page.goto("/login");
  await page.getByTestId("sso-oidc").click();
  await expect(page).toHaveURL(new RegExp(`^${OA_OIDC_URL}/interaction/`));
  await loginAtOa(page, KNOWN.oa);
  await expectSignedInAs(page, KNOWN.displayName);

  await page.getByRole("button", { name: "用户注销" }).click();
  await expect(page.getByTestId("login-notice")).toContainText("您已退出登录");
  await expect(page.getByTestId("oa-logout")).toHaveAttribute("href", new RegExp(`^${OA_OIDC_URL}/session/end\\?client_id=duchaduban`));
  await page.context().close();
});

test("OpenID Connect: a user the OA knows but this system does not gets the manual's message and no session; a disabled user is refused", async ({ browser }) => {
  const page = await freshPage(browser);
  await page.goto("/sso/oidc");
  await loginAtOa(page, STRANGER);
  await expectRefused(page, UNKNOWN_MESSAGE);

  // The OA still has its own session for the stranger: sign in there again as the disabled user in a fresh browser.
  const other = await freshPage(browser);
  await other.goto("/sso/oidc");
  await loginAtOa(other, DISABLED.oa);
  await expectRefused(other, "该账号已停用");
  await page.context().close();
  await other.context().close();
});

test("CAS: a linked user comes back from the OA portal on the page they asked for; an unknown one is refused", async ({ browser }) => {
  const page = await freshPage(browser);
  await page.goto("/tasks");
  await expect(page).toHaveURL(/\/login/);
  await page.getByTestId("sso-cas").click();
  await expect(page.getByRole("heading", { name: "OA 门户登录（CAS 测试）" })).toBeVisible();
  await loginAtOa(page, KNOWN.oa);
  await expect(page).toHaveURL(/\/tasks$/);
  await expectSignedInAs(page, KNOWN.displayName);
  await page.getByRole("button", { name: "用户注销" }).click();
  await expect(page.getByTestId("oa-logout")).toHaveAttribute("href", /\/cas\/logout\?service=/);

  const stranger = await freshPage(browser);
  await stranger.goto("/sso/cas");
  await loginAtOa(stranger, STRANGER);
  await expectRefused(stranger, UNKNOWN_MESSAGE);

  // A ticket the OA never issued (or issued to another service) is refused by the OA's validation.
  await stranger.goto("/sso/cas?ticket=ST-forged-ticket-123");
  await expectRefused(stranger, "OA 登录凭据无效或已过期");
  await page.context().close();
  await stranger.context().close();
});

test("Signed link: a fresh link signs in once; replayed, tampered, expired and unknown links are refused", async ({ browser }) => {
  const page = await freshPage(browser);
  const link = signedLink(KNOWN.oa);
  await page.goto(link);
  await expectSignedInAs(page, KNOWN.displayName);

  const other = await freshPage(browser);
  await other.goto(link);
  await expectRefused(other, "该 OA 登录链接已使用过");
  await other.goto(signedLink(STRANGER, { tamperUser: KNOWN.oa }));
  await expectRefused(other, "签名不符");
  await other.goto(signedLink(KNOWN.oa, { ageSeconds: 600 }));
  await expectRefused(other, "已过期");
  await other.goto(signedLink(STRANGER));
  await expectRefused(other, UNKNOWN_MESSAGE);
  await other.goto(signedLink(DISABLED.oa));
  await expectRefused(other, "该账号已停用");
  await page.context().close();
  await other.context().close();
});

test("every OA login and refusal is in 操作日志 with its method", async ({ browser }) => {
  const auditor = await pageAs(browser, "auditor");
  await auditor.goto(`/admin/audit?who=${encodeURIComponent(KNOWN.displayName)}&action=auth.login`);
  const methods = auditor.getByTestId("login-detail");
  for (const method of ["OA 单点登录（OpenID Connect）", "OA 单点登录（CAS）", "OA 签名链接"]) {
    await expect(methods.filter({ hasText: method }).first()).toBeVisible();
  }
  await auditor.goto(`/admin/audit?who=${encodeURIComponent(STRANGER)}&action=auth.login_failed`);
  await expect(auditor.getByTestId("login-detail").filter({ hasText: "原因：账号在本系统中不存在" }).first()).toBeVisible();
  await auditor.context().close();
});
