import { test, expect, pageAs } from "./fixtures";
import { AdminBaseDataPage } from "./pages/admin-basedata";
import { TaskFormPage } from "./pages/task-form-page";
import { TaskDetailPage } from "./pages/task-detail-page";

function inDays(n: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
}

test("an admin disables a category in use: it leaves the new-task form but stays on the existing task", async ({ browser }) => {
  // A category of this test's own, so that specs running alongside keep their choices.
  const category = `专项整治${Date.now().toString(36)}`;
  const parent = "民生保障";
  const optionLabel = `${parent} / ${category}`;

  const admin = await pageAs(browser, "admin");
  const baseData = new AdminBaseDataPage(admin);
  await baseData.goto("categories");
  await baseData.create(category, parent);
  await expect(baseData.row(category)).toContainText("未使用");

  // The office clerk registers a task in the new category.
  const clerk = await pageAs(browser, "officeClerk");
  const form = new TaskFormPage(clerk);
  await form.gotoNew();
  await form.fill({ title: `基础数据停用测试 ${category}`, content: "检查停用的事项类别仍显示在已有事项上。", deadline: inDays(20), leadUnit: "区教委" });
  await clerk.locator("#categoryId").selectOption({ label: optionLabel });
  await form.save();
  await expect(clerk).toHaveURL(/\/tasks\/[0-9a-f-]{36}/);
  const taskId = new TaskDetailPage(clerk).taskId();

  // In use now: the admin sees the usage, cannot delete, and disables it.
  await baseData.goto("categories");
  await expect(baseData.row(category)).toContainText("1 个事项使用");
  await expect(baseData.row(category).getByTestId("entry-delete")).toHaveCount(0);
  await baseData.disable(category);
  await expect(admin.getByTestId("entry-status")).toContainText("已停用");

  // Gone from the new-task form…
  await form.gotoNew();
  await expect(clerk.locator("#categoryId option", { hasText: category })).toHaveCount(0);
  await expect(clerk.locator("#categoryId option", { hasText: `${parent} / 教育` })).toHaveCount(1);

  // …but the existing task still shows it.
  await clerk.goto(`/tasks/${taskId}`);
  await expect(clerk.locator("dt", { hasText: "事项类别" }).locator("xpath=following-sibling::dd[1]")).toHaveText(category);
});

test("a unit clerk cannot open the base-data, rules, calendar or settings pages", async ({ browser }) => {
  const clerk = await pageAs(browser, "unitClerkA");
  for (const path of ["/admin/base-data/categories", "/admin/reminder-rules", "/admin/scoring-rules", "/admin/calendar", "/admin/settings"]) {
    await clerk.goto(path);
    await expect(clerk).toHaveURL(/\/forbidden/);
  }
});
