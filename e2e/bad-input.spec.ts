import { test, expect, pageAs } from "./fixtures";

/**
 * Issue 7 item 25 over HTTP: a list URL probed with nasty values (NUL, a page number past a bigint,
 * junk filters, impossible dates) answers 200 with the list's default view, never a 500.
 */
const NASTY_PAGE = "99999999999999999999999";

test("nasty list URLs answer 200 with the default view", async ({ browser }) => {
  const auditor = await pageAs(browser, "auditor");
  const audit = await auditor.goto(`/admin/audit?page=${NASTY_PAGE}&action=x.%3Cscript%3E&from=2026-02-30&to=0000-01-01&who=%00&ip=%00`);
  expect(audit?.status()).toBe(200);
  await expect(auditor.getByTestId("audit-table")).toBeVisible();
  await expect(auditor.getByTestId("list-total")).toContainText("第 1 /");
  await auditor.context().close();

  const admin = await pageAs(browser, "admin");

  const users = await admin.goto(`/admin/users?page=${NASTY_PAGE}&q=%00&unit=------------------------------------&role=1%20or%201%3D1&enabled=maybe`);
  expect(users?.status()).toBe(200);
  await expect(admin.getByTestId("list-total")).toContainText("第 1 /");

  // The task list's default view, whatever this database holds (a count, or the empty message).
  const clerk = await pageAs(browser, "officeClerk");
  await clerk.goto("/tasks");
  const defaultView = (await clerk.getByTestId(/^(list-total|list-empty)$/).textContent()) ?? "";
  const tasks = await clerk.goto(`/tasks?page=${NASTY_PAGE}&q=%00&status=hacked&urgency=1%20or%201%3D1&from=2026-02-30&pageSize=100000&sort=password`);
  expect(tasks?.status()).toBe(200);
  await expect(clerk.getByTestId(/^(list-total|list-empty)$/)).toHaveText(defaultView);
  await admin.context().close();
  await clerk.context().close();
});
