import { test, expect, pageAs } from "./fixtures";
import { DEFAULT_TEMPLATES } from "../lib/domain/messages";

// 消息模板: edit with placeholders and a live preview, refuse an unknown placeholder, save, restore default.
test("an admin edits a message template, sees the preview, is refused an unknown placeholder and restores the default", async ({ browser }) => {
  const page = await pageAs(browser, "admin");
  await page.goto("/admin/message-templates");
  const card = page.locator('[data-testid="template-form"][data-kind="rework"]');
  await expect(card).toBeVisible();

  const body = card.getByTestId("template-body");
  await body.fill("请{单位}重新办理");
  await card.getByTestId("insert-任务编号").click();
  await expect(body).toHaveValue("请{单位}重新办理{任务编号}");
  await expect(card.getByTestId("preview-body")).toHaveText("【渝中区督查室】请区住房城乡建委重新办理渝中督〔2026〕12号");

  await body.fill("请{负责人}重新办理");
  await expect(card.getByText("正文含有不支持的占位符：{负责人}")).toBeVisible();
  await expect(card.getByTestId("save-template")).toBeDisabled();

  await body.fill("请{单位}重新办理{任务编号}。");
  await card.getByTestId("template-title").fill("退回重办：{任务标题}");
  await expect(card.getByTestId("preview-title")).toHaveText("退回重办：老旧小区加装电梯进展情况");
  await card.getByTestId("save-template").click();
  await expect(card.getByTestId("template-status")).toHaveText("已保存，之后发出的该类消息使用新模板");
  await expect(page.getByTestId("template-badge-rework")).toHaveText("已自定义");

  await page.reload();
  await expect(card.getByTestId("template-body")).toHaveValue("请{单位}重新办理{任务编号}。");

  await card.getByTestId("reset-template").click();
  await page.getByTestId("reset-template-confirm").click();
  await expect(card.getByTestId("template-status")).toHaveText("已恢复默认模板");
  await expect(card.getByTestId("template-body")).toHaveValue(DEFAULT_TEMPLATES.rework.body);
  await expect(page.getByTestId("template-badge-rework")).toHaveText("默认模板");
  await page.screenshot({ path: "test-results/message-templates.png", fullPage: false });
  await page.context().close();
});
