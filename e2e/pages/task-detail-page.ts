import { expect, type Locator, type Page } from "@playwright/test";

/** /tasks/[id]: the notice, assignments, history and exactly the viewer's action buttons. */
export class TaskDetailPage {
  constructor(private readonly page: Page) {}

  async goto(taskId: string) {
    await this.page.goto(`/tasks/${taskId}`);
  }

  taskId(): string {
    const match = /\/tasks\/([0-9a-f-]{36})/.exec(this.page.url());
    if (!match) throw new Error(`not on a task page: ${this.page.url()}`);
    return match[1]!;
  }

  status() {
    return this.page.getByTestId("task-status").first();
  }

  taskNo() {
    return this.page.getByTestId("task-no");
  }

  /** The labels of all action buttons on the page (task and assignment). */
  async actionLabels(): Promise<string[]> {
    return this.page.locator("[data-testid=task-actions] button, [data-testid=task-actions] a, [data-testid=assignment-actions] button").allInnerTexts();
  }

  assignment(unit: string): Locator {
    return this.page.locator(`[data-testid=assignment-card][data-unit="${unit}"]`);
  }

  assignmentStatus(unit: string) {
    return this.assignment(unit).getByTestId("assignment-status");
  }

  /** Click an action button (scoped to a unit's assignment card when given) and fill its dialog. */
  async act(
    action: string,
    options: { unit?: string; opinion?: string; reason?: string; select?: Record<string, string>; body?: string; kind?: "progress" | "final"; instruction?: string; fill?: Record<string, string> } = {},
  ) {
    const scope = options.unit ? this.assignment(options.unit) : this.page.getByTestId("task-actions");
    const button = scope.getByTestId(`action-${action}`);
    await button.click();
    if (action === "receive") {
      // One-click step: no dialog; done when the button has gone.
      await expect(button).toBeHidden();
      return;
    }
    const dialog = this.page.getByTestId("action-dialog").or(this.page.getByTestId("confirm-dialog"));
    await expect(dialog).toBeVisible();
    for (const [name, label] of Object.entries(options.select ?? {})) {
      await dialog.getByTestId(`field-${name}`).selectOption({ label });
    }
    if (options.kind) await dialog.getByLabel(options.kind === "final" ? "办结反馈" : "阶段反馈").check();
    if (options.body !== undefined) await dialog.getByTestId("field-body").fill(options.body);
    if (options.opinion !== undefined) await dialog.getByTestId("field-opinion").fill(options.opinion);
    if (options.reason !== undefined) await dialog.getByTestId("field-reason").fill(options.reason);
    if (options.instruction !== undefined) await dialog.getByTestId("field-instruction").fill(options.instruction);
    // Any other field by its name (催办内容, the dates of a 延期申请 …).
    for (const [name, value] of Object.entries(options.fill ?? {})) await dialog.getByTestId(`field-${name}`).fill(value);
    await dialog.getByTestId("dialog-submit").or(dialog.getByTestId("confirm-submit")).click();
    await expect(dialog).toBeHidden();
  }

  timelineActions() {
    return this.page.getByTestId("timeline-item");
  }

  async downloadTaskAttachment(filename: string) {
    const downloadPromise = this.page.waitForEvent("download");
    await this.page.getByTestId("task-attachments").getByRole("link", { name: filename }).click();
    return downloadPromise;
  }
}
