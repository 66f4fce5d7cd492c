import { test, expect, pageAs, loginAs } from "./fixtures";
import type { Browser, Page } from "@playwright/test";
import { TaskFormPage } from "./pages/task-form-page";
import { TaskDetailPage } from "./pages/task-detail-page";

/**
 * 消息中心 from the unit's side: 单位用户信息 (who gets the dispatch SMS, the 变更申请 that 信息中心 closes)
 * and 我的消息 (a dispatched task arrives, opening it goes to the task, 全部标为已读). 朝天门街道's clerk
 * ctm_jbr files the 变更申请 here (nothing that changes her 待办: message-centre.spec counts it), and ctm_jbr2
 * is the demo member marked 短信接收人 without a mobile number. 我的消息 is 区住房城乡建委's (zj_jbr), which
 * no other spec dispatches to.
 */

test.describe.configure({ mode: "serial" });

const PHONE = { width: 390, height: 844 };

function inDays(n: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
}

async function clerkPage(browser: Browser, username = "ctm_jbr"): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await loginAs(page, username);
  return page;
}

/** Desktop and a 390 px phone, full page, into test-results for a look. */
async function screenshots(page: Page, name: string) {
  await page.screenshot({ path: `test-results/${name}-desktop.png`, fullPage: true });
  const size = page.viewportSize();
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: `test-results/${name}-phone.png`, fullPage: true });
  if (size) await page.setViewportSize(size);
}

test("a unit clerk sees who receives the SMS, asks 信息中心 for a change, and the admin marks it done", async ({ browser }) => {
  test.setTimeout(180_000);
  const clerk = await clerkPage(browser);
  await clerk.locator("aside").getByRole("link", { name: "单位用户信息" }).click();
  await expect(clerk.getByRole("heading", { name: "单位用户信息" })).toBeVisible();

  const row = (username: string) => clerk.locator(`[data-testid=member-row][data-username=${username}]`);
  await expect(clerk.getByTestId("member-row")).toHaveCount(3);
  // Own number whole, a colleague's masked; the member without a number is flagged.
  await expect(row("ctm_jbr")).toContainText("13900000020");
  await expect(row("ctm_ld")).toContainText("139****0021");
  await expect(row("ctm_ld").getByTestId("member-sms")).toHaveText("是");
  await expect(row("ctm_jbr2").getByTestId("member-unreachable")).toHaveText("无法接收短信");
  await expect(clerk.getByTestId("sms-summary")).toHaveText("本单位共 3 人，其中 2 人能接收交办短信，1 名短信接收人无法接收短信（未登记或号码无效）。");
  await expect(clerk.getByTestId("no-sms-receiver")).toHaveCount(0);

  // 申请变更 on her row picks her in the form; a bad number is refused in Chinese and nothing is filed.
  await row("ctm_jbr2").getByTestId("member-request-change").click();
  await expect(clerk).toHaveURL(/target=/);
  const form = clerk.getByTestId("change-request-form");
  await expect(form.getByTestId("field-targetUserId").locator("option:checked")).toHaveText("马文静（ctm_jbr2）");
  await form.getByTestId("field-mobile").fill("12345");
  await form.getByTestId("change-request-submit").click();
  await expect(clerk.getByTestId("mobile-error")).toHaveText("手机号码格式不正确，应为 11 位大陆手机号");
  await expect(clerk.getByTestId("change-request")).toHaveCount(0);

  await form.getByTestId("field-mobile").fill("139 1234 0000");
  await form.getByTestId("field-smsRecipient").selectOption({ label: "接收" });
  await form.getByTestId("field-note").fill("补登记手机号，用于接收交办短信");
  await form.getByTestId("change-request-submit").click();
  await expect(clerk.getByTestId("change-request-form-status")).toHaveText("变更申请已提交，信息中心办理后会在下方显示结果");
  const request = clerk.getByTestId("change-request");
  await expect(request).toHaveCount(1);
  await expect(request.getByTestId("change-request-status")).toHaveText("待处理");
  await expect(request).toContainText("马文静（ctm_jbr2）");
  await expect(request.getByTestId("change-request-details")).toHaveText(/手机号：139\*\*\*\*0000\s*短信接收：接收/);
  await screenshots(clerk, "unit-members");

  // 信息中心: 用户管理 shows the open requests; the request links to her account; 已办理 asks first.
  const admin = await pageAs(browser, "admin");
  await admin.goto("/admin/users");
  await expect(admin.getByTestId("change-requests-open")).toBeVisible();
  await admin.getByTestId("change-requests-link").click();
  await expect(admin.getByRole("heading", { name: "变更申请" })).toBeVisible();
  const item = admin.getByTestId("change-request").filter({ hasText: "马文静（ctm_jbr2）" });
  await expect(item).toHaveCount(1);
  await expect(item).toContainText("朝天门街道");
  await expect(item.getByTestId("change-request-details")).toContainText("手机号：13912340000");
  await expect(item.getByTestId("change-request-user")).toHaveAttribute("href", /\/admin\/users\/[0-9a-f-]{36}$/);
  await screenshots(admin, "change-requests");
  // Her account page reminds the admin that saving does not close the request.
  await item.getByTestId("change-request-user").click();
  await expect(admin.getByTestId("user-change-requests-notice")).toContainText("1 条待处理的变更申请");
  await admin.getByTestId("user-change-requests-notice").getByRole("link", { name: "变更申请" }).click();
  await expect(admin.getByRole("heading", { name: "变更申请" })).toBeVisible();
  await item.getByTestId("decide-note").fill("已在用户管理登记新号码");
  await item.getByTestId("decide-done").click();
  await admin.getByTestId("decide-done-confirm").click();
  await expect(item).toHaveCount(0);
  await admin.getByTestId("change-tab-done").click();
  await expect(admin.getByTestId("change-request").filter({ hasText: "马文静（ctm_jbr2）" }).getByTestId("change-request-status")).toHaveText("已办理");

  // The unit reads the outcome.
  await clerk.reload();
  await expect(request.getByTestId("change-request-status")).toHaveText("已办理");
  await expect(request.getByTestId("change-request-outcome")).toContainText("已办理：已在用户管理登记新号码");
  await admin.context().close();
  await clerk.context().close();
});

test("a dispatched task reaches the unit's 我的消息: opening it goes to the task, 全部标为已读 clears the rest", async ({ browser }) => {
  test.setTimeout(240_000);
  const title = `建筑工地扬尘整治 ${Date.now().toString(36)}`;
  const office = await pageAs(browser, "officeClerk");
  const leader = await pageAs(browser, "officeLeader");

  const taskForm = new TaskFormPage(office);
  await taskForm.gotoNew();
  await taskForm.fill({ title, content: "请整治辖区建筑工地扬尘。", deadline: inDays(20), leadUnit: "区住房城乡建委" });
  await taskForm.save();
  await expect(office).toHaveURL(/\/tasks\/[0-9a-f-]{36}/);
  const officeTask = new TaskDetailPage(office);
  const taskId = officeTask.taskId();
  await officeTask.act("submit", { select: { reviewerId: "李建国（区政府督查室）" } });
  await new TaskDetailPage(leader).goto(taskId);
  await new TaskDetailPage(leader).act("sign");
  await officeTask.goto(taskId);
  await officeTask.act("dispatch");
  await expect(officeTask.status()).toHaveText("承办中");

  // 区住房城乡建委's clerk: message-centre.spec counts 朝天门街道's 待办 in the header badge, so no other
  // spec may dispatch to 朝天门街道 while it runs.
  const clerk = await clerkPage(browser, "zj_jbr");
  await clerk.locator("aside").getByRole("link", { name: "我的消息" }).click();
  await expect(clerk.getByRole("heading", { name: "我的消息" })).toBeVisible();
  const message = clerk.getByTestId("inbox-message").filter({ hasText: `新督办任务：${title}` });
  await expect(message).toHaveAttribute("data-read", "false");
  // (Counts are checked per task title: other tasks may reach this unit from the demo data.)
  await expect(clerk.getByTestId("inbox-unread")).toContainText("未读");
  await screenshots(clerk, "inbox");

  // Opening it marks it read and shows the task.
  await message.getByTestId("inbox-open").click();
  await expect(clerk).toHaveURL(new RegExp(`/tasks/${taskId}$`));
  await expect(clerk.getByRole("heading", { name: title })).toBeVisible();
  await clerk.goto("/messages/inbox");
  await expect(message).toHaveAttribute("data-read", "true");

  // The office cancels the task: a second message arrives; 全部标为已读 clears it.
  await officeTask.goto(taskId);
  await officeTask.act("cancel", { reason: "职责调整，改由区城市管理局牵头" });
  await clerk.goto("/messages/inbox?filter=unread");
  const cancelled = clerk.getByTestId("inbox-message").filter({ hasText: `督办任务已撤销：${title}` });
  await expect(cancelled).toHaveAttribute("data-read", "false");
  const ofThisTask = () => clerk.getByTestId("inbox-message").filter({ hasText: title });
  await expect(ofThisTask()).toHaveCount(1);
  await clerk.getByTestId("inbox-mark-all").click();
  await expect(clerk.getByTestId("inbox-mark-all-status")).toHaveText("已全部标为已读");
  await expect(ofThisTask()).toHaveCount(0);
  await clerk.getByTestId("inbox-tab-all").click();
  await expect(ofThisTask()).toHaveCount(2);
  await expect(clerk.locator("[data-testid=inbox-message][data-read=false]").filter({ hasText: title })).toHaveCount(0);

  await office.context().close();
  await leader.context().close();
  await clerk.context().close();
});
