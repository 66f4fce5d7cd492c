import { test, expect, pageAs } from "./fixtures";

/**
 * 绩效考核统计: the office enters a 人工加减分 for 区民政局 with a unique reason; the unit (mz_jbr) sees only its own
 * ranking row and its ledger, raises a 申诉 on that item; the office opens it from 我的消息 and accepts it with a
 * correction; the unit opens the answer from 我的消息 and sees it with the correction item. The office publishes (freezes) a past month with a confirmation.
 *
 * Other specs dispatch, urge and complete tasks on the same server in parallel, so no total or rank is asserted:
 * only this spec's own items (found by their unique reason) and a month no spec has data in (2025-01, before the
 * server's first task).
 */
const SHOTS = "test-results/scores";

test("人工加减分 → 单位申诉 → 督查室答复（采纳并更正）; publishing a past month", async ({ browser }) => {
  test.setTimeout(240_000);
  const tag = Date.now().toString(36);
  const reason = `绩效验收扣分 ${tag}`;
  const objection = `该项扣分依据不足 ${tag}`;
  const answer = `经核实予以更正 ${tag}`;

  const office = await pageAs(browser, "officeClerk");
  await office.goto("/stats/scores");
  await expect(office.getByRole("heading", { name: "绩效考核统计" })).toBeVisible();
  await expect(office.getByTestId("ranking-table")).toBeVisible();
  // Bad input: a clear Chinese message, nothing entered.
  const form = office.getByTestId("adjustment-form");
  await form.getByLabel("单位").selectOption({ label: "区民政局" });
  await form.getByLabel(/分值/).fill("1.234");
  await form.getByLabel("理由").fill(reason);
  await form.getByRole("button", { name: "录入加减分" }).click();
  await expect(form.getByTestId("adj-points-error")).toHaveText("分值最多保留两位小数");
  await form.getByLabel(/分值/).fill("-1.5");
  // A 督办编号 the unit does not handle is refused on its field; cleared, the entry goes in.
  await form.getByLabel(/关联事项/).fill("渝中督〔1999〕1号");
  await form.getByRole("button", { name: "录入加减分" }).click();
  await expect(form.getByTestId("adj-task-error")).toContainText("区民政局没有承办督办编号为“渝中督〔1999〕1号”的事项");
  await form.getByLabel(/关联事项/).fill("");
  await form.getByRole("button", { name: "录入加减分" }).click();
  await expect(office.getByTestId("adjustment-status")).toHaveText("已录入");
  const jwHref = await office.getByTestId("ranking-row").filter({ has: office.getByRole("link", { name: "区教委", exact: true }) }).getByRole("link").getAttribute("href");

  // The unit: its own row and rank only; its ledger lists the item with rule, quantity and points.
  const unit = await pageAs(browser, "unitClerkB");
  await unit.goto("/stats/scores");
  await expect(unit.getByTestId("own-rank")).toContainText("区民政局");
  await expect(unit.getByTestId("ranking-row")).toHaveCount(1);
  await expect(unit.getByTestId("adjustment-form")).toHaveCount(0);
  await unit.getByRole("link", { name: "区民政局" }).click();
  await expect(unit.getByRole("heading", { name: "区民政局 绩效明细" })).toBeVisible();
  const item = unit.getByTestId("ledger-item").filter({ hasText: reason });
  await expect(item).toContainText("−1.5");
  await unit.setViewportSize({ width: 390, height: 844 });
  await unit.screenshot({ path: `${SHOTS}/ledger-phone.png`, fullPage: true });
  await unit.setViewportSize({ width: 1280, height: 900 });
  await item.getByTestId("raise-objection").click();
  await item.getByRole("button", { name: "提交申诉" }).click();
  await expect(item.getByTestId("objection-status")).toHaveText("请填写申诉理由");
  await item.getByLabel("申诉理由").fill(objection);
  await item.getByRole("button", { name: "提交申诉" }).click();
  // The page refreshes: the item now says its objection waits (the form is gone).
  await expect(item).toContainText("申诉待答复");

  // Another unit's ledger is "not found" for this unit.
  expect(jwHref).toBeTruthy();
  await unit.goto(jwHref!);
  await expect(unit.getByTestId("not-found")).toBeVisible();

  // The office learns of it in 我的消息 and opens it there: the ranking with its pending objections.
  await office.goto("/messages/inbox");
  const told = office.getByTestId("inbox-message").filter({ hasText: objection });
  await expect(told).toContainText("绩效申诉待答复");
  await told.getByRole("button", { name: "查看详情" }).click();
  await expect(office).toHaveURL(/\/stats\/scores\?period=month&month=\d{4}-\d{2}$/);
  // The office answers: accept, with the correction (+1.5 offered by default).
  const pending = office.getByTestId("pending-objections").getByTestId("objection").filter({ hasText: objection });
  await expect(pending).toContainText("区民政局");
  await expect(pending.getByLabel("更正分值")).toHaveValue("1.5");
  await pending.getByLabel("答复意见").fill(answer);
  await office.screenshot({ path: `${SHOTS}/ranking-desktop.png`, fullPage: true });
  await pending.getByRole("button", { name: "提交答复" }).click();
  // Answered: it leaves the office's pending list.
  await expect(pending).toHaveCount(0);

  // The unit is told in 我的消息, which opens its own ledger: the answer and the correction item.
  await unit.goto("/messages/inbox");
  const answerMessage = unit.getByTestId("inbox-message").filter({ hasText: answer });
  await expect(answerMessage).toContainText("已采纳，更正 +1.5 分");
  await answerMessage.getByRole("button", { name: "查看详情" }).click();
  await expect(unit).toHaveURL(/\/stats\/scores\/[0-9a-f-]{36}\?period=month&month=\d{4}-\d{2}$/);
  const answered = unit.getByTestId("unit-objections").getByTestId("objection").filter({ hasText: objection });
  await expect(answered).toHaveAttribute("data-status", "accepted");
  await expect(answered.getByTestId("objection-answer")).toContainText(answer);
  await expect(unit.getByTestId("ledger-item").filter({ hasText: `申诉采纳：${answer}` })).toContainText("+1.5");
  await unit.screenshot({ path: `${SHOTS}/ledger-desktop.png`, fullPage: true });

  // Publishing a past month, after a confirmation; then it is frozen and no longer offered.
  await office.goto("/stats/scores?period=month&month=2025-01");
  await office.getByTestId("publish-month").click();
  await expect(office.getByRole("alertdialog")).toContainText("不能取消发布");
  await office.getByTestId("publish-month-confirm").click();
  await expect(office.getByTestId("published-notice")).toContainText("2025-01 已于");
  await expect(office.getByTestId("publish-month")).toHaveCount(0);
  await office.setViewportSize({ width: 390, height: 844 });
  await office.screenshot({ path: `${SHOTS}/published-phone.png`, fullPage: true });

  await office.context().close();
  await unit.context().close();
});
