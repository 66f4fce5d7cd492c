import { expect, type Page } from "@playwright/test";

/** Every 督办任务 list: the office queues, the unit lists and the archive share one shape. */
export class TaskListsPage {
  constructor(private readonly page: Page) {}

  async open(path: string, query?: string) {
    await this.page.goto(query ? `${path}?q=${encodeURIComponent(query)}` : path);
    await expect(this.page.getByTestId("list-filters")).toBeVisible();
  }

  /** The row (table from md up) of a task with this title. */
  row(title: string) {
    return this.page.locator("[data-testid=task-row], [data-testid=assignment-row]").filter({ hasText: title });
  }

  async search(q: string) {
    await this.page.getByTestId("filter-q").fill(q);
    await this.page.getByTestId("filter-submit").click();
    await expect(this.page).toHaveURL(new RegExp(`q=${encodeURIComponent(q).replace(/%/g, "%")}`));
  }

  empty() {
    return this.page.getByTestId("list-empty");
  }
}
