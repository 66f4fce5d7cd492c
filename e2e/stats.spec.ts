import { test, expect, pageAs, loginAs } from "./fixtures";
import { sheetRows } from "../test/sheet";
import type { Browser, Page } from "@playwright/test";
import { TaskFormPage } from "./pages/task-form-page";
import { TaskDetailPage } from "./pages/task-detail-page";
import { AdminBaseDataPage } from "./pages/admin-basedata";
import { AdminUsersPage } from "./pages/admin-org";
import { LoginPage } from "./pages/login-page";
import { PasswordPage } from "./pages/password-page";

/**
 * 政务督查统计 end to end. Other specs dispatch in parallel, so every number here is isolated: the tasks carry
 * an 事件来源 this spec creates, they go to 区发展改革委 and 区科技局 (units no other spec uses), and the page is
 * filtered by that source. The admin creates a clerk in each of the two units for this run (dispatch needs a
 * receiver); the 区发展改革委 one signs in for the unit view.
 */

const stamp = Date.now().toString(36);
const SOURCE = `统计测试来源${stamp}`;
const LEAD = "区发展改革委";
const CO = "区科技局";

function inDays(n: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
}

async function clerkPage(browser: Browser): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await loginAs(page, "dcs_jbr2");
  return page;
}

async function dispatchTask(clerk: Page, leader: Page, title: string, coUnits: string[]) {
  const form = new TaskFormPage(clerk);
  await form.gotoNew();
  await form.fill({ title, content: "统计测试事项内容。", deadline: inDays(30), leadUnit: LEAD, coUnits });
  await clerk.locator("#sourceId").selectOption({ label: SOURCE });
  await form.save();
  await expect(clerk).toHaveURL(/\/tasks\/[0-9a-f-]{36}/);
  const task = new TaskDetailPage(clerk);
  const id = task.taskId();
  await task.act("submit", { select: { reviewerId: "王振华（区政府督查室）" } });
  const leaderTask = new TaskDetailPage(leader);
  await leaderTask.goto(id);
  await leaderTask.act("sign", { opinion: "同意。" });
  await task.goto(id);
  await task.act("dispatch");
  await expect(task.status()).toHaveText("承办中");
}


test("政务督查统计: per-unit numbers, the list behind a number, export, 口径说明, print, and a unit's own view", async ({ browser }) => {
  test.setTimeout(360_000);
  const admin = await pageAs(browser, "admin");
  const base = new AdminBaseDataPage(admin);
  await base.goto("sources");
  await base.create(SOURCE);
  const username = `e2e_st_${stamp}`;
  // Dispatch needs a receiving clerk in each unit; the 区发展改革委 one also signs in below for the unit view.
  const temporary = await new AdminUsersPage(admin).create({ username, displayName: "统计测试员", unit: LEAD, roles: ["承办单位经办人"] });
  await new AdminUsersPage(admin).create({ username: `e2e_st2_${stamp}`, displayName: "统计测试员乙", unit: CO, roles: ["承办单位经办人"] });
  await admin.context().close();

  const clerk = await clerkPage(browser);
  const leader = await pageAs(browser, "officeLeader2");
  await dispatchTask(clerk, leader, `统计测试事项甲 ${stamp}`, [CO]);
  await dispatchTask(clerk, leader, `统计测试事项乙 ${stamp}`, []);
  await leader.context().close();

  // The office view, filtered by this run's source through the form.
  await clerk.goto("/stats/supervision");
  await expect(clerk.getByRole("heading", { name: "政务督查统计" })).toBeVisible();
  await clerk.locator("#stats-source").selectOption({ label: SOURCE });
  await clerk.getByRole("button", { name: "统计" }).click();
  await expect(clerk).toHaveURL(/source=[0-9a-f-]{36}/);
  const row = (unit: string) => clerk.locator(`[data-testid=stats-row][data-label="${unit}"]`);
  await expect(clerk.getByTestId("stats-row")).toHaveCount(2);
  await expect(row(LEAD).getByTestId("cell-dispatched")).toHaveText("2");
  await expect(row(CO).getByTestId("cell-dispatched")).toHaveText("1");
  await expect(row(LEAD).getByTestId("cell-completed_on_time")).toHaveText("0");
  await expect(clerk.getByTestId("total-dispatched")).toHaveText("3");
  await expect(clerk.getByTestId("chart-completion")).toBeVisible();
  await expect(clerk.getByTestId("chart-trend")).toBeVisible();

  // 口径说明 opens and states the ranking rule.
  await clerk.getByTestId("stats-definitions").locator("summary").click();
  await expect(clerk.getByTestId("stats-definitions")).toContainText("排名规则");

  await clerk.setViewportSize({ width: 1280, height: 900 });
  // Recharts measures its container after mount: wait for the drawn bars before the screenshot.
  await expect(clerk.getByTestId("chart-completion").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await clerk.screenshot({ path: "test-results/stats-supervision-desktop.png", fullPage: true });
  await clerk.emulateMedia({ media: "print" });
  // Printed: the opened 口径说明 is part of the report, and each chart is drawn within its box (not collapsed, not
  // wider than the column it prints in).
  await expect(clerk.getByTestId("stats-definitions")).toBeVisible();
  for (const chart of ["chart-completion", "chart-trend"]) {
    const [svgWidth, boxWidth] = await clerk.getByTestId(chart).evaluate((figure) => [
      figure.querySelector(".recharts-wrapper > svg.recharts-surface")?.getBoundingClientRect().width ?? 0,
      figure.getBoundingClientRect().width,
    ]);
    expect(svgWidth, chart).toBeGreaterThan(100);
    expect(svgWidth, chart).toBeLessThanOrEqual(boxWidth);
  }
  await clerk.screenshot({ path: "test-results/stats-supervision-print.png", fullPage: true });
  await clerk.pdf({ path: "test-results/stats-supervision.pdf", format: "A4", landscape: true, printBackground: true }).catch(() => undefined);
  await clerk.emulateMedia({ media: "screen" });

  // Export: the header rows name the filter.
  const [download] = await Promise.all([clerk.waitForEvent("download"), clerk.getByTestId("export-stats").click()]);
  const sheet = await sheetRows((await download.path())!);
  expect(sheet[0]).toBe("政务督查统计");
  expect(sheet.join("\n")).toContain(`事件来源：${SOURCE}`);
  expect(sheet.some((r) => r.startsWith(`${LEAD}|`))).toBe(true);

  // The number links to exactly that many rows.
  await row(LEAD).getByTestId("cell-dispatched").click();
  await expect(clerk).toHaveURL(/\/stats\/assignments\?/);
  await expect(clerk.getByRole("heading", { name: new RegExp(`${LEAD} · \\d{4}年 · 交办`) })).toBeVisible();
  await expect(clerk.getByTestId("stats-list-row")).toHaveCount(2);
  await expect(clerk.getByTestId("list-total")).toContainText("共 2 条");
  await clerk.screenshot({ path: "test-results/stats-list-desktop.png", fullPage: true });

  // 部门办件统计 for the same source: all three assignments under the one 办件类型 the form picked.
  const sourceParam = new URL(clerk.url()).searchParams.get("source")!;
  await clerk.goto(`/stats/business?source=${sourceParam}`);
  await expect(clerk.getByRole("heading", { name: "部门办件统计" })).toBeVisible();
  await expect(clerk.getByTestId("stats-row")).toHaveCount(1);
  await expect(clerk.getByTestId("cell-dispatched")).toHaveText("3");
  await expect(clerk.getByTestId("chart-pie")).toBeVisible();
  await clerk.getByTestId("dimension-tabs").getByRole("link", { name: "按事件来源" }).click();
  await expect(clerk.locator(`[data-testid=stats-row][data-label="${SOURCE}"]`).getByTestId("cell-dispatched")).toHaveText("3");
  await clerk.locator(`[data-testid=stats-row][data-label="${SOURCE}"]`).getByTestId("cell-dispatched").click();
  await expect(clerk.getByTestId("stats-list-row")).toHaveCount(3);
  await clerk.context().close();

  // A unit's own view: its row only, and its place among the ranked units.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const unit = await context.newPage();
  await new LoginPage(unit).goto();
  await new LoginPage(unit).login(username, temporary);
  await expect(unit).toHaveURL(/\/account\/password\?required=1/);
  await new PasswordPage(unit).change(temporary, "Tongji#2026x");
  await expect(unit).toHaveURL(/\/login\?changed=1/);
  await loginAs(unit, username, "Tongji#2026x");
  await unit.goto("/stats/supervision");
  await unit.locator("#stats-source").selectOption({ label: SOURCE });
  await unit.getByRole("button", { name: "统计" }).click();
  await expect(unit).toHaveURL(/source=/);
  await expect(unit.getByTestId("stats-row")).toHaveCount(1);
  await expect(unit.locator(`[data-testid=stats-row][data-label="${LEAD}"]`).getByTestId("cell-dispatched")).toHaveText("2");
  await expect(unit.getByTestId("stats-total-row")).toHaveCount(0);
  // Both units have nothing completed and nothing overdue: they share first place.
  await expect(unit.getByTestId("own-rank")).toContainText("第 1 名 / 共 2 个单位");
  await unit.screenshot({ path: "test-results/stats-supervision-phone.png", fullPage: true });
  await context.close();
});
