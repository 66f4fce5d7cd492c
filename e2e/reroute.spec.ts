import { test, expect, pageAs } from "./fixtures";
import { AdminUsersPage } from "./pages/admin-org";
import { TaskFormPage } from "./pages/task-form-page";
import { TaskDetailPage } from "./pages/task-detail-page";

/**
 * Issue 7, item 8: nothing may get stuck on an account that can no longer act. The leader the task
 * waits on is created here (no other spec knows them), disabled by the admin, and the admin re-routes
 * (改派) the pending review from 用户管理; 王振华 (dcs_ld2) then signs and the task goes on.
 */

function inDays(n: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
}

test("a disabled leader's pending review is re-routed from 用户管理 and the new leader signs it", async ({ browser }) => {
  test.setTimeout(120_000);
  const stamp = Date.now().toString(36);
  const username = `e2e_ld_${stamp}`;
  const leaderName = `停用领导${stamp}`;
  const title = `待改派的督办事项 ${stamp}`;

  // 1. The admin creates an office leader.
  const admin = await pageAs(browser, "admin");
  await new AdminUsersPage(admin).create({ username, displayName: leaderName, unit: "区政府督查室", roles: ["督查室领导"] });

  // 2. The office clerk registers a task and submits it to that leader.
  const clerk = await pageAs(browser, "officeClerk");
  const form = new TaskFormPage(clerk);
  await form.gotoNew();
  await form.fill({ title, content: "请核查辖区内违规占道经营情况并反馈。", deadline: inDays(20), leadUnit: "区城市管理局" });
  await form.save();
  await expect(clerk).toHaveURL(/\/tasks\/[0-9a-f-]{36}/);
  const clerkTask = new TaskDetailPage(clerk);
  const taskId = clerkTask.taskId();
  await clerkTask.act("submit", { select: { reviewerId: `${leaderName}（区政府督查室）` } });
  await expect(clerkTask.status()).toHaveText("待审签");
  await clerk.context().close();

  // 3. The admin disables the leader: the confirmation and the page name the pending step.
  await admin.goto(`/admin/users?q=${username}`);
  await admin.locator(`[data-testid=user-row][data-username=${username}]`).getByRole("link").first().click();
  const step = admin.locator(`[data-testid=pending-step][data-task-id="${taskId}"]`);
  await expect(step).toContainText(title);
  await expect(step).toContainText("督办事项待审签");
  await admin.getByTestId("disable-user").click();
  await expect(admin.getByRole("alertdialog")).toContainText("该用户还有 1 项待办环节");
  await admin.getByTestId("disable-user-confirm").click();
  await expect(admin.getByTestId("pending-steps-notice")).toContainText("仍有 1 项待办环节");

  // 4. 改派 to 王振华: a reason is required; then the step leaves the list.
  await step.getByTestId("field-toUserId").selectOption({ label: "王振华（区政府督查室）" });
  await step.getByTestId("reroute-submit").click();
  await expect(step.getByText("请填写改派原因")).toBeVisible();
  await step.getByTestId("field-reason").fill(`${leaderName}已停用`);
  await step.getByTestId("reroute-submit").click();
  await expect(admin.getByTestId("pending-step")).toHaveCount(0);
  await expect(admin.getByTestId("pending-steps-notice")).toBeHidden();
  await admin.context().close();

  // 5. The new leader finds it waiting on them, sees the re-route in the history, and signs.
  const leader = await pageAs(browser, "officeLeader2");
  const leaderTask = new TaskDetailPage(leader);
  await leaderTask.goto(taskId);
  await expect(leader.getByText("当前由 王振华 审签。")).toBeVisible();
  const reroute = leader.locator("[data-testid=timeline-item][data-action=reroute]");
  await expect(reroute).toContainText(`由 ${leaderName} 改派给 王振华`);
  await expect(reroute).toContainText(`意见：${leaderName}已停用`);
  await leaderTask.act("sign", { opinion: "同意。" });
  await expect(leaderTask.status()).toHaveText("待交办");
  await expect(leaderTask.taskNo()).toHaveText(/^渝中督〔\d{4}〕\d+号$/);
  await leader.context().close();
});
