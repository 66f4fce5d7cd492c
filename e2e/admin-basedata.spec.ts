import { test, expect, pageAs } from "./fixtures";
import { AdminBaseDataPage, AdminCalendarPage } from "./pages/admin-basedata";
import { TaskFormPage } from "./pages/task-form-page";
import { TaskDetailPage } from "./pages/task-detail-page";

function inDays(n: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
}

test.describe("a category in use", () => {
  // One story in two tests, so neither comes near the timeout on a loaded machine.
  test.describe.configure({ mode: "serial" });
  // A category of this story's own, so that specs running alongside keep their choices.
  const category = `专项整治${Date.now().toString(36)}`;
  const parent = "民生保障";
  const optionLabel = `${parent} / ${category}`;
  let taskId = "";

  test("an admin adds a category and the office clerk registers a task in it", async ({ browser }) => {
    const admin = await pageAs(browser, "admin");
    const baseData = new AdminBaseDataPage(admin);
    await baseData.goto("categories");
    await baseData.create(category, parent);
    await expect(baseData.row(category)).toContainText("未使用");
    await admin.context().close();

    const clerk = await pageAs(browser, "officeClerk");
    const form = new TaskFormPage(clerk);
    await form.gotoNew();
    await form.fill({ title: `基础数据停用测试 ${category}`, content: "检查停用的事项类别仍显示在已有事项上。", deadline: inDays(20), leadUnit: "区教委" });
    await clerk.locator("#categoryId").selectOption({ label: optionLabel });
    await form.save();
    await expect(clerk).toHaveURL(/\/tasks\/[0-9a-f-]{36}/);
    taskId = new TaskDetailPage(clerk).taskId();
    await clerk.context().close();
  });

  test("disabled, it leaves the new-task form but stays on the existing task", async ({ browser }) => {
    expect(taskId, "the previous test registered the task").not.toBe("");
    // In use now: the admin sees the usage, cannot delete, and disables it.
    const admin = await pageAs(browser, "admin");
    const baseData = new AdminBaseDataPage(admin);
    await baseData.goto("categories");
    await expect(baseData.row(category)).toContainText("1 个事项使用");
    await expect(baseData.row(category).getByTestId("entry-delete")).toHaveCount(0);
    await baseData.disable(category);
    await expect(admin.getByTestId("entry-status")).toContainText("已停用");
    await admin.context().close();

    // Gone from the new-task form…
    const clerk = await pageAs(browser, "officeClerk");
    const form = new TaskFormPage(clerk);
    await form.gotoNew();
    await expect(clerk.locator("#categoryId option", { hasText: category })).toHaveCount(0);
    await expect(clerk.locator("#categoryId option", { hasText: `${parent} / 教育` })).toHaveCount(1);

    // …but the existing task still shows it.
    await clerk.goto(`/tasks/${taskId}`);
    // The detail page may show the parent too ("民生保障 / …"); the disabled sub-category must be there.
    await expect(clerk.locator("dt", { hasText: "事项类别" }).locator("xpath=following-sibling::dd[1]")).toContainText(category);
    await clerk.context().close();
  });
});

test("a unit clerk cannot open the base-data, rules, calendar or settings pages", async ({ browser }) => {
  const clerk = await pageAs(browser, "unitClerkA");
  for (const path of ["/admin/base-data/categories", "/admin/reminder-rules", "/admin/scoring-rules", "/admin/calendar", "/admin/settings"]) {
    const response = await clerk.goto(path);
    expect(response!.status(), path).toBe(403);
    await expect(clerk.getByTestId("forbidden")).toBeVisible();
  }
});

test("the admin marks an ordinary workday as a holiday, then resets it; the seeded National Day stays as the package says", async ({ browser }) => {
  const admin = await pageAs(browser, "admin");
  const calendar = new AdminCalendarPage(admin);
  const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
  await calendar.goto(year);
  await expect(calendar.day(`${year}-10-01`)).toHaveAttribute("data-workday", "false");
  // A Wednesday far from any holiday; the test puts it back at the end.
  const day = `${year + 1}-03-17`;
  await calendar.goto(year + 1);
  await expect(calendar.day(day)).toHaveAttribute("data-source", "default");
  await calendar.toggle(day, "测试放假");
  await expect(calendar.day(day)).toHaveAttribute("data-workday", "false");
  await expect(calendar.day(day)).toHaveAttribute("data-source", "admin");
  await expect(admin.getByTestId("calendar-status")).toContainText("已设为休息日");
  await calendar.reset(day);
  await expect(calendar.day(day)).toHaveAttribute("data-workday", "true");
  await expect(calendar.day(day)).toHaveAttribute("data-source", "default");
});

test("reminder rules explain themselves in plain Chinese as the admin edits them", async ({ browser }) => {
  const admin = await pageAs(browser, "admin");
  await admin.goto("/admin/reminder-rules");
  const urgent = admin.locator('[data-testid="reminder-rule-form"][data-urgency="紧急件"]');
  await expect(urgent.getByTestId("rule-explanation")).toHaveText(
    "紧急件：截止前 2 个工作日提醒承办人和单位领导；逾期后每 1 天提醒一次并记为系统催办；交办后 4 个工作小时内未接收则提醒；定期反馈到期未报则提醒；两次催办至少间隔 12 小时；发送短信（免打扰时段顺延）",
  );
  await urgent.getByLabel("督查室经办人").check();
  await expect(urgent.getByTestId("rule-explanation")).toContainText("提醒承办人、单位领导和督查室经办人");
  // Nobody to remind is refused on the server, with nothing saved.
  for (const who of ["承办人", "单位领导", "督查室经办人"]) await urgent.getByLabel(who).uncheck();
  await urgent.getByTestId("save-reminder-rule").click();
  await expect(urgent.getByTestId("reminder-rule-status")).toHaveText("请至少选择一类提醒对象");
  await admin.reload();
  await expect(admin.locator('[data-testid="reminder-rule-form"][data-urgency="紧急件"]').getByTestId("rule-explanation")).toContainText("提醒承办人和单位领导；");
});

test("系统参数 previews the next task number and refuses a pattern without {seq}", async ({ browser }) => {
  const admin = await pageAs(browser, "admin");
  await admin.goto("/admin/settings");
  const pattern = admin.getByTestId("task-no-pattern");
  await pattern.fill("渝中督〔{year}〕{seq:3}号");
  await expect(admin.getByTestId("task-no-preview")).toContainText(/渝中督〔\d{4}〕\d{3}号/);
  await pattern.fill("渝中督〔{year}〕号");
  await expect(admin.getByTestId("task-no-preview")).toContainText("规则无效");
  await admin.getByTestId("save-settings").click();
  await expect(admin.getByTestId("taskNoPattern-error")).toContainText("必须包含 {seq}");
  await admin.reload();
  await expect(admin.getByTestId("task-no-pattern")).toHaveValue("渝中督〔{year}〕{seq}号");
});
