import type { Page } from "@playwright/test";

export class PasswordPage {
  constructor(private readonly page: Page) {}

  async change(oldPassword: string, newPassword: string, confirmPassword = newPassword) {
    await this.page.getByRole("textbox", { name: "原密码", exact: true }).fill(oldPassword);
    await this.page.getByRole("textbox", { name: "新密码", exact: true }).fill(newPassword);
    await this.page.getByRole("textbox", { name: "确认新密码", exact: true }).fill(confirmPassword);
    await this.page.getByRole("button", { name: "修改密码" }).click();
  }

  formError() {
    return this.page.getByTestId("form-error");
  }
}
