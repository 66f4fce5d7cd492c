import http from "node:http";
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import postgres from "postgres";
import type { Browser, Page } from "@playwright/test";
import { test, expect } from "../e2e/fixtures";
import { LoginPage } from "../e2e/pages/login-page";
import { TaskFormPage } from "../e2e/pages/task-form-page";
import { TaskDetailPage } from "../e2e/pages/task-detail-page";
import { CLUSTER_DATABASE_URL, IP_MAX_FAILURES, SERVER_A, SERVER_B, SMS_GATEWAY_PORT } from "../playwright.cluster.config";

/**
 * Two app servers and a worker behave as one (playwright.cluster.config.ts). Every browser here shares its cookie
 * between A and B (one host, two ports), and the journey alternates its requests between them: a login on A is
 * valid on B, a file uploaded through B downloads through A, workflow steps go A → B → A → B, a 系统参数 saved on A
 * shows on B at once, failed logins counted by A throttle on B (and a made-up username locks across both), an idle
 * session ends on both, and a dispatch SMS goes out once although two job runners (A in-app, and the worker) compete.
 * Each browser states its own client address (X-Forwarded-For, one trusted hop) so the throttle checks do not
 * throttle the journey's other logins.
 */

const FILE_NAME = "集群上传测试附件.pdf";
const FILE_BYTES = Buffer.from(`%PDF-1.4\n% uploaded through server B ${Date.now()}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
const IDLE_MS = 60_000;

interface Sms {
  mobile: string;
  content: string;
}
const received: Sms[] = [];
let gateway: http.Server;

test.beforeAll(async () => {
  gateway = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push(JSON.parse(body) as Sms);
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ id: `gw-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => gateway.listen(SMS_GATEWAY_PORT, "127.0.0.1", resolve));
  // The SMS gateway and no quiet hours (start = end): the run may fall in 22:00–07:00 Shanghai time.
  const sql = postgres(CLUSTER_DATABASE_URL, { max: 1, onnotice: () => {} });
  const settings = { smsProvider: "http", smsGatewayUrl: `http://127.0.0.1:${SMS_GATEWAY_PORT}/sms`, smsQuietStart: "00:00", smsQuietEnd: "00:00" };
  for (const [key, value] of Object.entries(settings)) {
    await sql`insert into system_settings (key, value) values (${key}, ${sql.json(value)}) on conflict (key) do update set value = excluded.value`;
  }
  await sql.end();
});

test.afterAll(async () => {
  await new Promise((resolve) => gateway?.close(resolve));
});

/** A browser of its own (cookies shared by A and B), coming from `address`. */
async function person(browser: Browser, address: string): Promise<Page> {
  const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": address } });
  return context.newPage();
}

async function loginOn(page: Page, server: string, username: string, password?: string): Promise<LoginPage> {
  await page.goto(`${server}/login`);
  const login = new LoginPage(page);
  await login.login(username, password);
  return login;
}

async function signedInOn(page: Page, server: string, username: string) {
  await loginOn(page, server, username);
  await expect(page).not.toHaveURL(/\/login/);
  await expect(page.getByTestId("header-user")).toBeVisible();
}

async function taskOn(page: Page, server: string, taskId: string): Promise<TaskDetailPage> {
  await page.goto(`${server}/tasks/${taskId}`);
  return new TaskDetailPage(page);
}

function inDays(n: number): string {
  return new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);
}

test("a journey alternating between two app servers behaves as on one", async ({ browser }) => {
  const stamp = Date.now().toString(36);
  const title = `集群巡检专项督办 ${stamp}`;

  // The idle watcher: signed in on A, active on B; checked at the end, after a minute without requests.
  const idle = await person(browser, "10.20.0.9");
  await signedInOn(idle, SERVER_A, "dcs_ld2");
  await idle.goto(`${SERVER_B}/tasks`);
  await expect(idle.getByTestId("header-user")).toBeVisible();
  // The tab stays open on the list: its header asks /api/badges every 30 s, which is not activity (it must not keep
  // the session alive, or an open tab would never reach the idle limit).
  const idleSince = Date.now();

  // Login on A; the same cookie is a session on B.
  const clerk = await person(browser, "10.20.0.1");
  await signedInOn(clerk, SERVER_A, "dcs_jbr");

  // Upload and register on B (the upload route and the save action both answer from B).
  await clerk.goto(`${SERVER_B}/tasks/new`);
  const form = new TaskFormPage(clerk);
  await form.fill({
    title,
    content: "两台应用服务器交替处理同一事项。",
    requirements: "按期反馈。",
    deadline: inDays(30),
    leadUnit: "区教委",
    files: [{ name: FILE_NAME, mimeType: "application/pdf", buffer: FILE_BYTES }],
  });
  await form.save();
  await expect(clerk).toHaveURL(new RegExp(`^${SERVER_B}/tasks/[0-9a-f-]{36}`));
  const taskId = new TaskDetailPage(clerk).taskId();

  // Steps alternate: submit on A, sign on B, dispatch on A, receive on B.
  let clerkTask = await taskOn(clerk, SERVER_A, taskId);
  await clerkTask.act("submit", { select: { reviewerId: "李建国（区政府督查室）" } });
  await expect(clerkTask.status()).toHaveText("待审签");

  const leader = await person(browser, "10.20.0.2");
  await signedInOn(leader, SERVER_B, "dcs_ld");
  const leaderTask = await taskOn(leader, SERVER_B, taskId);
  await leaderTask.act("sign", { opinion: "同意。" });
  await expect(leaderTask.status()).toHaveText("待交办");

  clerkTask = await taskOn(clerk, SERVER_A, taskId);
  await clerkTask.act("dispatch");
  await expect(clerkTask.status()).toHaveText("承办中");

  const unit = await person(browser, "10.20.0.3");
  await signedInOn(unit, SERVER_A, "jw_jbr");
  const unitTask = await taskOn(unit, SERVER_B, taskId);
  // Done when its button has gone (act waits for that), on B.
  await unitTask.act("receive", { unit: "区教委" });

  // The file uploaded through B downloads through A, byte for byte.
  const onA = await taskOn(unit, SERVER_A, taskId);
  const download = await onA.downloadTaskAttachment(FILE_NAME);
  const downloaded = await readFile(await download.path());
  expect(createHash("sha256").update(downloaded).digest("hex")).toBe(createHash("sha256").update(FILE_BYTES).digest("hex"));

  // The dispatch SMS: two job runners (A in-app and the worker) deliver it, each message once.
  const aboutTask = () => received.filter((m) => m.content.includes(title));
  await expect.poll(() => aboutTask().length, { timeout: 30_000 }).toBeGreaterThan(0);
  // Three more delivery slots (5 s each) in which a second runner could send it again.
  await new Promise((r) => setTimeout(r, 16_000));
  const sent = aboutTask().map((m) => `${m.mobile} ${m.content}`);
  expect(new Set(sent).size).toBe(sent.length);
  const sql = postgres(CLUSTER_DATABASE_URL, { max: 1, onnotice: () => {} });
  const rows = await sql`select status from notifications where task_id = ${taskId} and channel = 'sms'`;
  await sql.end();
  expect(rows.length).toBe(sent.length);
  expect(rows.every((r) => r.status === "sent")).toBe(true);

  // Reminders go out once: the unit's assignment made 15 days overdue on a 紧急件 (SMS to 承办人 and 单位领导); the rule
  // saved on A asks for a scan at once, which A's runner or the worker takes; saved again, a second scan (maybe on
  // the other runner) adds nothing. The regular 10-minute scans run on both as well.
  const db = postgres(CLUSTER_DATABASE_URL, { max: 1, onnotice: () => {} });
  await db`update tasks set urgency_id = (select id from urgency_levels where name = '紧急件') where id = ${taskId}`;
  await db`update assignments set deadline = current_date - 15 where task_id = ${taskId}`;
  const scansDone = async () =>
    (await db`select count(*)::int as n from (select state, name from pgboss.job union all select state, name from pgboss.archive) j
              where name = 'reminders.scan' and state = 'completed'`)[0]!.n as number;
  const ruleAdmin = await person(browser, "10.20.0.6");
  await signedInOn(ruleAdmin, SERVER_A, "admin");
  const saveUrgentRule = async () => {
    await ruleAdmin.goto(`${SERVER_A}/admin/reminder-rules`);
    const urgent = ruleAdmin.locator('[data-testid="reminder-rule-form"][data-urgency="紧急件"]');
    await urgent.getByTestId("save-reminder-rule").click();
    await expect(urgent.getByTestId("reminder-rule-status")).toContainText("已保存");
  };
  const overdueSms = () => received.filter((m) => m.content.includes(title) && m.content.includes("已超过办理期限"));
  let scans = await scansDone();
  await saveUrgentRule();
  await expect.poll(() => overdueSms().length, { timeout: 45_000 }).toBe(2);
  await expect.poll(scansDone, { timeout: 30_000 }).toBeGreaterThan(scans);
  scans = await scansDone();
  await saveUrgentRule();
  await expect.poll(scansDone, { timeout: 45_000 }).toBeGreaterThan(scans);
  // …and a delivery slot for anything it might have written.
  await new Promise((r) => setTimeout(r, 6_000));
  expect(new Set(overdueSms().map((m) => m.mobile)).size).toBe(2);
  expect(overdueSms()).toHaveLength(2);
  const reminders = await db`select recipient_id, channel from notifications where task_id = ${taskId} and kind = 'reminder_overdue'`;
  await db.end();
  // One in-app message and one SMS for each of the two recipients.
  expect(reminders.filter((r) => r.channel === "sms")).toHaveLength(2);
  expect(new Set(reminders.filter((r) => r.channel !== "sms").map((r) => r.recipient_id)).size).toBe(reminders.length - 2);

  // The idle limit (SESSION_IDLE_MINUTES=1): a minute after its last request the session has ended on both.
  const wait = idleSince + IDLE_MS + 3_000 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  for (const server of [SERVER_B, SERVER_A]) {
    await idle.goto(`${server}/tasks`);
    await expect(idle).toHaveURL(new RegExp(`^${server}/login`));
  }

  // A 系统参数 saved on A shows on B at the next request.
  const admin = await person(browser, "10.20.0.4");
  await signedInOn(admin, SERVER_A, "admin");
  await admin.goto(`${SERVER_A}/admin/settings`);
  const systemName = `集群督查督办系统${stamp}`.slice(0, 40);
  await admin.locator("#systemName").fill(systemName);
  // The form posts every setting: the env's 1-minute idle limit is below what 系统参数 accepts (5–720).
  await admin.locator("#sessionIdleMinutes").fill("30");
  await admin.getByTestId("save-settings").click();
  await expect(admin.getByTestId("settings-status")).toContainText("已保存");
  const visitor = await person(browser, "10.20.0.5");
  await visitor.goto(`${SERVER_B}/login`);
  await expect(visitor.getByRole("heading", { level: 1 })).toHaveText(systemName);

  // A made-up username locks after five failures spread over both servers (each from its own address, so the
  // address throttle stays out of it), exactly as a real account would.
  const guesser = await person(browser, "10.30.0.1");
  const answers: string[] = [];
  for (let i = 1; i <= 5; i++) {
    await guesser.context().setExtraHTTPHeaders({ "X-Forwarded-For": `10.30.0.${i}` });
    const login = await loginOn(guesser, i % 2 ? SERVER_A : SERVER_B, `nobody_${stamp}`, `wrong-${i}`);
    answers.push(await login.error().innerText());
  }
  expect(answers.slice(0, 4)).toEqual(Array(4).fill("用户名或密码错误"));
  expect(answers[4]).toContain("账号已锁定");

  // The address throttle: failures on A count on B; then even the right password is refused, on both.
  const sprayer = await person(browser, "10.40.0.1");
  for (let i = 1; i <= IP_MAX_FAILURES; i++) {
    const login = await loginOn(sprayer, i < IP_MAX_FAILURES ? SERVER_A : SERVER_B, "dcs_jbr", `wrong-${i}`);
    await expect(login.error()).toHaveText("用户名或密码错误");
  }
  for (const server of [SERVER_B, SERVER_A]) {
    const login = await loginOn(sprayer, server, "jw_ld");
    await expect(login.error()).toContainText("登录尝试过于频繁");
  }

});
