import { expect, type Locator, type Page } from "@playwright/test";

/** 基础数据 (/admin/base-data/[list]) as an admin uses it. */
export class AdminBaseDataPage {
  constructor(private readonly page: Page) {}

  async goto(list: "sources" | "categories" | "types" | "urgencies") {
    await this.page.goto(`/admin/base-data/${list}`);
    await expect(this.page.getByRole("heading", { name: "基础数据" })).toBeVisible();
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid="entry-row"][data-name="${name}"]`);
  }

  /** Adds an entry (a sub-category when `parent` is given) and waits until it is listed. */
  async create(name: string, parent?: string) {
    await this.page.getByTestId("new-entry-name").fill(name);
    if (parent) await this.page.getByTestId("new-entry-parent").selectOption({ label: parent });
    await this.page.getByTestId("create-entry").click();
    await expect(this.page.getByTestId("create-entry-status")).toHaveText("已添加");
    await expect(this.row(name)).toBeVisible();
  }

  async disable(name: string) {
    await this.row(name).getByTestId("entry-disable").click();
    await expect(this.row(name)).toHaveAttribute("data-enabled", "false");
  }
}

/** 工作日历 (/admin/calendar). */
export class AdminCalendarPage {
  constructor(private readonly page: Page) {}

  async goto(year: number) {
    await this.page.goto(`/admin/calendar?year=${year}`);
    await expect(this.page.getByRole("heading", { name: "工作日历" })).toBeVisible();
  }

  day(day: string): Locator {
    return this.page.getByTestId(`day-${day}`);
  }

  async toggle(day: string, note = "") {
    await this.day(day).click();
    const dialog = this.page.getByTestId("day-dialog");
    if (note) await dialog.getByLabel("说明（可选）").fill(note);
    await dialog.getByTestId("day-toggle").click();
    await expect(dialog).toBeHidden();
  }

  async reset(day: string) {
    await this.day(day).click();
    await this.page.getByTestId("day-dialog").getByTestId("day-reset").click();
    await expect(this.page.getByTestId("day-dialog")).toBeHidden();
  }
}
