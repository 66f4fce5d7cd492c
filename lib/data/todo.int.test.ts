import { countUnread } from "@/lib/data/inbox";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import { getDb } from "@/db/client";
import { assignments, extensionRequests, urges, users } from "@/db/schema";
import { countTodo, countTodoByKind, listTodo, type TodoItem } from "@/lib/data/todo";
import { todoHref, TODO_KINDS } from "@/lib/domain/todo";
import { handleAssignment, receiveAssignment, signUnitReport, submitFeedback } from "@/lib/services/tasks";
import { addUser, as, av, resetActorCache, SETUP_TIMEOUT, taskAt, unitId, userId } from "@/lib/services/tasks/test-fixtures";
import type { Actor } from "@/lib/domain/policy";

// /api/badges as Next calls it, with the signed-in user replaced by `signedIn`.
let signedIn: Actor | null = null;
vi.mock("@/lib/auth/viewer", () => ({ getViewer: async () => signedIn }));
const { GET: badges } = await import("@/app/api/badges/route");

/**
 * 待办事项: each role gets exactly the steps waiting on it, built with the real verbs (urges and
 * extension requests, whose verbs live elsewhere, by direct insert), ordered reddest then oldest, and
 * the counts agree with the rows.
 */

let cleanup: () => Promise<void>;
const title: Record<string, string> = {};
const ids: Record<string, { task: string; jw?: string; mz?: string }> = {};
let disabledLeader: string;

async function dispatched(key: string, coUnits: "mz" | "none" = "none") {
  title[key] = `待办测试 ${key}`;
  const t = await taskAt("in_progress", { title: title[key], coUnitIds: coUnits === "mz" ? [await unitId("区民政局")] : [] });
  ids[key] = { task: t.id, jw: t.assignments["区教委"], mz: t.assignments["区民政局"] };
  return ids[key]!;
}

beforeAll(async () => {
  resetActorCache();
  ({ cleanup } = await useTestDatabase());
  const jwClerk = await as("jw_jbr");
  const jwLeader = await as("jw_ld");

  title.D = "待办测试 D";
  ids.D = { task: (await taskAt("draft", { title: title.D })).id };
  title.R = "待办测试 R";
  ids.R = { task: (await taskAt("in_review", { title: title.R })).id };
  title.S = "待办测试 S";
  ids.S = { task: (await taskAt("signed", { title: title.S })).id };

  // P: dispatched to 区教委 and 区民政局, nobody has received it yet.
  const P = await dispatched("P", "mz");
  // P1: received by 刘洋, who is handling it.
  const P1 = await dispatched("P1");
  await receiveAssignment(jwClerk, { assignmentId: P1.jw, version: await av(P1.jw!) });
  // P2: handling text waiting on 周晓红's signature.
  const P2 = await dispatched("P2");
  await receiveAssignment(jwClerk, { assignmentId: P2.jw, version: await av(P2.jw!) });
  await handleAssignment(jwClerk, { assignmentId: P2.jw, kind: "final", body: "承办情况", signerId: jwLeader.userId, version: await av(P2.jw!) });
  // P3: signed, waiting to be reported up by 刘洋; its deadline has passed (red).
  const P3 = await dispatched("P3");
  await receiveAssignment(jwClerk, { assignmentId: P3.jw, version: await av(P3.jw!) });
  await handleAssignment(jwClerk, { assignmentId: P3.jw, kind: "final", body: "承办情况", signerId: jwLeader.userId, version: await av(P3.jw!) });
  await signUnitReport(jwLeader, { assignmentId: P3.jw, version: await av(P3.jw!) });
  await getDb().update(assignments).set({ deadline: "2020-01-06" }).where(eq(assignments.id, P3.jw!));
  // P4: a report with the office.
  const P4 = await dispatched("P4");
  await receiveAssignment(jwClerk, { assignmentId: P4.jw, version: await av(P4.jw!) });
  await submitFeedback(jwClerk, { assignmentId: P4.jw, kind: "final", body: "已办结", version: await av(P4.jw!) });
  // P5: waiting on a second 区教委 leader whose account is then disabled: someone must 改派 it.
  const P5 = await dispatched("P5");
  const leader2 = await addUser("jw_ld_todo", "钱二", "区教委", "unit_leader");
  disabledLeader = leader2.userId;
  await receiveAssignment(jwClerk, { assignmentId: P5.jw, version: await av(P5.jw!) });
  await handleAssignment(jwClerk, { assignmentId: P5.jw, kind: "final", body: "承办情况", signerId: leader2.userId, version: await av(P5.jw!) });
  await getDb().update(users).set({ enabled: false }).where(eq(users.id, leader2.userId));

  // Side steps whose verbs are built elsewhere: an urge of P1 (unacknowledged) and one already signed for,
  // an extension request of P1 with 周晓红, and one of P's 区民政局 assignment with the office.
  const jw = await unitId("区教委");
  await getDb().insert(urges).values([
    { assignmentId: P1.jw!, taskId: P1.task, departmentId: jw, kind: "manual", message: "请抓紧", urgedByName: "张敏" },
    { assignmentId: P2.jw!, taskId: P2.task, departmentId: jw, kind: "manual", message: "已签收", urgedByName: "张敏", acknowledgedAt: new Date() },
  ]);
  await getDb().insert(extensionRequests).values([
    { assignmentId: P1.jw!, taskId: P1.task, departmentId: jw, status: "awaiting_unit", reason: "需协调", previousDeadline: "2099-06-30", requestedDeadline: "2099-07-30", requestedById: jwClerk.userId, currentSignerId: jwLeader.userId },
    {
      assignmentId: P.mz!,
      taskId: P.task,
      departmentId: await unitId("区民政局"),
      status: "awaiting_office",
      reason: "需协调",
      previousDeadline: "2099-06-30",
      requestedDeadline: "2099-07-30",
      requestedById: await userId("mz_jbr"),
      unitSignedById: await userId("mz_ld"),
      unitSignedAt: new Date(),
    },
  ]);
}, SETUP_TIMEOUT);
afterAll(() => cleanup?.());

const key = (i: TodoItem) => `${i.kind} ${i.title.replace("待办测试 ", "")}`;

async function all(username: string) {
  return listTodo(await as(username), { page: 1, pageSize: 100 });
}

describe("待办事项 per role", () => {
  const expected: Record<string, string[]> = {
    dcs_jbr: ["draft D", "dispatch S", "feedback P4", "extension_office P"],
    dcs_ld: ["review R", "feedback P4", "reroute P5"],
    jw_jbr: ["receive P", "handle P1", "report P3", "urge P1"],
    jw_jbr2: ["receive P", "urge P1"],
    jw_ld: ["sign P2", "extension_unit P1", "urge P1"],
    mz_jbr: ["receive P"],
    mz_ld: [],
    zj_jbr: [],
    qld: [],
    admin: ["reroute P5"],
  };

  it.each(Object.entries(expected))("%s gets exactly the steps waiting on them", async (username, kinds) => {
    const items = await all(username);
    expect(items.map(key).sort()).toEqual([...kinds].sort());
    // The counts agree with the rows: the badge's total and the chips' per-kind numbers.
    expect(await countTodo(await as(username))).toBe(items.length);
    const byKind = await countTodoByKind(await as(username));
    for (const kind of TODO_KINDS) expect(byKind[kind], kind).toBe(items.filter((i) => i.kind === kind).length);
  });

  it("names the unit, the deadline and where to act", async () => {
    const viewer = await as("jw_jbr");
    const items = await all("jw_jbr");
    const receive = items.find((i) => i.kind === "receive")!;
    expect(receive).toMatchObject({ unitName: "区教委", assignmentId: ids.P!.jw, deadline: "2099-06-30", light: "green" });
    expect(todoHref(receive, viewer)).toBe(`/tasks/${ids.P!.task}#assignment-${ids.P!.jw}`);
    const draft = (await all("dcs_jbr")).find((i) => i.kind === "draft")!;
    expect(draft).toMatchObject({ unitName: null, assignmentId: null });
    expect(todoHref(draft, await as("dcs_jbr"))).toBe(`/tasks/${ids.D!.task}`);
    // The admin re-routes from 用户管理; an office leader from the task.
    const admin = (await all("admin"))[0]!;
    expect(todoHref(admin, await as("admin"))).toBe(`/admin/users/${disabledLeader}`);
    const leader = (await all("dcs_ld")).find((i) => i.kind === "reroute")!;
    expect(todoHref(leader, await as("dcs_ld"))).toBe(`/tasks/${ids.P5!.task}#assignment-${ids.P5!.jw}`);
  });

  it("orders reddest first, then the longest waiting", async () => {
    const items = await all("jw_jbr");
    expect(items[0]).toMatchObject({ kind: "report", light: "red" });
    const rank = { red: 0, yellow: 1, green: 2, none: 3 } as const;
    for (let i = 1; i < items.length; i++) {
      const [a, b] = [items[i - 1]!, items[i]!];
      expect(rank[a.light] < rank[b.light] || (a.light === b.light && a.waitingSince.getTime() <= b.waitingSince.getTime()), `${key(a)} before ${key(b)}`).toBe(true);
    }
    // P was dispatched before P1 was received, and P1 received before its urge: oldest first among the green ones.
    expect(items.slice(1).map(key)).toEqual(["receive P", "handle P1", "urge P1"]);
  });

  it("filters by kind and pages", async () => {
    const viewer = await as("jw_jbr");
    expect((await listTodo(viewer, { kind: "receive", page: 1 })).map(key)).toEqual(["receive P"]);
    const first = await listTodo(viewer, { page: 1, pageSize: 3 });
    const second = await listTodo(viewer, { page: 2, pageSize: 3 });
    expect([...first, ...second].map(key)).toEqual((await all("jw_jbr")).map(key));
    expect(second).toHaveLength(1);
  });

  it("drops an item once its step is taken", async () => {
    const mz = await as("mz_jbr");
    await receiveAssignment(mz, { assignmentId: ids.P!.mz, version: await av(ids.P!.mz!) });
    expect((await all("mz_jbr")).map(key)).toEqual(["handle P"]);
    // 区教委's clerks still have theirs: receiving is per unit.
    expect((await all("jw_jbr2")).map(key).sort()).toEqual(["receive P", "urge P1"]);
  });
});

describe("GET /api/badges", () => {
  it("answers the signed-in user's 待办 and unread counts as an object, never cached; 401 for the anonymous", async () => {
    signedIn = null;
    expect((await badges()).status).toBe(401);
    signedIn = await as("jw_ld");
    const response = await badges();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("no-store");
    // 周晓红's unread in-app messages (交办 and 催办 of the tasks above): the same count 我的消息 shows.
    const unread = await countUnread(signedIn);
    expect(unread).toBeGreaterThan(0);
    expect(await response.json()).toEqual({ todo: 3, unread });
    signedIn = { ...(await as("jw_ld")), mustChangePassword: true };
    expect((await badges()).status).toBe(403);
  });
});
