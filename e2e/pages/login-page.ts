import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "Demo@2026";

/** The login screen (manual §2.3: username + password, error message on failure). */
export class LoginPage {
  constructor(private readonly page: Page) {}

  async goto() {
    await this.page.goto("/login");
  }

  async login(username: string, password = DEMO_PASSWORD) {
    await this.page.getByLabel("用户名").fill(username);
    await this.page.getByLabel("密码", { exact: true }).fill(password);
    await this.page.getByRole("button", { name: "登 录" }).click();
    // Wait until this attempt has settled: either we left the page, or React reset the form after the
    // action answered (the password field empties). Otherwise a repeated, identical error message
    // would let the next attempt type into a form that is about to be reset.
    await this.page.waitForFunction(() => {
      const field = document.querySelector<HTMLInputElement>("#password");
      return !field || field.value === "";
    });
  }

  error() {
    return this.page.getByTestId("login-error");
  }

  notice() {
    return this.page.getByTestId("login-notice");
  }

  async expectOnLoginPage() {
    await expect(this.page).toHaveURL(/\/login/);
    await expect(this.page.getByRole("button", { name: "登 录" })).toBeVisible();
  }
}
