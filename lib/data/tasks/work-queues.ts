import "server-only";
import type { Actor } from "@/lib/domain/policy";
import { and, count, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { assignments, tasks } from "@/db/schema";
import { workQueuesFor } from "@/lib/domain/navigation";
import { assignmentInScope, taskInScope } from "@/lib/scope";
import { assignmentKindCondition } from "./list-assignments";
import { taskKindCondition } from "./list-tasks";
import type { WorkQueueCount } from "./types";

/** How much waits in each work queue the viewer has, with the same conditions as its list page. */
export async function countWorkQueues(viewer: Actor): Promise<WorkQueueCount[]> {
  const db = getDb();
  return Promise.all(
    workQueuesFor(viewer).map(async (queue) => {
      const [row] =
        "tasks" in queue
          ? await db
              .select({ n: count() })
              .from(tasks)
              .where(and(taskInScope(viewer), taskKindCondition(queue.tasks, viewer)))
          : queue.assignments === "handle"
            ? await db
                .select({ n: count() })
                .from(assignments)
                .innerJoin(tasks, eq(tasks.id, assignments.taskId))
                .where(and(assignmentInScope(viewer), assignmentKindCondition(queue.assignments, viewer)))
            : // The other queues filter on assignments alone: no tasks join, so a status index answers the count.
              await db
                .select({ n: count() })
                .from(assignments)
                .where(and(assignmentInScope(viewer), assignmentKindCondition(queue.assignments, viewer)));
      return { href: queue.href, label: queue.label, count: row?.n ?? 0 };
    }),
  );
}
