import { expect, type Page } from "@playwright/test";

export interface NewTaskInput {
  title: string;
  content: string;
  requirements?: string;
  deadline: string;
  leadUnit: string;
  coUnits?: string[];
  /** Files to upload: { name, mimeType, buffer }. */
  files?: { name: string; mimeType: string; buffer: Buffer }[];
}

/** 督办登记 (/tasks/new) and 修改 (/tasks/[id]/edit). */
export class TaskFormPage {
  constructor(private readonly page: Page) {}

  async gotoNew() {
    await this.page.goto("/tasks/new");
    await expect(this.page.getByRole("heading", { name: "督办登记" })).toBeVisible();
  }

  async fill(input: NewTaskInput) {
    const p = this.page;
    await p.locator("#title").fill(input.title);
    await p.locator("#content").fill(input.content);
    if (input.requirements) await p.locator("#requirements").fill(input.requirements);
    // Base-data selects (事件来源, 事项类别, 办件类型): take the first real option of each.
    for (const id of ["sourceId", "categoryId", "taskTypeId"]) {
      const select = p.locator(`#${id}`);
      const value = await select.locator("option").nth(1).getAttribute("value");
      await select.selectOption(value!);
    }
    await p.locator("#deadline").fill(input.deadline);
    await p.locator("#leadUnitId").selectOption({ label: input.leadUnit });
    for (const unit of input.coUnits ?? []) await p.getByTestId("co-unit-picker").getByLabel(unit, { exact: true }).check();
    if (input.files?.length) {
      await p.getByTestId("attachment-input").setInputFiles(input.files);
      await expect(p.getByTestId("attachment-item")).toHaveCount(input.files.length);
      await expect(p.getByTestId("task-form")).not.toHaveAttribute("data-uploading", "true", { timeout: 20_000 });
    }
  }

  async save() {
    await this.page.getByTestId("task-save").click();
  }

  fieldError(field: string) {
    return this.page.getByTestId(`${field}-error`);
  }
}
