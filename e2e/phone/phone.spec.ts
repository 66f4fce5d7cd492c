import { devices, type Browser, type Locator, type Page } from "@playwright/test";
import { test, expect, pageAs, storageStatePath, ROLE_USERS, DEMO_PASSWORD, type RoleKey } from "../fixtures";
import { TaskFormPage } from "../pages/task-form-page";
import { TaskDetailPage } from "../pages/task-detail-page";

/**
 * Issue 10, the manual's app (§2.7) as an installable web app, on a phone (the `phone` project: Pixel 7
 * emulation at 390 × 844, touch): log in (a wrong password first), 待办事项, the task list and detail, a
 * unit clerk receives, signs for an urge and feeds back with a camera photo (downscaled in the browser),
 * a unit leader signs, the messages; no page scrolls sideways and every button is a 44 px touch target;
 * the manifest and its icons; the service worker's offline page, and that it stores no page or API answer.
 */

/** The office's side in a desktop browser: it only sets the phone users' work up. */
async function desktopPageAs(browser: Browser, role: RoleKey): Promise<Page> {
  const context = await browser.newContext({ ...devices["Desktop Chrome"], storageState: storageStatePath(ROLE_USERS[role]) });
  return context.newPage();
}

function inDays(n: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
}

/** Nothing wider than the screen, and every visible button, button-styled link and select at least 44 px tall. */
async function expectPhoneFriendly(page: Page, where: string) {
  const result = await page.evaluate(() => {
    const small = Array.from(document.querySelectorAll<HTMLElement>("button, .btn, select"))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden" && !el.closest(".sr-only");
      })
      .filter((el) => el.getBoundingClientRect().height < 43.5)
      .map((el) => `${el.tagName.toLowerCase()} "${(el.innerText || el.getAttribute("aria-label") || "").trim().slice(0, 20)}" ${Math.round(el.getBoundingClientRect().height)}px`);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, small };
  });
  expect(result.scrollWidth, `${where} scrolls sideways`).toBeLessThanOrEqual(result.innerWidth);
  expect(result.small, `${where}: touch targets under 44 px`).toEqual([]);
}

/** The menu as the page renders it (the sheet opened from the header), then closed again. */
async function menuHrefs(page: Page): Promise<string[]> {
  await page.getByRole("button", { name: "打开菜单" }).tap();
  const sheet = page.getByRole("dialog", { name: "菜单" });
  await expect(sheet).toBeVisible();
  const hrefs = await sheet.getByRole("navigation", { name: "主导航" }).getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  await sheet.getByRole("button", { name: "关闭菜单" }).tap();
  await expect(sheet).toBeHidden();
  return hrefs;
}

function bottomTab(page: Page, label: string): Locator {
  return page.getByTestId("bottom-nav").getByRole("link", { name: label, exact: true });
}

/** An action button on the task page (scoped to a unit's assignment card), tapped; its dialog if it has one. */
async function tapAction(page: Page, unit: string, action: string): Promise<Locator> {
  await new TaskDetailPage(page).assignment(unit).getByTestId(`action-${action}`).tap();
  return page.getByTestId("action-dialog").or(page.getByTestId("confirm-dialog"));
}

/** A JPEG of `width × height` drawn by the browser (a stand-in for a phone camera's photo). */
async function cameraPhoto(page: Page, width: number, height: number): Promise<Buffer> {
  const base64 = await page.evaluate(
    ([w, h]) => {
      const canvas = document.createElement("canvas");
      canvas.width = w!;
      canvas.height = h!;
      const c = canvas.getContext("2d")!;
      const gradient = c.createLinearGradient(0, 0, w!, h!);
      gradient.addColorStop(0, "#0ea5e9");
      gradient.addColorStop(1, "#65a30d");
      c.fillStyle = gradient;
      c.fillRect(0, 0, w!, h!);
      c.fillStyle = "#fff";
      c.font = "200px sans-serif";
      c.fillText("现场照片", 200, h! / 2);
      return canvas.toDataURL("image/jpeg", 0.95).split(",")[1]!;
    },
    [width, height],
  );
  return Buffer.from(base64, "base64");
}

/** A JPEG's pixel size from its start-of-frame header. */
function jpegSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 2).toString("hex")).toBe("ffd8");
  let at = 2;
  while (at < bytes.length) {
    const marker = bytes[at + 1]!;
    const length = bytes.readUInt16BE(at + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    at += 2 + length;
  }
  throw new Error("no start-of-frame marker in the JPEG");
}

test("a unit clerk works a task on the phone: log in, 待办, list, detail, receive, sign for an urge, feed back with a camera photo", async ({ browser }) => {
  test.setTimeout(300_000);
  const stamp = Date.now().toString(36);
  const title = `背街小巷照明整治 ${stamp}`;

  // The office (desktop) registers and dispatches a task for 区教委 and 区民政局, and urges 区教委.
  const office = await desktopPageAs(browser, "officeClerk");
  const form = new TaskFormPage(office);
  await form.gotoNew();
  await form.fill({ title, content: "请排查辖区背街小巷路灯，附现场照片反馈。", deadline: inDays(15), leadUnit: "区教委", coUnits: ["区民政局"] });
  await form.save();
  await expect(office).toHaveURL(/\/tasks\/[0-9a-f-]{36}/);
  const officeTask = new TaskDetailPage(office);
  const taskId = officeTask.taskId();
  await officeTask.act("submit", { select: { reviewerId: "李建国（区政府督查室）" } });
  const leader = await desktopPageAs(browser, "officeLeader");
  await new TaskDetailPage(leader).goto(taskId);
  await new TaskDetailPage(leader).act("sign");
  await leader.context().close();
  await officeTask.goto(taskId);
  await officeTask.act("dispatch");
  await officeTask.act("urge", { unit: "区教委", fill: { message: "请今天内拍照反馈路灯排查情况。" } });
  await office.context().close();

  // Log in on the phone: a wrong password is named as such, then the right one.
  const context = await browser.newContext();
  const phone = await context.newPage();
  await phone.goto("/login");
  await expectPhoneFriendly(phone, "/login");
  await phone.getByLabel("用户名").tap();
  await phone.getByLabel("用户名").fill(ROLE_USERS.unitClerkA);
  await phone.getByLabel("密码", { exact: true }).fill("not-the-password");
  await phone.getByRole("button", { name: "登 录" }).tap();
  await expect(phone.getByTestId("login-error")).toHaveText("用户名或密码错误");
  await phone.screenshot({ path: "test-results/phone-login-failed.png" });
  await expect(phone.getByLabel("密码", { exact: true })).toHaveValue("");
  await phone.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
  await phone.getByRole("button", { name: "登 录" }).tap();
  await expect(phone).toHaveURL(/\/$/);
  await expect(phone.getByTestId("bottom-nav")).toBeVisible();
  // 菜单 in the bottom bar opens the menu sheet, with 用户注销 at its bottom.
  await phone.getByTestId("bottom-nav-menu").tap();
  const sheet = phone.getByRole("dialog", { name: "菜单" });
  await expect(sheet.getByRole("link", { name: "任务承办" })).toBeVisible();
  await expect(sheet.getByRole("button", { name: "用户注销" })).toBeVisible();
  await sheet.getByRole("button", { name: "关闭菜单" }).tap();
  await expect(sheet).toBeHidden();
  // Not on paper.
  await phone.emulateMedia({ media: "print" });
  await expect(phone.getByTestId("bottom-nav")).toBeHidden();
  await phone.emulateMedia({ media: "screen" });

  // 待办事项: the task waits to be received, and the urge to be signed for.
  await bottomTab(phone, "待办").tap();
  await expect(phone).toHaveURL(/\/messages\/todo/);
  await expect(bottomTab(phone, "待办")).toHaveAttribute("aria-current", "page");
  const todos = phone.getByTestId("todo-card").filter({ hasText: title });
  await expect(todos.filter({ hasText: "催办待签收" })).toHaveCount(1);
  await expectPhoneFriendly(phone, "/messages/todo");
  await phone.screenshot({ path: "test-results/phone-todo.png" });

  // 任务: the unit clerk's list (任务承办) as cards, then the task.
  await bottomTab(phone, "任务").tap();
  await expect(phone).toHaveURL(/\/assignments$/);
  const card = phone.getByTestId("assignment-card").filter({ hasText: title });
  await expect(card).toHaveCount(1);
  await card.getByRole("link", { name: title }).tap();
  await expect(phone.getByRole("heading", { name: title })).toBeVisible();
  await expect(bottomTab(phone, "任务")).toHaveAttribute("aria-current", "page");
  const unitCard = new TaskDetailPage(phone).assignment("区教委");

  // 接收, then 签收 the urge.
  await tapAction(phone, "区教委", "receive");
  await expect(unitCard.getByTestId("action-receive")).toBeHidden();
  await unitCard.getByTestId("urge-actions").getByTestId("action-acknowledge_urge").tap();
  await expect(unitCard.getByTestId("urge-state")).toContainText("已签收");
  await expectPhoneFriendly(phone, "task detail");

  // 反馈任务 with a photo from the camera: 3200 × 2400 chosen, 1600 × 1200 uploaded.
  const dialog = await tapAction(phone, "区教委", "feedback");
  await expect(dialog).toBeVisible();
  await dialog.getByTestId("field-body").fill("已排查 12 条背街小巷，更换路灯 37 盏，现场照片附后。");
  await expect(dialog.getByTestId("attachment-camera")).toBeVisible();
  await expect(dialog.getByTestId("attachment-camera-input")).toHaveAttribute("capture", "environment");
  await expect(dialog.getByTestId("attachment-camera-input")).toHaveAttribute("accept", "image/*");
  const photo = await cameraPhoto(phone, 3200, 2400);
  await dialog.getByTestId("attachment-camera-input").setInputFiles({ name: "IMG_20261202_0930.jpg", mimeType: "image/jpeg", buffer: photo });
  const item = dialog.getByTestId("attachment-item");
  await expect(item).toHaveAttribute("data-status", "done", { timeout: 30_000 });
  await expect(item).toContainText("IMG_20261202_0930.jpg");
  await expect(item.getByTestId("attachment-downscaled")).toBeVisible();
  await expectPhoneFriendly(phone, "feedback dialog");
  await phone.screenshot({ path: "test-results/phone-feedback-dialog.png" });
  await dialog.getByTestId("dialog-submit").tap();
  await expect(dialog).toBeHidden();

  // The report carries the photo, 1600 × 1200 and smaller than what was chosen.
  const report = unitCard.getByTestId("report-version").first();
  await expect(report).toHaveAttribute("data-status", "submitted");
  const link = report.getByRole("link", { name: "IMG_20261202_0930.jpg" });
  await expect(link).toBeVisible();
  const download = await phone.request.get((await link.getAttribute("href"))!);
  expect(download.ok()).toBe(true);
  const stored = await download.body();
  expect(jpegSize(stored)).toEqual({ width: 1600, height: 1200 });
  expect(stored.length).toBeLessThan(photo.length);
  await phone.screenshot({ path: "test-results/phone-task-detail.png", fullPage: true });

  // 消息: the urge's message opens the task.
  await bottomTab(phone, "消息").tap();
  await expect(phone).toHaveURL(/\/messages\/inbox/);
  const message = phone.getByTestId("inbox-message").filter({ hasText: `催办：${title}` });
  await expect(message).toHaveCount(1);
  await expect(message).toContainText("请今天内拍照反馈路灯排查情况。");
  await expectPhoneFriendly(phone, "/messages/inbox");
  await message.getByTestId("inbox-open").tap();
  await expect(phone).toHaveURL(new RegExp(`/tasks/${taskId}`));
  await expect(phone.getByRole("heading", { name: title })).toBeVisible();

  // The service worker stored nothing of this user's: no page, no RSC payload, no API answer.
  await phone.evaluate(() => navigator.serviceWorker.ready);
  const cached = await phone.evaluate(async () => {
    const urls: string[] = [];
    for (const key of await caches.keys()) for (const request of await (await caches.open(key)).keys()) urls.push(new URL(request.url).pathname);
    return urls;
  });
  expect(cached).toContain("/offline.html");
  expect(cached.filter((path) => !/^\/(_next\/static\/|icons\/|offline\.html$)/.test(path))).toEqual([]);
  await context.close();

  // 区民政局: the clerk receives and sends the text to the unit leader, who signs it on the phone.
  const mzClerk = await pageAs(browser, "unitClerkB");
  await mzClerk.goto(`/tasks/${taskId}`);
  await tapAction(mzClerk, "区民政局", "receive");
  await expect(new TaskDetailPage(mzClerk).assignment("区民政局").getByTestId("action-receive")).toBeHidden();
  const handle = await tapAction(mzClerk, "区民政局", "handle");
  await handle.getByTestId("field-body").fill("已摸排困难群众居住巷道 8 条，照明已纳入整治清单。");
  await handle.getByTestId("field-signerId").selectOption({ label: "孙丽萍（区民政局）" });
  await handle.getByTestId("dialog-submit").tap();
  await expect(handle).toBeHidden();
  await mzClerk.context().close();

  const mzLeader = await pageAs(browser, "unitLeaderB");
  await mzLeader.goto("/");
  await bottomTab(mzLeader, "任务").tap();
  await expect(mzLeader).toHaveURL(/\/assignments\/sign$/);
  await mzLeader.getByTestId("assignment-card").filter({ hasText: title }).getByRole("link", { name: title }).tap();
  await expect(mzLeader.getByRole("heading", { name: title })).toBeVisible();
  const sign = await tapAction(mzLeader, "区民政局", "unit_sign");
  await sign.getByTestId("field-opinion").fill("同意上报。");
  await expectPhoneFriendly(mzLeader, "unit leader's sign dialog");
  await sign.getByTestId("dialog-submit").or(sign.getByTestId("confirm-submit")).tap();
  await expect(sign).toBeHidden();
  await expect(new TaskDetailPage(mzLeader).assignment("区民政局").getByTestId("report-version").first()).toHaveAttribute("data-status", "signed");
  await expectPhoneFriendly(mzLeader, "task detail (unit leader)");
  await mzLeader.context().close();
});

/**
 * Every page of each role's menu as rendered (and a task page when a list shows one). A page is visited
 * once per data scope (the office's roles see every unit, the units' their own): the same page for a
 * second role of that scope shows the same layout with other rows, and the run stays short.
 */
for (const [side, roles] of [
  ["the office and the leaders", ["officeClerk", "officeLeader", "districtLeader", "admin"]],
  ["a unit", ["unitClerkA", "unitLeaderA"]],
] as const) {
  test(`no page of ${side}'s menus scrolls sideways on a phone or has a small button, and the bottom bar links only menu pages`, async ({ browser }) => {
    test.setTimeout(300_000);
    const visited = new Set<string>();
    for (const role of roles) {
      const page = await pageAs(browser, role);
      await page.goto("/");
      await expectPhoneFriendly(page, `${role} /`);
      const menu = await menuHrefs(page);
      expect(menu.length, role).toBeGreaterThan(1);
      const tabs = await page.getByTestId("bottom-nav").getByRole("link").evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
      expect(tabs[0]).toBe("/");
      for (const href of tabs) expect(menu, `${role}: bottom bar link ${href}`).toContain(href);
      await expect(page.getByTestId("bottom-nav-menu")).toBeVisible();
      for (const href of menu.filter((h) => !visited.has(h))) {
        visited.add(href);
        await page.goto(href);
        await expectPhoneFriendly(page, `${role} ${href}`);
        const task = await page.locator("main").locator('a[href^="/tasks/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href")!).find((h) => /^\/tasks\/[0-9a-f-]{36}$/.test(h)));
        if (task && !visited.has("task")) {
          visited.add("task");
          await page.goto(task);
          await expectPhoneFriendly(page, `${role} ${task}`);
        }
      }
      await page.context().close();
    }
  });
}

test("installable: the manifest and its icons, the login page's QR code, and the offline page from the service worker", async ({ browser, request }) => {
  test.setTimeout(60_000);
  const manifest = await request.get("/manifest.webmanifest");
  expect(manifest.ok()).toBe(true);
  const app = await manifest.json();
  expect(app).toMatchObject({ name: "督查督办", lang: "zh-CN", start_url: "/", scope: "/", display: "standalone", theme_color: "#1e40af" });
  const pngs = (app.icons as { src: string; sizes: string; type: string; purpose: string }[]).filter((i) => i.type === "image/png");
  expect(pngs.map((i) => `${i.sizes} ${i.purpose}`).sort()).toEqual(["192x192 any", "512x512 any", "512x512 maskable"]);
  for (const icon of [...pngs, { src: "/icons/apple-touch-icon.png", sizes: "180x180" }]) {
    const response = await request.get(icon.src);
    expect(response.ok(), icon.src).toBe(true);
    expect(response.headers()["content-type"]).toBe("image/png");
    const png = await response.body();
    expect(`${png.readUInt32BE(16)}x${png.readUInt32BE(20)}`, icon.src).toBe(icon.sizes);
  }

  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/manifest.webmanifest");
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", "/icons/apple-touch-icon.png");
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute("content", "#1e40af");
  // On the phone itself: the manual's link, no QR code to scan one's own screen with.
  await expect(page.getByTestId("manual-link")).toHaveAttribute("href", "/help");
  await expect(page.getByTestId("login-qr")).toBeHidden();
  // On a wider screen: the QR code of this system's address.
  await page.setViewportSize({ width: 1024, height: 800 });
  await expect(page.getByTestId("login-qr").locator("svg")).toBeVisible();
  await expect(page.getByText("手机扫码访问")).toBeVisible();
  await expect(page.getByTestId("login-address")).toHaveText(new URL("/", page.url()).href);
  await page.screenshot({ path: "test-results/phone-login-desktop-qr.png" });
  await page.setViewportSize({ width: 390, height: 844 });

  // The service worker takes over; offline, a page load shows the offline page, and 重试 loads it again.
  await page.waitForFunction(async () => (await navigator.serviceWorker.ready).active?.state === "activated" && navigator.serviceWorker.controller !== null, undefined, {
    timeout: 20_000,
  });
  await context.setOffline(true);
  await page.goto("/messages/todo");
  await expect(page.getByRole("heading", { name: "网络不可用" })).toBeVisible();
  await expect(page).toHaveURL(/\/messages\/todo$/);
  await expectPhoneFriendly(page, "offline page");
  await page.screenshot({ path: "test-results/phone-offline.png" });
  await context.setOffline(false);
  await page.getByTestId("offline-retry").tap();
  // Back online, not signed in: the real page answers, with the login.
  await expect(page.getByRole("button", { name: "登 录" })).toBeVisible();
  await context.close();
});
