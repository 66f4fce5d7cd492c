import { test, expect, pageAs, loginAs } from "./fixtures";
import type { Page } from "@playwright/test";
import { TaskFormPage } from "./pages/task-form-page";
import { TaskDetailPage } from "./pages/task-detail-page";

/**
 * 消息中心: the office dispatches a task to 朝天门街道 (whose clerk 曹雪, ctm_jbr, no other spec signs in
 * as); the unit's 督查工作通知 lists the SMS to its two SMS recipients with masked numbers and the office
 * sees the same rows; the clerk's 待办事项 shows 待接收 and the header badge counts it; after the clerk
 * acts in one tab, the badge in another tab changes without a reload (on focus, as the poll would).
 */

const SHOTS = "test-results/message-centre";

function inDays(n: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
}

async function badge(page: Page): Promise<number> {
  const el = page.getByTestId("header-badge-todo");
  await expect(el).toBeVisible();
  return Number(await el.getAttribute("data-count"));
}

test("dispatch → the unit's 督查工作通知 and 待办事项, and the header badge follows without a reload", async ({ browser }) => {
  test.setTimeout(360_000);
  const title = `消息中心验收 ${Date.now().toString(36)}`;

  // The office registers, signs and dispatches a task to 朝天门街道.
  const clerk = await pageAs(browser, "officeClerk");
  const leader = await pageAs(browser, "officeLeader");
  const form = new TaskFormPage(clerk);
  await form.gotoNew();
  await form.fill({ title, content: "请开展背街小巷环境整治并反馈。", deadline: inDays(30), leadUnit: "朝天门街道" });
  await form.save();
  await expect(clerk).toHaveURL(/\/tasks\/[0-9a-f-]{36}/);
  const clerkTask = new TaskDetailPage(clerk);
  const taskId = clerkTask.taskId();
  await clerkTask.act("submit", { select: { reviewerId: "李建国（区政府督查室）" } });
  const leaderTask = new TaskDetailPage(leader);
  await leaderTask.goto(taskId);
  await leaderTask.act("sign", { opinion: "同意。" });
  await clerkTask.goto(taskId);
  await clerkTask.act("dispatch");
  await expect(clerkTask.status()).toHaveText("承办中");

  // The unit's clerk: 督查工作通知 lists the SMS to its three SMS recipients: two numbers masked, and 马文静
  // (no mobile number registered) listed as 无法送达 rather than silently skipped.
  const unitContext = await browser.newContext();
  const unit = await unitContext.newPage();
  await loginAs(unit, "ctm_jbr");
  await unit.goto(`/messages/notifications?q=${encodeURIComponent(title)}&channel=sms`);
  await expect(unit.getByRole("heading", { name: "督查工作通知" })).toBeVisible();
  const smsRows = unit.getByTestId("notification-table").getByTestId("notification-row");
  await expect(smsRows).toHaveCount(3);
  // Rows are newest first; all were written in one transaction, so their order is not fixed.
  expect((await smsRows.getByTestId("notification-recipient").allInnerTexts()).sort()).toEqual(["曹雪", "彭德明", "马文静"].sort());
  // A colleague's number is masked; the viewer's own (曹雪 is ctm_jbr) is shown whole (one rule: shownMobile).
  await expect(smsRows.filter({ hasText: "彭德明" }).getByTestId("notification-mobile")).toHaveText(/^1\d{2}\*{4}\d{4}$/);
  await expect(smsRows.filter({ hasText: "曹雪" }).getByTestId("notification-mobile")).toHaveText("13900000020");
  await expect(smsRows.filter({ hasText: "马文静" }).getByTestId("notification-status")).toContainText("无法送达");
  await expect(smsRows.getByTestId("notification-status").first()).toBeVisible();
  await smsRows.first().getByText("展开").click();
  await expect(smsRows.first().getByTestId("notification-body")).toContainText(title);
  // Another unit's people are not in this unit's list, whatever the search.
  await unit.goto(`/messages/notifications?q=${encodeURIComponent("刘洋")}`);
  await expect(unit.getByText("没有符合条件的通知")).toBeVisible();

  // The office sees the same SMS (and can filter them by channel).
  await clerk.goto(`/messages/notifications?q=${encodeURIComponent(title)}&channel=sms`);
  const officeRows = clerk.getByTestId("notification-table").getByTestId("notification-row");
  await expect(officeRows).toHaveCount(3);
  expect((await officeRows.getByTestId("notification-recipient").allInnerTexts()).sort()).toEqual(["曹雪", "彭德明", "马文静"].sort());
  await expect(clerk.getByTestId("export-notifications")).toBeVisible();

  // 待办事项: 待接收, counted in the header badge.
  await unit.goto("/messages/todo");
  const receiveRow = unit.getByTestId("todo-table").getByTestId("todo-row").filter({ hasText: title });
  await expect(receiveRow).toHaveAttribute("data-kind", "receive");
  await expect(receiveRow.getByTestId("todo-kind")).toHaveText("待接收");
  const before = await badge(unit);
  expect(before).toBeGreaterThanOrEqual(1);
  await expect(unit.getByTestId("todo-chip").filter({ hasText: "待接收" })).toBeVisible();
  await unit.screenshot({ path: `${SHOTS}/todo-desktop.png`, fullPage: true });

  // A second tab of the same clerk stays on 待办事项 while the first one acts.
  const other = await unitContext.newPage();
  await other.goto("/messages/todo");
  expect(await badge(other)).toBe(before);

  // The link leads to the assignment on the task page; receiving turns 待接收 into 待办理 (same count).
  await receiveRow.getByTestId("todo-link").click();
  await expect(unit).toHaveURL(new RegExp(`/tasks/${taskId}#assignment-`));
  const unitTask = new TaskDetailPage(unit);
  await unitTask.act("receive", { unit: "朝天门街道" });
  await unit.goto("/messages/todo");
  await expect(unit.getByTestId("todo-table").getByTestId("todo-row").filter({ hasText: title })).toHaveAttribute("data-kind", "handle");
  // 反馈任务 straight to the office: nothing of this task waits on the clerk any more.
  await unitTask.goto(taskId);
  await unitTask.act("feedback", { unit: "朝天门街道", body: "已完成整治。" });
  await expect(unit.getByTestId("header-badge-todo")).toHaveAttribute("data-count", String(before - 1));

  // The other tab: no reload, the badge changes when the window regains focus (what the 30 s poll does too).
  await other.evaluate(() => window.dispatchEvent(new Event("focus")));
  await expect(other.getByTestId("header-badge-todo")).toHaveAttribute("data-count", String(before - 1));
  await expect(other.getByTestId("todo-table").getByTestId("todo-row").filter({ hasText: title })).toHaveCount(1); // the list itself is as loaded

  // Screenshots: both pages, desktop and a 390 px phone.
  await unit.goto(`/messages/notifications?q=${encodeURIComponent(title)}`);
  await unit.screenshot({ path: `${SHOTS}/notifications-unit-desktop.png`, fullPage: true });
  await clerk.goto(`/messages/notifications?q=${encodeURIComponent(title)}`);
  await clerk.screenshot({ path: `${SHOTS}/notifications-office-desktop.png`, fullPage: true });
  await unit.setViewportSize({ width: 390, height: 844 });
  await unit.goto(`/messages/notifications?q=${encodeURIComponent(title)}`);
  await expect(unit.getByTestId("notification-cards").getByTestId("notification-card").first()).toBeVisible();
  await unit.screenshot({ path: `${SHOTS}/notifications-phone.png`, fullPage: true });
  await clerk.setViewportSize({ width: 390, height: 844 });
  await clerk.goto("/messages/todo");
  await expect(clerk.getByRole("heading", { name: "待办事项" })).toBeVisible();
  await clerk.screenshot({ path: `${SHOTS}/todo-phone.png`, fullPage: true });

  await unitContext.close();
  await clerk.context().close();
  await leader.context().close();
});

test("/api/badges answers the signed-in user's count and refuses the anonymous", async ({ browser, request }) => {
  const anonymous = await request.get("/api/badges");
  expect(anonymous.status()).toBe(401);
  // 曹雪: no other spec changes what waits on her, so the page and the route must agree.
  const context = await browser.newContext();
  const unit = await context.newPage();
  await loginAs(unit, "ctm_jbr");
  const response = await unit.request.get("/api/badges");
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toContain("no-store");
  const body = (await response.json()) as { todo: number };
  await unit.goto("/messages/todo");
  expect(await badge(unit)).toBe(body.todo);
  await expect(unit.getByTestId("todo-chip").first()).toContainText(String(body.todo));
  await context.close();
});
