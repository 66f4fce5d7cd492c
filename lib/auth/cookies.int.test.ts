import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NextRequest } from "next/server";
import { useTestDatabase } from "@/test/test-db";
import { DEMO_PASSWORD } from "@/db/seed/demo-org";
import { secureCookiesFromPublicUrl } from "./auth.config";

let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ cleanup } = await useTestDatabase());
});
afterAll(() => cleanup());

/** A real credentials login through Auth.js's route handlers, in process: the Set-Cookie headers it answers with. */
async function loginCookies(origin: string, extraCookie = ""): Promise<string[]> {
  vi.resetModules();
  const { handlers } = await import("./auth");
  const csrf = await handlers.GET(new NextRequest(`${origin}/api/auth/csrf`));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const response = await handlers.POST(
    new NextRequest(`${origin}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: [csrfCookie, extraCookie].filter(Boolean).join("; "), "x-forwarded-for": "10.7.7.7" },
      body: new URLSearchParams({ username: "dcs_jbr", password: DEMO_PASSWORD, csrfToken, callbackUrl: "/" }),
    }),
  );
  return response.headers.getSetCookie();
}

const sessionCookie = (cookies: string[]) => cookies.find((c) => /^(__Secure-)?authjs\.session-token=/.test(c));

describe("the session cookie of a real login", () => {
  it("is HttpOnly and SameSite=Lax, without Secure over plain http", async () => {
    delete process.env.PUBLIC_URL;
    const cookie = sessionCookie(await loginCookies("http://127.0.0.1:3000"));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*HttpOnly/i);
    expect(cookie).toMatch(/;\s*SameSite=Lax/i);
    expect(cookie).not.toMatch(/;\s*Secure/i);
  });

  it("is Secure with the __Secure- prefix when PUBLIC_URL is https, even if the proxy speaks plain http to the app", async () => {
    process.env.PUBLIC_URL = "https://dcdb.example.gov.cn/";
    try {
      const cookie = sessionCookie(await loginCookies("http://127.0.0.1:3000"));
      expect(cookie).toMatch(/^__Secure-authjs\.session-token=/);
      expect(cookie).toMatch(/;\s*Secure/i);
      expect(cookie).toMatch(/;\s*HttpOnly/i);
    } finally {
      delete process.env.PUBLIC_URL;
    }
  });

  it("is a new token on every login: a cookie the browser held before is not carried over", async () => {
    const first = sessionCookie(await loginCookies("http://127.0.0.1:3000"))!.split(";")[0]!;
    const second = sessionCookie(await loginCookies("http://127.0.0.1:3000", first))!.split(";")[0]!;
    expect(second).not.toBe(first);
  });

  it("decides secure cookies from PUBLIC_URL", () => {
    expect(secureCookiesFromPublicUrl("https://x.gov.cn")).toBe(true);
    expect(secureCookiesFromPublicUrl("http://x.gov.cn")).toBeUndefined();
    expect(secureCookiesFromPublicUrl(undefined)).toBeUndefined();
  });
});
