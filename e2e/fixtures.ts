import { test as base, expect, type Browser, type Page } from "@playwright/test";
import path from "node:path";
import { LoginPage, DEMO_PASSWORD } from "./pages/login-page";

/**
 * One saved login per role (made once by auth.setup.ts). Specs that log out, change passwords or get
 * locked must use their own users (see e2e/README in the project README), because logging out ends
 * every session of that user, including the saved one.
 */
export const ROLE_USERS = {
  officeClerk: "dcs_jbr",
  officeLeader: "dcs_ld",
  officeLeader2: "dcs_ld2",
  districtLeader: "qld",
  admin: "admin",
  // 三员分立: 安全管理员 and 安全审计员 (the only role that reads 操作日志).
  securityAdmin: "secadmin",
  auditor: "auditor",
  unitClerkA: "jw_jbr",
  unitLeaderA: "jw_ld",
  unitClerkB: "mz_jbr",
  unitLeaderB: "mz_ld",
} as const;
export type RoleKey = keyof typeof ROLE_USERS;

export function storageStatePath(username: string): string {
  return path.join(process.cwd(), "e2e", ".auth", `${username}.json`);
}

/** A fresh browser context logged in as a role's demo user (from the saved state). */
export async function pageAs(browser: Browser, role: RoleKey): Promise<Page> {
  const context = await browser.newContext({ storageState: storageStatePath(ROLE_USERS[role]) });
  return context.newPage();
}

/** Logs in through the UI (for users without saved state, or when the login itself is under test). */
export async function loginAs(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  const login = new LoginPage(page);
  await login.goto();
  await login.login(username, password);
  await expect(page).not.toHaveURL(/\/login/);
}

export const test = base;
export { expect, DEMO_PASSWORD };
