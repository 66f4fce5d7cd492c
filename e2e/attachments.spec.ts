import { open, writeFile } from "node:fs/promises";
import { test, expect, pageAs } from "./fixtures";

// The uploader as people use it, in the 督办登记 form: several files at once with progress, per-file
// refusals in Chinese, removal, drag and drop, and the scope-checked download of what was uploaded.

const pdf = (extra = 0) => Buffer.concat([Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n%%EOF\n", "latin1"), Buffer.alloc(extra, 0x20)]);
const exeAsPdf = () => {
  const b = Buffer.alloc(256);
  b.write("MZ", 0, "latin1");
  b.writeUInt32LE(0x80, 0x3c);
  b.write("PE\0\0", 0x80, "latin1");
  return b;
};

test("uploads several files with progress, refuses bad ones per file in Chinese, and holds the form until done", async ({ browser }, testInfo) => {
  const page = await pageAs(browser, "officeClerk");
  await page.goto("/tasks/new");
  // Over 10 MB on purpose: a proxy in front of the route would cut the body there.
  const big = testInfo.outputPath("大文件材料.pdf");
  await writeFile(big, pdf(12 * 1024 * 1024));
  const oversize = testInfo.outputPath("超大视频.zip");
  const handle = await open(oversize, "w");
  await handle.truncate(51 * 1024 * 1024);
  await handle.close();

  const notice = testInfo.outputPath("督查通知（终稿）.pdf");
  await writeFile(notice, pdf());
  const disguised = testInfo.outputPath("伪装报告.pdf");
  await writeFile(disguised, exeAsPdf());

  // Hold the uploads at the network until the form's state while busy has been checked.
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/attachments", async (route) => {
    await gate;
    await route.continue();
  });

  await page.getByTestId("attachment-input").setInputFiles([notice, big, oversize, disguised]);
  const items = page.getByTestId("attachment-item");
  await expect(items).toHaveCount(4);
  // The oversize file is refused in the browser before any byte is sent.
  await expect(items.nth(2).getByTestId("attachment-error")).toHaveText("文件超过 50 MB 限制");
  await expect(page.getByTestId("attachment-progress")).toHaveCount(3);
  await expect(page.getByTestId("task-form")).toHaveAttribute("data-uploading", "true");
  await expect(page.getByTestId("task-save")).toBeDisabled();
  release();
  await expect(page.getByTestId("task-form")).not.toHaveAttribute("data-uploading", "true", { timeout: 30_000 });
  await expect(page.getByTestId("task-save")).toBeEnabled();
  await expect(items.nth(0)).toHaveAttribute("data-status", "done");
  await expect(items.nth(1)).toHaveAttribute("data-status", "done");
  await expect(items.nth(3).getByTestId("attachment-error")).toHaveText("文件类型不允许：伪装报告.pdf（文件内容与扩展名 .pdf 不符）");
  const ids = page.locator('input[type="hidden"][name="attachmentIds"]');
  await expect(ids).toHaveCount(2);

  // Removing a finished upload discards it on the server too.
  const removedId = await ids.nth(1).getAttribute("value");
  const discarded = page.waitForResponse((r) => r.request().method() === "DELETE" && r.url().endsWith(`/api/attachments/${removedId}`));
  await page.getByRole("button", { name: "移除 大文件材料.pdf" }).click();
  expect((await discarded).status()).toBe(204);
  await expect(ids).toHaveCount(1);
  expect((await page.request.get(`/api/attachments/${removedId}`)).status()).toBe(404);
  await page.context().close();
});

test("a dropped file uploads, downloads with its Chinese name for its uploader, and is not found for anyone else", async ({ browser }) => {
  const page = await pageAs(browser, "officeClerk");
  await page.goto("/tasks/new");
  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(["关于督查事项的说明\n"], "情况说明.txt", { type: "text/plain" }));
    return dt;
  });
  await page.getByTestId("attachment-dropzone").dispatchEvent("drop", { dataTransfer });
  await expect(page.getByTestId("attachment-item")).toHaveAttribute("data-status", "done");
  const id = await page.locator('input[type="hidden"][name="attachmentIds"]').getAttribute("value");

  const response = await page.request.get(`/api/attachments/${id}`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-disposition"]).toBe(`attachment; filename="attachment.txt"; filename*=UTF-8''${encodeURIComponent("情况说明.txt")}`);
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  expect(await response.text()).toBe("关于督查事项的说明\n");

  // Not yet attached to a saved task: nobody else, not even another office clerk, can fetch it.
  const other = await pageAs(browser, "officeLeader");
  const refused = await other.request.get(`/api/attachments/${id}`);
  expect(refused.status()).toBe(404);
  expect((await refused.json()).message).toBe("附件不存在或您无权查看");
  await other.context().close();
  await page.context().close();
});
