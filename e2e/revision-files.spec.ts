import { test, expect, pageAs, loginAs } from "./fixtures";
import type { Browser, Page } from "@playwright/test";
import { TaskFormPage } from "./pages/task-form-page";
import { TaskDetailPage } from "./pages/task-detail-page";

/**
 * Issue 7 as a clerk meets it: the registration form warns about units nobody can receive for and
 * makes one draft per form however often it is posted; a revision after a return keeps its files.
 * The unit here is 解放碑街道 (jfb_jbr / jfb_ld), which no other spec drives through the workflow.
 */

const PHOTO = { name: "解放碑夜间经济现场照片.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n") };

function inDays(n: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
}

async function unitPage(browser: Browser, username: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await loginAs(page, username);
  return page;
}

test.describe.configure({ mode: "serial" });

test("the registration form names chosen units without a receiving account, and a double POST makes one draft", async ({ browser }) => {
  test.setTimeout(60_000);
  const clerk = await pageAs(browser, "officeClerk");
  const form = new TaskFormPage(clerk);
  await form.gotoNew();

  // 区发展改革委 has no account that could receive a task (demo data): the form says so.
  await clerk.locator("#leadUnitId").selectOption({ label: "区发展改革委" });
  await expect(clerk.getByTestId("units-without-receiver")).toContainText("区发展改革委暂无可接收任务的账号");
  await clerk.locator("#leadUnitId").selectOption({ label: "解放碑街道" });
  await expect(clerk.getByTestId("units-without-receiver")).toHaveCount(0);

  // The form carries the id made when it was rendered.
  await expect(clerk.getByTestId("request-id")).toHaveValue(/^[0-9a-f-]{36}$/);

  const title = `重复提交测试 ${Date.now().toString(36)}`;
  await form.fill({ title, content: "同一表单连续提交两次，只应登记一条草稿。", deadline: inDays(20), leadUnit: "解放碑街道" });
  // Two submissions of the same form before the first answer arrives (a double click that got through).
  await clerk.getByTestId("task-form").evaluate((f: HTMLFormElement) => {
    f.requestSubmit();
    f.requestSubmit();
  });
  await expect(clerk).toHaveURL(/\/tasks\/[0-9a-f-]{36}/);
  await clerk.goto(`/tasks/drafts?q=${encodeURIComponent(title)}`);
  await expect(clerk.getByRole("link", { name: title })).toHaveCount(1);
});

test("a returned unit's files are carried into the revision on both return paths", async ({ browser }) => {
  // Two return paths walked by four users: ~1.4 min on a loaded 2-core machine, so 4 min keeps 2× headroom.
  test.setTimeout(240_000);
  const title = `解放碑步行街夜间经济提升 ${Date.now().toString(36)}`;
  const clerk = await pageAs(browser, "officeClerk");
  const leader = await pageAs(browser, "officeLeader2");

  // The office registers, signs and dispatches to 解放碑街道.
  const form = new TaskFormPage(clerk);
  await form.gotoNew();
  await form.fill({ title, content: "提升解放碑步行街夜间消费环境。", deadline: inDays(20), leadUnit: "解放碑街道" });
  await form.save();
  await expect(clerk).toHaveURL(/\/tasks\/[0-9a-f-]{36}/);
  const clerkTask = new TaskDetailPage(clerk);
  const taskId = clerkTask.taskId();
  await expect(clerk.getByTestId("saved-notice")).toHaveText("已保存。");
  await clerkTask.act("submit", { select: { reviewerId: "王振华（区政府督查室）" } });
  // The notice belonged to the saved draft, not to the submitted task.
  await expect(clerkTask.status()).toHaveText("待审签");
  await expect(clerk.getByTestId("saved-notice")).toHaveCount(0);
  const leaderTask = new TaskDetailPage(leader);
  await leaderTask.goto(taskId);
  await leaderTask.act("sign");
  await clerkTask.goto(taskId);
  await clerkTask.act("dispatch");
  await expect(clerkTask.status()).toHaveText("承办中");

  // 解放碑街道: the clerk sends a text with a file to the unit leader, who returns it.
  const clerkPage = await unitPage(browser, "jfb_jbr");
  const unitClerk = new TaskDetailPage(clerkPage);
  const unitLeader = new TaskDetailPage(await unitPage(browser, "jfb_ld"));
  await unitClerk.goto(taskId);
  await unitClerk.act("receive", { unit: "解放碑街道" });
  await unitClerk.assignment("解放碑街道").getByTestId("action-handle").click();
  let dialog = clerkPage.getByTestId("action-dialog");
  await dialog.getByTestId("field-body").fill("已制定夜间经济提升方案。");
  await dialog.getByTestId("attachment-input").setInputFiles([PHOTO]);
  await expect(dialog.getByTestId("attachment-item")).toHaveCount(1);
  await expect(dialog.getByTestId("attachment-uploader")).not.toHaveAttribute("data-busy", /.+/, { timeout: 20_000 });
  await dialog.getByTestId("field-signerId").selectOption({ label: "罗志刚（解放碑街道）" });
  await dialog.getByTestId("dialog-submit").click();
  await expect(dialog).toBeHidden();

  await unitLeader.goto(taskId);
  await unitLeader.act("unit_return", { unit: "解放碑街道", opinion: "请补充实施时间表。" });

  // The clerk opens 承办任务 again: the text and the file are both there; the file goes with 第2稿.
  await unitClerk.goto(taskId);
  await unitClerk.assignment("解放碑街道").getByTestId("action-handle").click();
  dialog = clerkPage.getByTestId("action-dialog");
  await expect(dialog.getByTestId("field-body")).toHaveValue("已制定夜间经济提升方案。");
  await expect(dialog.getByTestId("previous-files").getByLabel(PHOTO.name)).toBeChecked();
  await dialog.getByTestId("field-body").fill("已制定夜间经济提升方案，10 月底前实施。");
  await dialog.getByTestId("field-signerId").selectOption({ label: "罗志刚（解放碑街道）" });
  await dialog.getByTestId("dialog-submit").click();
  await expect(dialog).toBeHidden();

  await unitLeader.goto(taskId);
  await unitLeader.act("unit_sign", { unit: "解放碑街道" });
  await unitClerk.goto(taskId);
  await unitClerk.act("report_up", { unit: "解放碑街道" });

  // The office sees 第2稿 with the file, and returns it for rework.
  await clerkTask.goto(taskId);
  const second = clerk.getByTestId("report-version").filter({ hasText: "第 2 稿" });
  await expect(second.getByRole("link", { name: PHOTO.name })).toBeVisible();
  await clerkTask.act("return_rework", { unit: "解放碑街道", opinion: "请补充夜间照明改造内容。" });

  // 退回重办: the clerk feeds back directly; the file is offered again and goes with 第3稿.
  await unitClerk.goto(taskId);
  await unitClerk.assignment("解放碑街道").getByTestId("action-feedback").click();
  dialog = clerkPage.getByTestId("action-dialog");
  await expect(dialog.getByTestId("previous-files").getByLabel(PHOTO.name)).toBeChecked();
  await dialog.getByTestId("field-body").fill("已补充夜间照明改造内容。");
  await dialog.getByTestId("dialog-submit").click();
  await expect(dialog).toBeHidden();

  await clerkTask.goto(taskId);
  const third = clerk.getByTestId("report-version").filter({ hasText: "第 3 稿" });
  await expect(third.getByRole("link", { name: PHOTO.name })).toBeVisible();
});
