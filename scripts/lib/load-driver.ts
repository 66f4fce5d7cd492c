/**
 * The load generator of `npm run bench:load`, run by scripts/bench-load.ts as a SECOND process (so its CPU is
 * not the server's event loop): `tsx scripts/lib/load-driver.ts <plan.json> <results.json>`.
 *
 * A plan is phases run one after another. A phase runs its scenarios at the same time, each with its own
 * connections (the virtual users): with a think time, users that request, read the answer and pause (Node's
 * fetch, keep-alive); without, an autocannon instance per scenario at full speed (saturation). A page
 * scenario cycles through its requests (each with a user's session cookie), a step scenario consumes each of
 * its requests once (a workflow step can be taken only once on an assignment) and stops early when they run out. Every response's time is kept, so the
 * percentiles are exact (autocannon's own summary has no p95). An error is a connection error or timeout, a
 * status other than 200, or for a step a response that does not carry the action's `"ok":true`.
 * A login burst phase signs in users at evenly spaced start times (open loop: a slow login does not delay
 * the next one), timing the credentials POST.
 */
import { readFileSync, writeFileSync } from "node:fs";
import autocannon from "autocannon";
import { signIn, type SignInTiming } from "./sign-in";

export interface LoadRequest {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
}
export interface Scenario {
  label: string;
  kind: "page" | "step";
  connections: number;
  requests: LoadRequest[];
}
export type Phase =
  | { kind: "load"; name: string; durationS: number; scenarios: Scenario[] }
  | { kind: "burst"; name: string; windowMs: number; logins: { username: string; password: string }[] };
export interface Plan {
  base: string;
  /**
   * A user's pause between two requests, ms (each pause drawn uniformly from 0.5–1.5 times it): the virtual
   * users' own loop over Node's fetch. 0: autocannon, every connection as fast as answers come (saturation).
   */
  thinkMs: number;
  timeoutS: number;
  phases: Phase[];
}
export interface ScenarioResult {
  label: string;
  kind: "page" | "step" | "login";
  connections: number;
  requests: number;
  errors: number;
  errorKinds: Record<string, number>;
  /** Ascending response times, ms. */
  latencies: number[];
  seconds: number;
  /** A step whose prepared work ran out before the end of the phase. */
  exhausted?: boolean;
}
export interface PhaseResult {
  name: string;
  startedAt: number;
  endedAt: number;
  scenarios: ScenarioResult[];
}

/** One scenario's figures (the latencies sorted for the percentiles). */
function summary(scenario: Scenario, latencies: number[], errorKinds: Record<string, number>, t0: number, exhausted: boolean): ScenarioResult {
  latencies.sort((a, b) => a - b);
  return {
    label: scenario.label,
    kind: scenario.kind,
    connections: scenario.connections,
    requests: latencies.length,
    errors: Object.values(errorKinds).reduce((a, b) => a + b, 0),
    errorKinds,
    latencies,
    seconds: (performance.now() - t0) / 1000,
    exhausted,
  };
}

const stepOk = (body: string) => (body.includes('"ok":true') ? undefined : body.includes('"ok":false') ? "step refused" : "step: no result");

/**
 * Users with a pace: `connections` users, each requesting, reading the whole answer, then pausing. A page
 * user walks the scenario's requests from its own starting point; a step user takes the next prepared step.
 */
async function runUsers(plan: Plan, scenario: Scenario, durationS: number): Promise<ScenarioResult> {
  const latencies: number[] = [];
  const errorKinds: Record<string, number> = {};
  const fail = (kind: string) => (errorKinds[kind] = (errorKinds[kind] ?? 0) + 1);
  const queue = scenario.kind === "step" ? [...scenario.requests] : [];
  let exhausted = false;
  const t0 = performance.now();
  const end = t0 + durationS * 1000;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, Math.min(ms, end - performance.now()))));
  await Promise.all(
    Array.from({ length: scenario.connections }, async (_, user) => {
      // Users start spread over one pause, not all at the same instant.
      await sleep(Math.random() * plan.thinkMs);
      for (let i = user; performance.now() < end; i++) {
        const req = scenario.kind === "step" ? queue.shift() : scenario.requests[i % scenario.requests.length];
        if (!req) {
          exhausted = true;
          return;
        }
        const started = performance.now();
        try {
          const res = await fetch(`${plan.base}${req.path}`, { method: req.method, headers: req.headers, body: req.body, redirect: "manual", signal: AbortSignal.timeout(plan.timeoutS * 1000) });
          const body = await res.text();
          latencies.push(performance.now() - started);
          if (res.status !== 200) fail(`HTTP ${res.status}`);
          else if (scenario.kind === "step") {
            const problem = stepOk(body);
            if (problem) fail(problem);
          }
        } catch (error) {
          fail(error instanceof Error && error.name === "TimeoutError" ? "timeout" : `error: ${error instanceof Error ? error.message : error}`);
        }
        await sleep(plan.thinkMs * (0.5 + Math.random()));
      }
    }),
  );
  return summary(scenario, latencies, errorKinds, t0, exhausted);
}

/** Saturation: autocannon, every connection sending its next request as soon as the answer is in. */
function runScenario(plan: Plan, scenario: Scenario, durationS: number): Promise<ScenarioResult> {
  const latencies: number[] = [];
  const errorKinds: Record<string, number> = {};
  const fail = (kind: string) => (errorKinds[kind] = (errorKinds[kind] ?? 0) + 1);
  let exhausted = false;
  const queue = scenario.kind === "step" ? [...scenario.requests] : [];
  const t0 = performance.now();
  const stepCheck = (status: number, body: string) => {
    const problem = status === 200 ? stepOk(body) : undefined;
    if (problem) fail(problem);
  };
  const requests =
    scenario.kind === "step"
      ? [
          {
            setupRequest: (req: Record<string, unknown>) => {
              const next = queue.shift();
              if (!next) {
                exhausted = true;
                // The first request of a list may not be refused (autocannon stops with an error): stop the instance.
                setImmediate(() => instance.stop());
                return { ...req, ...scenario.requests[0] };
              }
              return { ...req, ...next };
            },
            onResponse: stepCheck,
          },
        ]
      : scenario.requests;
  let finish!: (result: autocannon.Result) => void;
  let failRun!: (error: Error) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => ((finish = resolve), (failRun = reject)));
  const instance = autocannon(
    {
    url: plan.base,
    connections: scenario.connections,
    duration: durationS,
    timeout: plan.timeoutS,
    requests: requests as autocannon.Request[],
    },
    (error, result) => (error ? failRun(error as Error) : finish(result)),
  );
  instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
    if (exhausted) return;
    latencies.push(ms);
    if (status !== 200) fail(`HTTP ${status}`);
  });
  instance.on("reqError", (error: Error) => fail(error.message.includes("timeout") ? "timeout" : `error: ${error.message}`));
  return done.then((result) => {
      if (result.timeouts) errorKinds.timeout = Math.max(errorKinds.timeout ?? 0, result.timeouts);
    return summary(scenario, latencies, errorKinds, t0, exhausted);
  });
}

async function runBurst(plan: Plan, phase: Extract<Phase, { kind: "burst" }>): Promise<ScenarioResult> {
  const gap = phase.windowMs / phase.logins.length;
  const latencies: number[] = [];
  const errorKinds: Record<string, number> = {};
  const t0 = performance.now();
  await Promise.all(
    phase.logins.map(async ({ username, password }, i) => {
      await new Promise((r) => setTimeout(r, i * gap));
      const timing: SignInTiming = { csrfMs: 0, loginMs: 0 };
      try {
        await signIn(plan.base, username, timing, password);
        latencies.push(timing.loginMs);
      } catch (error) {
        const kind = error instanceof Error ? error.message.replace(username, "<user>") : String(error);
        errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    label: `${phase.logins.length} 次登录 / ${phase.windowMs / 1000} s`,
    kind: "login",
    connections: phase.logins.length,
    requests: latencies.length,
    errors: Object.values(errorKinds).reduce((a, b) => a + b, 0),
    errorKinds,
    latencies,
    seconds: (performance.now() - t0) / 1000,
  };
}

async function main() {
  const [planPath, resultsPath] = process.argv.slice(2);
  const plan = JSON.parse(readFileSync(planPath!, "utf8")) as Plan;
  const results: PhaseResult[] = [];
  for (const [i, phase] of plan.phases.entries()) {
    // A pause between phases: what the server still has queued from one does not land in the next.
    if (i > 0) await new Promise((r) => setTimeout(r, 5000));
    const startedAt = Date.now();
    // Tell the parent (which samples memory and connections per phase) where we are.
    process.stdout.write(`PHASE ${phase.name}\n`);
    const scenarios = phase.kind === "load" ? await Promise.all(phase.scenarios.map((s) => (plan.thinkMs > 0 ? runUsers : runScenario)(plan, s, phase.durationS))) : [await runBurst(plan, phase)];
    results.push({ name: phase.name, startedAt, endedAt: Date.now(), scenarios });
    process.stdout.write(`DONE ${phase.name}\n`);
  }
  writeFileSync(resultsPath!, JSON.stringify(results));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
