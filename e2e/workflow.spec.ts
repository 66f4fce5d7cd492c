import { test, expect, pageAs, loginAs } from "./fixtures";
import type { Browser, Page } from "@playwright/test";
import { TaskFormPage } from "./pages/task-form-page";
import { TaskDetailPage } from "./pages/task-detail-page";
import { TaskListsPage } from "./pages/task-lists-page";

/**
 * The whole supervision workflow (manual §2.1, both flow charts) as separate people in separate
 * browser contexts: office clerk and leader, 区教委 (lead, handles through its leader) and 区民政局
 * (co-unit, feeds back directly). zj_jbr (区住房城乡建委) is the outsider.
 */

const FILE_NAME = "关于校园周边交通整治的通知附件.pdf";
const FILE = { name: FILE_NAME, mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n") };

function inDays(n: number): string {
  const d = new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000);
  return d.toISOString().slice(0, 10);
}

async function openFromList(page: Page, path: string, title: string) {
  const lists = new TaskListsPage(page);
  await lists.open(path, title);
  await expect(lists.row(title)).toHaveCount(1);
  await lists.row(title).getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
}

async function newPage(browser: Browser, role: Parameters<typeof pageAs>[1]) {
  return pageAs(browser, role);
}

test.describe.configure({ mode: "serial" });

/** Set by the walk-through; the scope test below opens the same task as an outsider. */
let walkedTask: { id: string; title: string } | undefined;

test("a task goes from registration through both units' feedback to the archive", async ({ browser }) => {
  test.setTimeout(300_000);
  const stamp = Date.now().toString(36);
  const firstTitle = `校园周边交通秩序整治 ${stamp}`;
  const title = `校园周边交通安全专项整治 ${stamp}`;

  const clerk = await newPage(browser, "officeClerk");
  const leader = await newPage(browser, "officeLeader");
  const jwClerk = await newPage(browser, "unitClerkA");
  const jwLeader = await newPage(browser, "unitLeaderA");
  const mzClerk = await newPage(browser, "unitClerkB");

  // 1. The office clerk registers the task with an attachment and submits it to 李建国.
  const form = new TaskFormPage(clerk);
  await form.gotoNew();
  await form.save();
  await expect(form.fieldError("title")).toHaveText("请填写事项标题");
  await form.fill({
    title: firstTitle,
    content: "开学季校园周边交通拥堵，请牵头开展专项整治。",
    requirements: "请于期限前书面反馈整治情况。",
    deadline: inDays(30),
    leadUnit: "区教委",
    coUnits: ["区民政局"],
    files: [FILE],
  });
  await form.save();
  await expect(clerk).toHaveURL(/\/tasks\/[0-9a-f-]{36}/);
  const clerkTask = new TaskDetailPage(clerk);
  const taskId = clerkTask.taskId();
  await expect(clerkTask.status()).toHaveText("草稿");
  await expect(clerk.getByTestId("task-attachments").getByRole("link", { name: FILE_NAME })).toBeVisible();
  await clerkTask.act("submit", { select: { reviewerId: "李建国（区政府督查室）" } });
  await expect(clerkTask.status()).toHaveText("待审签");

  // 2. The leader finds it in 待审签 and returns it with an opinion.
  await openFromList(leader, "/tasks/review", firstTitle);
  const leaderTask = new TaskDetailPage(leader);
  await leaderTask.act("return", { opinion: "标题请写明“安全”，内容补充整治范围。" });
  await expect(leaderTask.status()).toHaveText("已退回");

  // 3. The clerk sees the opinion, edits and resubmits.
  await clerkTask.goto(taskId);
  await expect(clerk.getByTestId("returned-notice")).toContainText("标题请写明“安全”");
  await clerk.getByTestId("action-edit").click();
  await clerk.locator("#title").fill(title);
  await clerk.locator("#content").fill("开学季校园周边交通拥堵，请牵头开展专项整治，范围为全区中小学校门口 200 米内。");
  await form.save();
  await expect(clerk.getByRole("heading", { name: title })).toBeVisible();
  await clerkTask.act("submit", { select: { reviewerId: "李建国（区政府督查室）" } });
  await expect(clerkTask.status()).toHaveText("待审签");

  // 4. The leader signs: the task gets its number.
  await openFromList(leader, "/tasks/review", title);
  await leaderTask.act("sign", { opinion: "同意。" });
  await expect(leaderTask.status()).toHaveText("待交办");
  await expect(leaderTask.taskNo()).toHaveText(/^渝中督〔\d{4}〕\d+号$/);
  const taskNo = (await leaderTask.taskNo().innerText()).trim();

  // 5. The clerk dispatches from 待交办.
  await openFromList(clerk, "/tasks/dispatch", title);
  await clerkTask.act("dispatch");
  await expect(clerkTask.status()).toHaveText("承办中");
  await expect(clerkTask.assignment("区教委")).toBeVisible();
  await expect(clerkTask.assignment("区民政局")).toBeVisible();

  // The printable notice carries the number and the deadline.
  await clerk.goto(`/tasks/${taskId}/notice`);
  await expect(clerk.getByTestId("notice-number")).toHaveText(taskNo);
  await expect(clerk.getByRole("heading", { name: "督查通知单" })).toBeVisible();

  // 6. 区教委: the clerk receives and sends the handling text to the unit leader.
  await openFromList(jwClerk, "/assignments", title);
  const jwClerkTask = new TaskDetailPage(jwClerk);
  // A unit sees only its own assignment.
  await expect(jwClerkTask.assignment("区民政局")).toHaveCount(0);
  await jwClerkTask.act("receive", { unit: "区教委" });
  await jwClerkTask.act("handle", { unit: "区教委", body: "已组织各校开展排查，初步方案如下。", select: { signerId: "周晓红（区教委）" } });
  await expect(jwClerkTask.assignment("区教委").getByTestId("report-version").first()).toHaveAttribute("data-status", "awaiting_sign");

  // 7. The unit leader returns it.
  await openFromList(jwLeader, "/assignments/sign", title);
  const jwLeaderTask = new TaskDetailPage(jwLeader);
  await jwLeaderTask.act("unit_return", { unit: "区教委", opinion: "请补充具体整治时间表。" });

  // 8. The clerk revises (the opinion is shown) and sends it again.
  await jwClerkTask.goto(taskId);
  await expect(jwClerkTask.assignment("区教委")).toContainText("请补充具体整治时间表。");
  await jwClerkTask.act("handle", { unit: "区教委", body: "已组织各校开展排查，9 月底前完成整治，时间表附后。", select: { signerId: "周晓红（区教委）" } });

  // 9. The unit leader signs.
  await openFromList(jwLeader, "/assignments/sign", title);
  await jwLeaderTask.act("unit_sign", { unit: "区教委", opinion: "同意上报。" });

  // 10. The clerk reports the signed text up from 承办反馈.
  await openFromList(jwClerk, "/assignments/report", title);
  await jwClerkTask.act("report_up", { unit: "区教委" });
  await expect(jwClerkTask.assignment("区教委").getByTestId("report-version").first()).toHaveAttribute("data-status", "submitted");

  // 11. 区民政局 receives and feeds back directly.
  await openFromList(mzClerk, "/assignments", title);
  const mzTask = new TaskDetailPage(mzClerk);
  await mzTask.act("receive", { unit: "区民政局" });
  await mzTask.act("feedback", { unit: "区民政局", body: "已配合摸排困难学生家庭出行需求。" });

  // 12. The office sees both in 反馈审核 and returns 区民政局's report.
  const feedback = new TaskListsPage(clerk);
  await feedback.open("/tasks/feedback", title);
  await expect(feedback.row(title)).toHaveCount(2);
  await clerkTask.goto(taskId);
  await clerkTask.act("return_rework", { unit: "区民政局", opinion: "请补充具体帮扶人数。" });

  // 13. 区民政局 sees the opinion and reports again.
  await mzTask.goto(taskId);
  await expect(mzTask.assignment("区民政局")).toContainText("请补充具体帮扶人数。");
  await mzTask.act("feedback", { unit: "区民政局", body: "已配合摸排困难学生家庭出行需求，帮扶 36 人。" });
  await expect(mzTask.assignment("区民政局").getByTestId("report-version")).toHaveCount(2);

  // 14. The office accepts both as final; the task is completed.
  await clerkTask.goto(taskId);
  await clerkTask.act("accept_final", { unit: "区教委" });
  await clerkTask.act("accept_final", { unit: "区民政局" });
  await expect(clerkTask.status()).toHaveText("已办结");

  // 15. The office archives it.
  await clerkTask.act("archive");
  await expect(clerkTask.status()).toHaveText("已归档");
  expect(await clerkTask.actionLabels()).toEqual([]);
  // The timeline tells the whole story in order.
  const actions = await clerkTask.timelineActions().evaluateAll((items) => items.map((i) => i.getAttribute("data-action")));
  expect(actions[0]).toBe("create");
  expect(actions.at(-1)).toBe("archive");
  for (const step of ["return", "submit", "sign", "dispatch", "receive", "handle", "unit_return", "report_up", "feedback", "return_rework", "accept_final"]) {
    expect(actions, `timeline has ${step}`).toContain(step);
  }

  // 16. Everyone finds it where they should, and can download the attachment.
  const jwLists = new TaskListsPage(jwClerk);
  await jwLists.open("/assignments/tracking", title);
  await expect(jwLists.row(title)).toContainText("已办结");
  await jwLists.open("/assignments", title);
  await expect(jwLists.empty()).toBeVisible();

  for (const page of [clerk, leader, jwClerk, jwLeader, mzClerk]) {
    await openFromList(page, "/archive", title);
    const download = await new TaskDetailPage(page).downloadTaskAttachment(FILE_NAME);
    expect(download.suggestedFilename()).toBe(FILE_NAME);
  }
  const jwLeaderLists = new TaskListsPage(jwLeader);
  await jwLeaderLists.open("/assignments/tracking", title);
  await expect(jwLeaderLists.row(title)).toContainText("已办结");
  await new TaskListsPage(clerk).open("/tasks", taskNo);
  await expect(new TaskListsPage(clerk).row(title)).toContainText("已归档");

  walkedTask = { id: taskId, title };
});

test("a user of a unit with no part in the task gets \"not found\" by URL and never sees it in a list", async ({ browser }) => {
  expect(walkedTask, "the walk-through above registers the task").toBeDefined();
  const { id: taskId, title } = walkedTask!;
  const outsiderContext = await browser.newContext();
  const outsider = await outsiderContext.newPage();
  await loginAs(outsider, "zj_jbr");
  for (const path of [`/tasks/${taskId}`, `/tasks/${taskId}/notice`]) {
    const response = await outsider.goto(path);
    expect(response!.status(), path).toBe(404);
    await expect(outsider.getByRole("heading", { name: "页面不存在或您无权查看" })).toBeVisible();
    await expect(outsider.locator("main")).toHaveCount(1);
  }
  await expect(outsider.getByText(title)).toHaveCount(0);
  await new TaskListsPage(outsider).open("/archive", title);
  await expect(new TaskListsPage(outsider).empty()).toBeVisible();
  await new TaskListsPage(outsider).open("/assignments/tracking", title);
  await expect(new TaskListsPage(outsider).empty()).toBeVisible();
  await outsiderContext.close();
});

test("a unit leader reads a just-dispatched assignment and delegates it to a named clerk (分办)", async ({ browser }) => {
  test.setTimeout(180_000);
  const title = `老旧小区加装电梯推进 ${Date.now().toString(36)}`;
  const clerk = await pageAs(browser, "officeClerk");
  const leader = await pageAs(browser, "officeLeader");
  const jwLeader = await pageAs(browser, "unitLeaderA");
  const jwClerk = await pageAs(browser, "unitClerkA");

  const form = new TaskFormPage(clerk);
  await form.gotoNew();
  await form.fill({ title, content: "请推进辖区老旧小区加装电梯。", deadline: inDays(20), leadUnit: "区教委" });
  await form.save();
  await expect(clerk).toHaveURL(/\/tasks\/[0-9a-f-]{36}/);
  const clerkTask = new TaskDetailPage(clerk);
  const taskId = clerkTask.taskId();
  await clerkTask.act("submit", { select: { reviewerId: "李建国（区政府督查室）" } });
  await openFromList(leader, "/tasks/review", title);
  await new TaskDetailPage(leader).act("sign");
  await clerkTask.goto(taskId);
  await clerkTask.act("dispatch");
  await expect(clerkTask.status()).toHaveText("承办中");

  // The unit leader sees it in 任务跟踪 before anyone received it, and delegates it to 田甜.
  await openFromList(jwLeader, "/assignments/tracking", title);
  const leaderTask = new TaskDetailPage(jwLeader);
  await expect(leaderTask.assignmentStatus("区教委")).toHaveText("待接收");
  await leaderTask.act("delegate", { unit: "区教委", select: { handlerId: "田甜（区教委）" }, instruction: "请田甜牵头办理，周五前出方案。" });
  await expect(leaderTask.assignment("区教委")).toContainText("周晓红 分办给 田甜：请田甜牵头办理，周五前出方案。");
  await expect(jwLeader.getByTestId("timeline-item").last()).toHaveAttribute("data-action", "delegate");

  // Another clerk of the unit can read it but not handle it; the named clerk can.
  const other = new TaskDetailPage(jwClerk);
  await other.goto(taskId);
  await expect(other.assignment("区教委")).toBeVisible();
  expect(await other.actionLabels()).toEqual([]);
  const namedContext = await browser.newContext();
  const named = await namedContext.newPage();
  await loginAs(named, "jw_jbr2");
  await openFromList(named, "/assignments", title);
  const namedTask = new TaskDetailPage(named);
  expect(await namedTask.actionLabels()).toEqual(["反馈任务", "承办任务", "申请延期"]);
  await namedContext.close();
});
