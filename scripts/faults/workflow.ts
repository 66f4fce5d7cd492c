import { randomUUID } from "node:crypto";
import type postgres from "postgres";
import { samples } from "@/test/attachment-samples";
import { actionIds, type UserSession } from "./harness";

/** What a task's form needs that the demo database chose (ids of base data, units, the reviewing leader). */
export interface FormFacts {
  sourceId: string;
  categoryId: string;
  taskTypeId: string;
  urgencyId: string;
  leadUnitId: string;
  coUnitId: string;
  reviewerId: string;
}

export async function formFacts(sql: postgres.Sql): Promise<FormFacts> {
  const [row] = await sql<FormFacts[]>`
    select (select id from event_sources where enabled order by sort_order limit 1) as "sourceId",
           (select id from task_categories where parent_id is null limit 1) as "categoryId",
           (select id from task_types limit 1) as "taskTypeId",
           (select id from urgency_levels where code = 'urgent') as "urgencyId",
           (select id from departments where name = '区教委') as "leadUnitId",
           (select id from departments where name = '区民政局') as "coUnitId",
           (select id from users where username = 'dcs_ld') as "reviewerId"`;
  return row!;
}

/** The 登记 form as the clerk fills it in (a fresh requestId: the form's guard against a double submit). */
export function draftFields(facts: FormFacts, title: string, attachmentIds: string[] = []): Record<string, string | string[]> {
  return {
    title,
    content: `${title}：请按要求推进并按期报送进展。`,
    requirements: "每两周报送一次进展。",
    sourceId: facts.sourceId,
    categoryId: facts.categoryId,
    taskTypeId: facts.taskTypeId,
    urgencyId: facts.urgencyId,
    deadline: "2099-06-30",
    feedbackMode: "final_only",
    leadUnitId: facts.leadUnitId,
    coUnitIds: [facts.coUnitId],
    attachmentIds,
    requestId: randomUUID(),
  };
}

/** One acknowledged answer: the user saw this step succeed. */
export type Ack =
  | { kind: "upload"; attachmentId: string }
  | { kind: "create"; taskId: string; attachmentId: string }
  | { kind: "submit" | "sign" | "dispatch"; taskId: string };

/**
 * Takes one new task through 上传附件 → 登记 → 提交审签 → 审签 → 交办, as the clerk and the leader do in their browsers,
 * calling `ack` for every answer that told the user the step succeeded. Stops at the first refusal or lost answer
 * and returns how far it got.
 */
export async function driveTask(
  clerk: UserSession,
  leader: UserSession,
  facts: FormFacts,
  title: string,
  ack: (a: Ack) => void,
): Promise<"dispatched" | string> {
  const ids = actions();
  const upload = await clerk.upload(`${title}.pdf`, samples.pdf());
  if (upload.status !== 201) return `upload HTTP ${upload.status} ${JSON.stringify(upload.body)}`;
  const attachmentId = String(upload.body.id);
  ack({ kind: "upload", attachmentId });

  const created = await clerk.action(ids.create, "/tasks/new", draftFields(facts, title, [attachmentId]));
  const match = /^\/tasks\/([0-9a-f-]{36})\?saved=(\d+)/.exec(created.redirect ?? "");
  if (!match) return `create: HTTP ${created.status} ${JSON.stringify(created.result)}`;
  const taskId = match[1]!;
  let version = match[2]!;
  ack({ kind: "create", taskId, attachmentId });

  const steps: [kind: "submit" | "sign" | "dispatch", who: UserSession, id: string, extra: Record<string, string>][] = [
    ["submit", clerk, ids.submit, { reviewerId: facts.reviewerId }],
    ["sign", leader, ids.sign, { opinion: "同意交办" }],
    ["dispatch", clerk, ids.dispatch, {}],
  ];
  for (const [kind, who, id, extra] of steps) {
    const outcome = await who.action(id, `/tasks/${taskId}`, { id: taskId, version, ...extra });
    if (!outcome.result?.ok) return `${kind}: HTTP ${outcome.status} ${JSON.stringify(outcome.result)}`;
    version = String(outcome.result.data?.version);
    ack({ kind, taskId });
  }
  return "dispatched";
}

let cached: { create: string; submit: string; sign: string; dispatch: string } | undefined;

function actions() {
  if (cached) return cached;
  const all = actionIds();
  const id = (name: string) => {
    const value = all.get(name);
    if (!value) throw new Error(`server action ${name} not in the build's manifest`);
    return value;
  };
  cached = { create: id("createTaskAction"), submit: id("submitTaskAction"), sign: id("signTaskAction"), dispatch: id("dispatchTaskAction") };
  return cached;
}
