import { expect, type Page } from "@playwright/test";

/** The signed-in shell: header (user, unit, 密码修改, 用户注销) and the role-aware menu. */
export class Shell {
  constructor(private readonly page: Page) {}

  headerUser() {
    return this.page.getByTestId("header-user");
  }

  /** Labels of every menu entry in the desktop sidebar, in order. */
  async menuLabels(): Promise<string[]> {
    const nav = this.page.locator("aside").getByRole("navigation", { name: "主导航" });
    await expect(nav).toBeVisible();
    return nav.getByRole("link").allInnerTexts();
  }

  async menuGroups(): Promise<string[]> {
    return this.page.locator("aside nav p").allInnerTexts();
  }

  async logout() {
    await this.page.getByRole("button", { name: "用户注销" }).click();
  }

  /** On a phone: 密码修改 and 用户注销 are in the menu sheet, not in the header. */
  async logoutFromPhoneMenu() {
    await expect(this.page.getByRole("banner").getByRole("button", { name: "用户注销" })).toBeHidden();
    await this.page.getByRole("button", { name: "打开菜单" }).click();
    const sheet = this.page.getByRole("dialog", { name: "菜单" });
    await expect(sheet.getByRole("link", { name: "密码修改" })).toBeVisible();
    await sheet.getByRole("button", { name: "用户注销" }).click();
  }

  async openPasswordChange() {
    await this.page.getByRole("link", { name: "密码修改" }).click();
    await expect(this.page.getByRole("heading", { name: "密码修改" })).toBeVisible();
  }
}
