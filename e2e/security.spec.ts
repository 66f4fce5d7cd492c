import { randomUUID } from "node:crypto";
import { test, expect, pageAs } from "./fixtures";
import { LoginPage } from "./pages/login-page";

// Read-only against the shared demo users: nothing here changes an account that another spec uses.

function expectSecurityHeaders(headers: Record<string, string>, where: string) {
  const csp = headers["content-security-policy"] ?? "";
  expect(csp, where).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  expect(csp, where).not.toContain("unsafe-eval");
  expect(csp, where).toContain("frame-ancestors 'self'");
  expect(csp, where).toContain("object-src 'none'");
  expect(headers["x-content-type-options"], where).toBe("nosniff");
  expect(headers["referrer-policy"], where).toBe("strict-origin-when-cross-origin");
  expect(headers["permissions-policy"], where).toContain("camera=()");
  return csp.match(/'nonce-([^']+)'/)![1]!;
}

test("every page carries the security headers, with a fresh nonce that Next stamps on its scripts", async ({ browser, request }) => {
  const login = await request.get("/login");
  expect(login.status()).toBe(200);
  const nonce = expectSecurityHeaders(login.headers(), "/login");
  const html = await login.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  expect(expectSecurityHeaders((await request.get("/login")).headers(), "/login again")).not.toBe(nonce);

  const clerk = await pageAs(browser, "unitClerkA");
  for (const path of ["/", "/assignments", "/account/password", "/tasks/00000000-0000-4000-8000-000000000000", "/admin/users"]) {
    const response = await clerk.request.get(path);
    expectSecurityHeaders(response.headers(), path);
  }
  await clerk.context().close();
});

test("pages hydrate under the policy: no violation, and client components work", async ({ browser }) => {
  const clerk = await pageAs(browser, "unitClerkA");
  await clerk.addInitScript(() => {
    (window as unknown as { cspViolations: string[] }).cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => (window as unknown as { cspViolations: string[] }).cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await clerk.setViewportSize({ width: 375, height: 740 });
  await clerk.goto("/");
  // The mobile menu is a client component (Radix dialog): it opens only if React hydrated.
  await clerk.getByRole("button", { name: "打开菜单" }).click();
  await expect(clerk.getByRole("dialog", { name: "菜单" })).toBeVisible();
  expect(await clerk.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
  await clerk.context().close();
});

test("the favicon is served", async ({ request }) => {
  const response = await request.get("/favicon.ico");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("image/");
});

test("anonymous calls to the API get 401 JSON, not the login page; health says only ok", async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL, maxRedirects: 0 });
  for (const [method, path] of [
    ["GET", `/api/attachments/${randomUUID()}`],
    ["DELETE", `/api/attachments/${randomUUID()}`],
    ["POST", "/api/attachments"],
    ["POST", "/api/admin/users/import?step=preview"],
    ["GET", "/api/no-such-route"],
  ] as const) {
    const response = await anonymous.fetch(path, { method });
    expect(response.status(), `${method} ${path}`).toBe(401);
    expect(await response.json(), `${method} ${path}`).toMatchObject({ code: "UNAUTHENTICATED", message: "登录已失效，请重新登录" });
  }
  const health = await anonymous.get("/api/health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: "ok" });
  await anonymous.dispose();
});

test("an upload posted from another site's page is refused even with a valid session", async ({ browser }) => {
  const clerk = await pageAs(browser, "unitClerkA");
  const form = { file: { name: "a.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%%EOF\n") } };
  const foreign = await clerk.request.post("/api/attachments", { multipart: form, headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" } });
  expect(foreign.status()).toBe(403);
  const admin = await pageAs(browser, "admin");
  const importForeign = await admin.request.post("/api/admin/users/import?step=preview", { multipart: form, headers: { Origin: "https://evil.example" } });
  expect(importForeign.status()).toBe(403);
  await clerk.context().close();
  await admin.context().close();
});

test("a forged X-Forwarded-For does not change the address the login throttle and the audit log see", async ({ browser }) => {
  const probe = `xff_${randomUUID().slice(0, 8)}`;
  const context = await browser.newContext({ extraHTTPHeaders: { "X-Forwarded-For": "203.0.113.77", "X-Real-IP": "203.0.113.78" } });
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.goto();
  await login.login(probe, "wrong-password");
  await expect(login.error()).toHaveText("用户名或密码错误");
  await context.close();

  const auditor = await pageAs(browser, "auditor");
  await auditor.goto(`/admin/audit?who=${probe}`);
  const row = auditor.getByTestId("audit-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("127.0.0.1");
  await expect(row).not.toContainText("203.0.113");
  await auditor.context().close();
});

test("a server action body over 1 MB is refused before it runs; a normal one still works", async ({ request }) => {
  const html = await (await request.get("/login")).text();
  // The login form's no-JavaScript fields, as the browser would post them.
  const fields = Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/>/g)].map((m) => [m[1]!, (m[2] ?? "").replaceAll("&quot;", '"')]),
  );
  expect(Object.keys(fields).some((k) => k.startsWith("$ACTION"))).toBe(true);
  const small = await request.post("/login", { multipart: { ...fields, username: "nobody_small", password: "x" } });
  expect(small.status()).toBe(200);
  expect(await small.text()).toContain("用户名或密码错误");
  const big = await request.post("/login", { multipart: { ...fields, username: "x".repeat(1_200_000), password: "x" } });
  expect(big.status()).toBe(413);
});
