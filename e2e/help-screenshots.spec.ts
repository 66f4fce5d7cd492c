import { readFileSync } from "node:fs";
import type { Browser, Locator, Page } from "@playwright/test";
import { test, expect, ROLE_USERS, storageStatePath, type RoleKey } from "./fixtures";
import { TaskFormPage } from "./pages/task-form-page";
import { TaskDetailPage } from "./pages/task-detail-page";
import { HELP_CHAPTERS } from "../lib/help/manual";
import { HELP_PDF_PATH, HELP_SCREEN_DIR, HELP_SCREEN_NAMES, HELP_SCREENS, helpScreenFile, type HelpScreen } from "../lib/help/screens";

/**
 * The 操作手册's pictures and PDF, made from the running system on every e2e run so they never show a screen
 * that has changed: a realistic task goes through both flows (office → 区教委 via its leader, 区民政局 feeding
 * back directly) while each screen the manual shows is captured into public/help/screens (overwriting the
 * committed copies), then /help/print is saved as public/help/manual.pdf. The names come from
 * lib/help/screens.ts, the one list the help pages reference; this spec fails unless it captured all of them.
 */

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

const ATTACHMENT = { name: "区委督查件批示.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n") };
const REPORT_FILE = { name: "校园周边整治工作台账.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n") };

function inDays(n: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
}

const captured = new Set<HelpScreen>();

/** Saves one screen (the viewport, or one element) as the manual's JPEG. */
async function shoot(page: Page, name: HelpScreen, target?: Locator) {
  const expected = HELP_SCREENS[name].viewport === "phone" ? PHONE.width : DESKTOP.width;
  expect(page.viewportSize()?.width, `${name} is a ${HELP_SCREENS[name].viewport} screen`).toBe(expected);
  await page.evaluate(() => document.fonts.ready);
  const options = { path: `${HELP_SCREEN_DIR}/${helpScreenFile(name)}`, type: "jpeg" as const, quality: 70, animations: "disabled" as const, caret: "hide" as const };
  if (target) await target.screenshot(options);
  else await page.screenshot(options);
  captured.add(name);
}

async function open(browser: Browser, role: RoleKey | null, viewport = DESKTOP): Promise<Page> {
  const context = await browser.newContext({ viewport, ...(role ? { storageState: storageStatePath(ROLE_USERS[role]) } : {}) });
  return context.newPage();
}

test.describe.configure({ mode: "serial" });

test("the manual's screenshots and PDF come from the running system", async ({ browser }) => {
  test.setTimeout(240_000);
  // Everything below goes by the task's id, so a second run on the same database (same title) works too.
  const title = "关于开展校园周边交通安全专项整治的通知";

  // Public pages.
  const anonymous = await open(browser, null);
  await anonymous.goto("/login");
  await expect(anonymous.getByRole("button", { name: "登 录" })).toBeVisible();
  await shoot(anonymous, "login");
  const anonymousPhone = await open(browser, null, PHONE);
  await anonymousPhone.goto("/login");
  await expect(anonymousPhone.getByRole("button", { name: "登 录" })).toBeVisible();
  await shoot(anonymousPhone, "phone-login");

  // 督查室经办人 registers the task and submits it.
  const clerk = await open(browser, "officeClerk");
  const form = new TaskFormPage(clerk);
  await form.gotoNew();
  await form.fill({
    title,
    content: "开学以来，全区中小学校门口上下学时段交通拥堵、车辆乱停乱放问题突出，群众反映强烈。请牵头开展校园周边交通安全专项整治。",
    requirements: "请于办理时限前书面反馈整治措施和成效，每两周报送一次进展。",
    deadline: inDays(20),
    leadUnit: "区教委",
    coUnits: ["区民政局"],
    files: [ATTACHMENT],
  });
  await clerk.evaluate(() => window.scrollTo(0, 0));
  await shoot(clerk, "task-new");
  await form.save();
  await expect(clerk).toHaveURL(/\/tasks\/[0-9a-f-]{36}/);
  const clerkTask = new TaskDetailPage(clerk);
  const taskId = clerkTask.taskId();
  await clerkTask.act("submit", { select: { reviewerId: "李建国（区政府督查室）" } });

  // 督查室领导 signs.
  const leader = await open(browser, "officeLeader");
  const leaderTask = new TaskDetailPage(leader);
  await leaderTask.goto(taskId);
  await expect(leader.getByTestId("action-sign")).toBeVisible();
  await shoot(leader, "task-review");
  await leaderTask.act("sign", { opinion: "同意，请抓紧交办。" });
  await expect(leaderTask.status()).toHaveText("待交办");

  // The clerk dispatches.
  await clerkTask.goto(taskId);
  await expect(clerk.getByTestId("action-dispatch")).toBeVisible();
  await shoot(clerk, "task-dispatch");
  await clerkTask.act("dispatch");
  await expect(clerkTask.status()).toHaveText("承办中");

  // On a phone, while the task waits to be received.
  const jwPhone = await open(browser, "unitClerkA", PHONE);
  await jwPhone.goto("/");
  await expect(jwPhone.getByRole("button", { name: "打开菜单" })).toBeVisible();
  await shoot(jwPhone, "phone-home");
  await jwPhone.goto(`/tasks/${taskId}`);
  await expect(jwPhone.getByRole("heading", { name: title })).toBeVisible();
  await shoot(jwPhone, "phone-task");

  // 区教委: the clerk receives and sends the handling text to the unit leader.
  const jwClerk = await open(browser, "unitClerkA");
  await jwClerk.goto("/assignments");
  await expect(jwClerk.locator("[data-testid=assignment-row]").filter({ hasText: title }).first()).toBeVisible();
  await shoot(jwClerk, "unit-assignments");
  const jwTask = new TaskDetailPage(jwClerk);
  await jwTask.goto(taskId);
  await expect(jwTask.assignment("区教委").getByTestId("action-receive")).toBeVisible();
  await shoot(jwClerk, "unit-receive");
  await jwTask.act("receive", { unit: "区教委" });
  await jwTask.assignment("区教委").getByTestId("action-handle").click();
  const dialog = jwClerk.getByTestId("action-dialog");
  await dialog.getByTestId("field-body").fill("已组织全区中小学校开展排查，会同交警、城管在 42 所学校门口设置护学岗和临时停车区，整治时间表见附件。");
  await dialog.getByTestId("attachment-input").setInputFiles([REPORT_FILE]);
  await expect(dialog.getByTestId("attachment-item")).toHaveCount(1);
  await expect(dialog.getByTestId("attachment-uploader")).not.toHaveAttribute("data-busy", /.+/, { timeout: 20_000 });
  await dialog.getByTestId("field-signerId").selectOption({ label: "周晓红（区教委）" });
  await shoot(jwClerk, "unit-handle-dialog");
  await dialog.getByTestId("dialog-submit").click();
  await expect(dialog).toBeHidden();

  // The unit leader signs.
  const jwLeader = await open(browser, "unitLeaderA");
  const jwLeaderTask = new TaskDetailPage(jwLeader);
  await jwLeaderTask.goto(taskId);
  await expect(jwLeaderTask.assignment("区教委").getByTestId("action-unit_sign")).toBeVisible();
  await jwLeaderTask.assignment("区教委").scrollIntoViewIfNeeded();
  await shoot(jwLeader, "unit-sign");
  await jwLeaderTask.act("unit_sign", { unit: "区教委", opinion: "同意上报。" });

  // The clerk reports up; the history shows every step.
  await jwTask.goto(taskId);
  await jwTask.act("report_up", { unit: "区教委" });
  await expect(jwClerk.locator("[data-testid=timeline-item][data-action=report_up]")).toHaveCount(1);
  await shoot(jwClerk, "unit-tracking", jwClerk.getByTestId("timeline").locator("xpath=ancestor::section[1]"));

  // 区民政局 feeds back directly.
  const mzClerk = await open(browser, "unitClerkB");
  const mzTask = new TaskDetailPage(mzClerk);
  await mzTask.goto(taskId);
  await mzTask.act("receive", { unit: "区民政局" });
  await mzTask.act("feedback", { unit: "区民政局", body: "已配合摸排困难学生家庭上下学出行需求，落实结对帮扶 36 人。" });

  // The office's queues, messages and the account page.
  await clerk.goto("/tasks/feedback");
  await expect(clerk.locator("[data-testid=assignment-row]").filter({ hasText: "区民政局" }).filter({ hasText: title }).first()).toBeVisible();
  await shoot(clerk, "office-feedback");
  await clerk.goto("/");
  await expect(clerk.getByRole("heading", { name: "我的待办" })).toBeVisible();
  await shoot(clerk, "home-clerk");
  await clerk.goto("/messages/notifications");
  await expect(clerk.getByText(title).first()).toBeVisible();
  await shoot(clerk, "notifications");
  await clerk.goto("/account/password");
  await expect(clerk.getByTestId("font-size-switch")).toBeVisible();
  await shoot(clerk, "password");

  // 区领导's cockpit, the unit's members, the admin's users.
  const districtLeader = await open(browser, "districtLeader");
  await districtLeader.goto("/");
  await expect(districtLeader.getByTestId("leader-dashboard")).toBeVisible();
  await districtLeader.waitForSelector(".recharts-surface");
  await shoot(districtLeader, "dashboard");
  await jwClerk.goto("/messages/unit-members");
  await expect(jwClerk.getByRole("heading", { name: "单位用户信息" })).toBeVisible();
  await shoot(jwClerk, "unit-members");
  const admin = await open(browser, "admin");
  await admin.goto("/admin/users");
  await expect(admin.getByTestId("user-search")).toBeVisible();
  await shoot(admin, "admin-users");


  expect([...captured].sort(), "every screen the manual lists was captured").toEqual([...HELP_SCREEN_NAMES].sort());

  // The whole manual as one PDF, from the print view (with the pictures just taken).
  const print = await open(browser, null);
  await print.goto("/help/print");
  await expect(print.locator("[data-chapter]")).toHaveCount(HELP_CHAPTERS.length);
  // A picture added since the server started is not served (Next lists public/ at start): run the spec again.
  await expect
    .poll(() => print.locator("img").evaluateAll((images) => images.filter((img) => !(img as HTMLImageElement).complete || (img as HTMLImageElement).naturalWidth === 0).map((img) => img.getAttribute("src"))), {
      message: "every picture of the print view loaded",
    })
    .toEqual([]);
  await print.pdf({
    path: HELP_PDF_PATH,
    format: "A4",
    printBackground: true,
    displayHeaderFooter: true,
    headerTemplate: "<span></span>",
    footerTemplate: '<div style="width:100%;text-align:center;font-size:9px;color:#475569">— <span class="pageNumber"></span> —</div>',
    margin: { top: "14mm", bottom: "16mm", left: "12mm", right: "12mm" },
  });
  expect(readFileSync(HELP_PDF_PATH).subarray(0, 5).toString()).toBe("%PDF-");
  for (const page of [anonymous, anonymousPhone, clerk, leader, jwClerk, jwLeader, mzClerk, districtLeader, admin, jwPhone, print]) await page.context().close();
});
