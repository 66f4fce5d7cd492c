import { test, expect, pageAs } from "./fixtures";
import type { Page } from "@playwright/test";
import { TaskFormPage } from "./pages/task-form-page";
import { TaskDetailPage } from "./pages/task-detail-page";
import { TaskListsPage } from "./pages/task-lists-page";

/**
 * Issue 8, 催办 and 延期申请 in the browser: the office urges 区教委 (a second urge at once is refused
 * with the time the next one is allowed); the clerk's unread badge goes up without a reload, the urge is in
 * 我的消息 and 待办事项; the clerk signs for it (签收) and it leaves 待办事项; the clerk asks for a later deadline
 * through the unit leader, the office approves with another date, and the new deadline shows on the
 * task page and in the unit's lists.
 */

function inDays(n: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
}

async function openFromList(page: Page, path: string, title: string) {
  const lists = new TaskListsPage(page);
  await lists.open(path, title);
  await expect(lists.row(title)).toHaveCount(1);
  await lists.row(title).getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
}

test("the office urges, the unit signs for it, asks for an extension, its leader and the office approve", async ({ browser }) => {
  test.setTimeout(240_000);
  const stamp = Date.now().toString(36);
  const title = `河道保洁专项督办 ${stamp}`;
  const deadline = inDays(20);
  const asked = inDays(40);
  const approved = inDays(35);

  // A dispatched task with 区教委 as its only unit.
  const clerk = await pageAs(browser, "officeClerk");
  const form = new TaskFormPage(clerk);
  await form.gotoNew();
  await form.fill({ title, content: "请落实辖区河道日常保洁，按期反馈。", deadline, leadUnit: "区教委" });
  await form.save();
  await expect(clerk).toHaveURL(/\/tasks\/[0-9a-f-]{36}/);
  const office = new TaskDetailPage(clerk);
  const taskId = office.taskId();
  await office.act("submit", { select: { reviewerId: "李建国（区政府督查室）" } });
  const leader = await pageAs(browser, "officeLeader");
  await openFromList(leader, "/tasks/review", title);
  await new TaskDetailPage(leader).act("sign");
  await leader.context().close();
  await office.goto(taskId);
  await office.act("dispatch");
  const card = office.assignment("区教委");
  await expect(card.getByTestId("assignment-deadline")).toHaveText(deadline);
  await expect(card.getByTestId("assignment-urges")).toHaveText("无");

  // The unit clerk has the app open in another tab before the urge: the header's unread count.
  const jwClerk = await pageAs(browser, "unitClerkA");
  await jwClerk.goto("/messages/inbox");
  const unreadBadge = jwClerk.getByTestId("header-badge-unread");
  await expect(unreadBadge).toBeVisible();
  const unreadBefore = Number(await unreadBadge.getAttribute("data-count"));

  // 1. 催办 with a message: counted, listed as 待签收, in the history.
  await card.getByTestId("action-urge").click();
  let dialog = clerk.getByTestId("action-dialog");
  await expect(dialog.getByTestId("urge-info")).toContainText("已催办 0 次");
  await dialog.getByTestId("dialog-submit").click();
  await expect(dialog.getByText("请填写催办内容")).toBeVisible();
  await dialog.getByTestId("field-message").fill("请于本周五前报送保洁进展。");
  await dialog.getByTestId("dialog-submit").click();
  await expect(dialog).toBeHidden();
  await expect(card.getByTestId("assignment-urges")).toContainText("1 次");
  await expect(card.getByTestId("urge-item")).toHaveCount(1);
  await expect(card.getByTestId("urge-item")).toContainText("请于本周五前报送保洁进展。");
  await expect(card.getByTestId("urge-state")).toHaveText("待签收");
  await expect(clerk.locator("[data-testid=timeline-item][data-action=urge]")).toContainText("意见：请于本周五前报送保洁进展。");

  // A second urge right away is refused, naming when the next one is allowed.
  await card.getByTestId("action-urge").click();
  dialog = clerk.getByTestId("action-dialog");
  await expect(dialog.getByTestId("urge-info")).toContainText("后可再次催办");
  await dialog.getByTestId("field-message").fill("再次催办");
  await dialog.getByTestId("dialog-submit").click();
  await expect(dialog.getByTestId("action-error")).toContainText("小时内不能重复催办");
  await dialog.getByRole("button", { name: "取消" }).click();
  await expect(card.getByTestId("urge-item")).toHaveCount(1);

  // 2. Without a reload the clerk's unread count goes up (the badge polls, and asks again on focus); the
  // urge is in 我的消息 and waits in 待办事项 as 催办待签收, linked to the assignment on the task page.
  await jwClerk.evaluate(() => window.dispatchEvent(new Event("focus")));
  await expect.poll(async () => Number(await unreadBadge.getAttribute("data-count")), { timeout: 15_000 }).toBeGreaterThan(unreadBefore);
  await jwClerk.reload();
  const urgeMessage = jwClerk.getByTestId("inbox-message").filter({ hasText: `催办：${title}` });
  await expect(urgeMessage).toHaveCount(1);
  await expect(urgeMessage).toHaveAttribute("data-read", "false");
  await expect(urgeMessage).toContainText("请于本周五前报送保洁进展。");
  await jwClerk.goto("/messages/todo?kind=urge");
  const urgeTodo = jwClerk.getByTestId("todo-table").getByTestId("todo-row").filter({ hasText: title });
  await expect(urgeTodo).toHaveCount(1);
  await expect(urgeTodo).toContainText("催办待签收");

  // The unit clerk signs for the urge on the task page.
  await openFromList(jwClerk, "/assignments", title);
  const unit = new TaskDetailPage(jwClerk);
  const unitCard = unit.assignment("区教委");
  await expect(unitCard.getByTestId("urge-item")).toContainText("请于本周五前报送保洁进展。");
  await unitCard.getByTestId("urge-actions").getByTestId("action-acknowledge_urge").click();
  await expect(unitCard.getByTestId("urge-state")).toContainText("已签收（刘洋");
  await expect(unitCard.getByTestId("action-acknowledge_urge")).toHaveCount(0);
  // Signed for: it no longer waits in 待办事项.
  await jwClerk.goto("/messages/todo?kind=urge");
  await expect(jwClerk.getByTestId("todo-table").getByTestId("todo-row").filter({ hasText: title })).toHaveCount(0);
  await unit.goto(taskId);

  // 3. It receives the task and asks for an extension through its leader.
  await unit.act("receive", { unit: "区教委" });
  await unit.act("request_extension", { unit: "区教委", fill: { requestedDeadline: asked }, reason: "涉及多个街道河段，需协调清淤作业。" });
  await expect(unitCard.getByTestId("extension-status")).toHaveText("待单位领导审核（周晓红）");
  await expect(unitCard.getByTestId("action-request_extension")).toHaveCount(0);

  // 4. The unit leader finds it in 待办事项 and agrees, passing it to the office.
  const jwLeader = await pageAs(browser, "unitLeaderA");
  await jwLeader.goto("/messages/todo?kind=extension_unit");
  await expect(jwLeader.getByTestId("todo-table").getByTestId("todo-row").filter({ hasText: title })).toHaveCount(1);
  const leaderTask = new TaskDetailPage(jwLeader);
  await leaderTask.goto(taskId);
  await leaderTask.act("forward_extension", { unit: "区教委", opinion: "同意延期。" });
  await expect(leaderTask.assignment("区教委").getByTestId("extension-status")).toHaveText("待督查室审批");
  await jwLeader.context().close();

  // 5. The office approves with an earlier date than asked.
  await office.goto(taskId);
  await card.getByTestId("action-approve_extension").click();
  dialog = clerk.getByTestId("action-dialog");
  await expect(dialog.getByTestId("extension-summary")).toContainText("涉及多个街道河段");
  await expect(dialog.getByTestId("field-approvedDeadline")).toHaveValue(asked);
  await dialog.getByTestId("field-approvedDeadline").fill(approved);
  await dialog.getByTestId("field-opinion").fill("同意延期至所填日期。");
  await dialog.getByTestId("dialog-submit").click();
  await expect(dialog).toBeHidden();
  await expect(card.getByTestId("assignment-deadline")).toHaveText(`${approved}（已延期 1 次，原 ${deadline}）`);
  await expect(card.getByTestId("extension-status")).toHaveText("已批准");
  await expect(clerk.locator("[data-testid=timeline-item][data-action=approve_extension]")).toContainText(`办理期限 ${deadline} → ${approved}`);
  await expect(clerk.locator("[data-testid=timeline-item][data-action=request_extension]")).toContainText("申请延期");

  // Screenshots of the task page with an urge and an extension: desktop and a 390 px phone.
  await clerk.screenshot({ path: "test-results/urge-extension-desktop.png", fullPage: true });
  await clerk.setViewportSize({ width: 390, height: 844 });
  await clerk.screenshot({ path: "test-results/urge-extension-phone.png", fullPage: true });
  await clerk.context().close();

  // 6. The unit sees the new deadline on the task page and in its lists.
  await unit.goto(taskId);
  await expect(unitCard.getByTestId("assignment-deadline")).toHaveText(`${approved}（已延期 1 次，原 ${deadline}）`);
  for (const path of ["/assignments", "/assignments/tracking"]) {
    const lists = new TaskListsPage(jwClerk);
    await lists.open(path, title);
    // The unit's own (new) deadline, with the task's original beside it.
    await expect(lists.row(title)).toContainText(`${approved}（原 ${deadline}）`);
  }
  await jwClerk.context().close();
});
