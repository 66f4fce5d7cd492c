import type { Page } from "@playwright/test";
import { test, expect, pageAs, type RoleKey } from "./fixtures";
import { sheetRows } from "../test/sheet";

/**
 * 领导驾驶舱: 督查室领导 and 区领导 land on it, every figure is a link to its list, 待我处理 is there; everyone
 * else keeps the work home page. Other specs dispatch in parallel on the same server, so the numbers move:
 * this spec asserts structure and link targets (lib/data/dashboard.int.test.ts checks the numbers equal
 * their lists), and only reads the server's data (it dispatches nothing).
 */

function shanghaiToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

async function screenshots(page: Page, name: string) {
  await page.screenshot({ path: `test-results/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `test-results/${name}-phone.png`, fullPage: true });
}

async function expectDashboard(page: Page) {
  const today = shanghaiToday();
  const year = today.slice(0, 4);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "领导驾驶舱" })).toBeVisible();
  const dashboard = page.getByTestId("leader-dashboard");
  await expect(dashboard).toBeVisible();

  const figure = (key: string) => dashboard.locator(`[data-testid="headline-figure"][data-figure="${key}"]`);
  await expect(figure("open")).toHaveAttribute("href", "/tasks?status=in_progress");
  await expect(figure("red")).toHaveAttribute("href", "/tasks?light=red");
  const overdue = new URL((await figure("overdue").getAttribute("href"))!, "http://x");
  expect(overdue.pathname).toBe("/stats/assignments");
  expect(Object.fromEntries(overdue.searchParams)).toMatchObject({ period: "range", to: today, metric: "overdue_open" });
  for (const key of ["open", "overdue", "red"]) await expect(figure(key).getByTestId("figure-count")).toHaveText(/^\d+$/);

  const period = (kind: string) => dashboard.locator(`[data-testid="period-figures"][data-period="${kind}"]`);
  await expect(period("year").locator('[data-testid="period-rate"][data-metric="on_time_rate"]')).toHaveAttribute(
    "href",
    `/stats/supervision?period=year&year=${year}`,
  );
  await expect(period("month").locator('[data-testid="period-rate"][data-metric="completion_rate"]')).toHaveAttribute(
    "href",
    `/stats/supervision?period=month&month=${today.slice(0, 7)}`,
  );
  await expect(period("year").locator('[data-testid="period-count"][data-metric="dispatched"]')).toHaveAttribute(
    "href",
    `/stats/assignments?period=year&year=${year}&metric=dispatched`,
  );
  // 最落后的单位: a list of links into each unit's overdue assignments, or the empty sentence.
  const behind = dashboard.getByTestId("behind-unit");
  if ((await behind.count()) > 0) {
    await expect(dashboard.getByTestId("behind-chart")).toBeVisible();
    await expect(behind.first().getByRole("link")).toHaveAttribute("href", /^\/stats\/assignments\?period=year&year=\d{4}&unit=[0-9a-f-]{36}&metric=overdue_open$/);
    // Its Excel sheet, with the period written in.
    const [download] = await Promise.all([page.waitForEvent("download"), dashboard.getByTestId("behind-export").click()]);
    expect(download.suggestedFilename()).toMatch(/^最落后的单位.*\.xlsx$/);
    const sheet = await sheetRows((await download.path())!);
    expect(sheet.some((r) => r.includes(`周期：${year}年`))).toBe(true);
    const header = sheet.findIndex((r) => r.startsWith("序号|承办单位"));
    // Other specs work in parallel, so only the shape is asserted here (the int test checks rows and order).
    expect(header).toBeGreaterThan(0);
    expect(sheet.length - header - 1).toBeGreaterThan(0);
  } else {
    await expect(dashboard.getByTestId("behind-empty")).toBeVisible();
  }
  await expect(dashboard.getByRole("heading", { name: "待我处理" })).toBeVisible();
  await expect(dashboard.getByRole("link", { name: /全部待办/ })).toHaveAttribute("href", "/messages/todo");
  await expect(dashboard.getByTestId("trend-chart")).toBeVisible();
  return dashboard;
}

test("督查室领导 lands on the dashboard; the red-light figure opens the 全部任务 list of red tasks", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await pageAs(browser, "officeLeader2");
  await page.setViewportSize({ width: 1280, height: 900 });
  const dashboard = await expectDashboard(page);
  // Its 待我处理 is either the items (each a link to the task) or the empty state.
  const items = dashboard.getByTestId("todo-item");
  if ((await items.count()) > 0) await expect(items.first().getByRole("link")).toHaveAttribute("href", /^\/tasks\/[0-9a-f-]{36}/);
  else await expect(dashboard.getByText("暂无待您处理的事项")).toBeVisible();
  await screenshots(page, "dashboard-office-leader");

  await page.setViewportSize({ width: 1280, height: 900 });
  await dashboard.locator('[data-testid="headline-figure"][data-figure="red"]').click();
  await expect(page).toHaveURL(/\/tasks\?light=red$/);
  await expect(page.getByRole("heading", { level: 1, name: "全部任务" })).toBeVisible();
  await page.context().close();
});

test("区领导 lands on the dashboard with nothing waiting on them", async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await pageAs(browser, "districtLeader");
  const dashboard = await expectDashboard(page);
  // A district leader only looks: no step of the workflow ever waits on them.
  await expect(dashboard.getByText("暂无待您处理的事项")).toBeVisible();
  await expect(dashboard.getByTestId("todo-item")).toHaveCount(0);
  await screenshots(page, "dashboard-district-leader");
  // Printed (A4): the page alone, without the shell's header and menu or any button.
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("header").first()).toBeHidden();
  await expect(page.locator("aside")).toBeHidden();
  await expect(page.getByRole("button", { name: "用户注销" })).toBeHidden();
  await expect(page.getByTestId("leader-dashboard")).toBeVisible();
  await page.screenshot({ path: "test-results/dashboard-district-leader-print.png", fullPage: true });
  await page.context().close();
});

for (const [role, name] of [
  ["officeClerk", "督查室经办人"],
  ["unitClerkA", "承办单位经办人"],
] as Array<[RoleKey, string]>) {
  test(`${name} keeps the work home page, without the dashboard`, async ({ browser }) => {
    test.setTimeout(120_000);
    const page = await pageAs(browser, role);
    await page.goto("/");
    await expect(page.getByTestId("home-roles")).toHaveText(name);
    await expect(page.getByTestId("work-queues")).toBeVisible();
    await expect(page.getByTestId("leader-dashboard")).toHaveCount(0);
    await expect(page.getByRole("heading", { name: "领导驾驶舱" })).toHaveCount(0);
    await page.context().close();
  });
}
