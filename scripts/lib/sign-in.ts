/**
 * Auth.js sign-in over HTTP as a browser does it, for the benchmarks (bench-stats, bench-load and its load
 * driver, which runs in a process of its own and so imports nothing of the database).
 */
import { DEMO_PASSWORD } from "@/db/seed/demo-org";

function cookiesOf(res: Response, jar: Map<string, string>) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(";");
    const eq = pair!.indexOf("=");
    jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** What one sign-in took: the CSRF round trip and the credentials POST (the password check), in ms. */
export interface SignInTiming {
  csrfMs: number;
  loginMs: number;
}

/**
 * Signs in through Auth.js's credentials endpoint as a browser does (CSRF token, then the form POST); returns
 * the Cookie header of the session. Throws when no session cookie came back.
 */
export async function signIn(base: string, username: string, timing?: SignInTiming, password: string = DEMO_PASSWORD): Promise<string> {
  const jar = new Map<string, string>();
  const t0 = performance.now();
  const csrf = await fetch(`${base}/api/auth/csrf`);
  cookiesOf(csrf, jar);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const t1 = performance.now();
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: `${base}/` }),
  });
  await res.arrayBuffer();
  cookiesOf(res, jar);
  if (timing) {
    timing.csrfMs = t1 - t0;
    timing.loginMs = performance.now() - t1;
  }
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`${username} 登录失败 (HTTP ${res.status})`);
  return cookieHeader(jar);
}
