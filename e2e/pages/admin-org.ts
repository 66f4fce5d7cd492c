import { expect, type Page } from "@playwright/test";

/** 部门管理 as an admin uses it. */
export class AdminDepartmentsPage {
  constructor(private readonly page: Page) {}

  async create(name: string, parentLabel: string) {
    await this.page.goto("/admin/departments/new");
    await this.page.getByLabel("上级").selectOption({ label: parentLabel });
    await this.page.getByLabel(/^名称/).fill(name);
    await this.page.getByTestId("save-department").click();
    await expect(this.page).toHaveURL(/\/admin\/departments\?created=/);
    await expect(this.node(name)).toBeVisible();
  }

  node(name: string) {
    return this.page.locator(`[data-testid="department-node"][data-name="${name}"]`);
  }
}

/** 角色管理: a custom role with a data scope and a set of permissions. */
export class AdminRolesPage {
  constructor(private readonly page: Page) {}

  async create(name: string, scope: "own_unit" | "all_units", permissions: string[]) {
    await this.page.goto("/admin/roles/new");
    await this.page.getByLabel("角色名称").fill(name);
    await this.page.getByTestId(`scope-${scope}`).check();
    for (const p of permissions) await this.page.getByTestId(`perm-${p}`).check();
    await this.page.getByTestId("save-role").click();
    await expect(this.page).toHaveURL(/\/admin\/roles\/[0-9a-f-]{36}\?created=1/);
  }
}

/** 用户管理: new user form, list search and the Excel import. */
export class AdminUsersPage {
  constructor(private readonly page: Page) {}

  /** Creates a user with a generated temporary password and returns that password (shown once). */
  async create(user: { username: string; displayName: string; mobile?: string; unit: string; roles: string[] }): Promise<string> {
    await this.page.goto("/admin/users/new");
    await this.page.getByLabel("用户名").fill(user.username);
    await this.page.getByLabel("姓名").fill(user.displayName);
    if (user.mobile) await this.page.getByLabel("手机号").fill(user.mobile);
    await this.page.getByLabel("所属单位").selectOption({ label: user.unit });
    for (const role of user.roles) await this.page.getByTestId(`role-${role}`).check();
    await this.page.getByTestId("save-user").click();
    await expect(this.page.getByTestId("user-created")).toBeVisible();
    return (await this.page.getByTestId("temporary-password").innerText()).trim();
  }

  async search(q: string) {
    await this.page.goto(`/admin/users?q=${encodeURIComponent(q)}`);
  }

  rows() {
    return this.page.getByTestId("user-row");
  }

  async previewImport(file: { name: string; buffer: Buffer }, defaultPassword = "") {
    await this.page.goto("/admin/users/import");
    await this.page.getByTestId("import-file").setInputFiles({ name: file.name, mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: file.buffer });
    if (defaultPassword) await this.page.getByTestId("import-default-password").fill(defaultPassword);
    await this.page.getByTestId("import-preview").click();
    await expect(this.page.getByTestId("import-preview-result")).toBeVisible();
  }

  importRow(rowNumber: number) {
    return this.page.locator(`[data-testid="import-row"][data-row="${rowNumber}"]`);
  }
}
