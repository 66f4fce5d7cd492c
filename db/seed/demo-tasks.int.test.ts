import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc } from "drizzle-orm";
import { useTestDatabase } from "@/test/test-db";
import type { DatabaseHandle } from "@/db/client";
import { tasks, taskEvents } from "@/db/schema";
import { seedDemoTasks } from "./demo-tasks";

let handle: DatabaseHandle;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ handle, cleanup } = await useTestDatabase());
}, 240_000);
afterAll(() => cleanup?.());

describe("demo tasks", () => {
  it("puts five tasks at different stages through the real verbs, numbered and with history, once", async () => {
    expect(await seedDemoTasks(handle.db)).toBe(5);
    const rows = await handle.db.select({ title: tasks.title, status: tasks.status, taskNo: tasks.taskNo }).from(tasks).orderBy(asc(tasks.createdAt));
    expect(rows.map((r) => [r.title, r.status])).toEqual([
      ["校园周边食品安全专项检查", "draft"],
      ["解放碑步行街夜间经济提升", "in_review"],
      ["老旧小区加装电梯推进", "in_progress"],
      ["校园周边交通秩序整治", "in_progress"],
      ["朝天门片区消防通道清理", "archived"],
    ]);
    expect(rows.filter((r) => r.taskNo).map((r) => r.taskNo)).toEqual([1, 2, 3].map((n) => `渝中督〔${new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date())}〕${n}号`));
    expect((await handle.db.select().from(taskEvents)).length).toBeGreaterThan(20);
    expect(await seedDemoTasks(handle.db)).toBe(0);
  });
});
