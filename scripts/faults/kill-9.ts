import path from "node:path";
import { readdir } from "node:fs/promises";
import { startApp, sqlClient, UserSession, Verdict, waitFor, type AppServer } from "./harness";
import { driveTask, formFacts, type Ack } from "./workflow";
import type { FaultContext } from "./run";

const LANES = 4;
/** Acknowledged answers before the kill: enough that several steps are in flight when it lands. */
const ACKS_BEFORE_KILL = 40;

/**
 * The app process killed with SIGKILL during a burst of workflow steps (four users' lanes each taking new tasks
 * from upload to 交办), then started again on the same database and files:
 * - every acknowledged upload has its row and its file; every acknowledged 登记 its task, its 流转记录 and its
 *   claimed attachment; every acknowledged 提交/审签/交办 its 流转记录;
 * - no task is half-written: each task's state is the state its last 流转记录 moved it to, and a task has
 *   assignments and notifications exactly when it was dispatched;
 * - files and rows agree: no row without its file, and after the cleanup job (two hourly runs, so past the grace
 *   an in-flight upload gets) no file without its row.
 */
export async function killDuringSteps(ctx: FaultContext): Promise<Verdict> {
  const v = new Verdict();
  const databaseUrl = await ctx.database("kill9");
  const storageDir = path.join(ctx.base, "kill9-files");
  const options = { port: ctx.appPort, databaseUrl, dataDir: path.join(ctx.base, "data"), storageDir, logFile: path.join(ctx.base, "kill9-app.log") };
  const sql = sqlClient(databaseUrl);
  let app: AppServer | undefined;
  try {
    app = await startApp(options);
    const facts = await formFacts(sql);
    const pairs = await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        // Two clerk/leader pairs, two lanes each: the office's real concurrency, and the throttles stay quiet.
        const [clerk, leader] = lane % 2 === 0 ? ["dcs_jbr", "dcs_ld"] : ["dcs_jbr2", "dcs_ld2"];
        return [await new UserSession(app!.url, clerk!).login(), await new UserSession(app!.url, leader!).login()] as const;
      }),
    );
    // dcs_ld2 reviews only when named reviewer: each pair submits to its own leader.
    const reviewers = await sql<{ username: string; id: string }[]>`select username, id from users where username in ('dcs_ld', 'dcs_ld2')`;
    const reviewerOf = new Map(reviewers.map((r) => [r.username, r.id]));

    const acks: Ack[] = [];
    let inFlight = 0;
    let killed = false;
    let refused: unknown;
    const lanes = pairs.map(async ([clerk, leader], lane) => {
      const laneFacts = { ...facts, reviewerId: reviewerOf.get(leader.username)! };
      for (let n = 0; !killed; n++) {
        inFlight++;
        try {
          const end = await driveTask(clerk, leader, laneFacts, `故障演练 kill-9 ${lane}-${n}`, (a) => acks.push(a));
          if (end !== "dispatched" && !killed) throw new Error(`lane ${lane}: ${end}`);
        } catch (error) {
          // Before the kill every step must succeed; after it, a lost answer is the point of the exercise.
          if (!killed) {
            refused ??= error;
            killed = true;
          }
        } finally {
          inFlight--;
        }
      }
    });
    const burst = Promise.all(lanes);
    await waitFor("acknowledged steps before the kill", 120_000, async () => {
      if (refused) throw refused;
      return acks.length >= ACKS_BEFORE_KILL ? true : undefined;
    }, 20);
    killed = true;
    const lanesInFlight = inFlight;
    await app.kill9();
    await burst;
    const ackedBeforeKill = acks.length;
    v.check(lanesInFlight > 0, `killed with SIGKILL after ${ackedBeforeKill} acknowledged answers, ${lanesInFlight} lanes mid-request`);

    app = await startApp(options);
    v.check(true, "the app started again on the same database and files");

    // Every acknowledged answer is in the database.
    const uploads = acks.filter((a) => a.kind === "upload").map((a) => a.attachmentId);
    const rows = await sql<{ id: string; storage_key: string; task_id: string | null; committed: boolean }[]>`
      select id, storage_key, task_id, committed from attachments where id = any(${uploads}::uuid[])`;
    v.check(rows.length === uploads.length, `all ${uploads.length} acknowledged uploads have their row`, `${rows.length} found`);
    const { LocalFileStore } = await import("@/lib/storage/local-file-store");
    const store = new LocalFileStore(storageDir);
    const missingFiles = (await Promise.all(rows.map(async (r) => ((await store.exists(r.storage_key)) ? 0 : 1)))).reduce<number>((a, b) => a + b, 0);
    v.check(missingFiles === 0, "and their stored file", `${missingFiles} without a file`);

    const creates = acks.filter((a): a is Extract<Ack, { kind: "create" }> => a.kind === "create");
    const events = await sql<{ task_id: string; action: string }[]>`
      select task_id, action::text from task_events where task_id = any(${creates.map((c) => c.taskId)}::uuid[])`;
    const has = new Set(events.map((e) => `${e.task_id}:${e.action}`));
    const stepAcks = acks.filter((a) => a.kind !== "upload");
    const lost = stepAcks.filter((a) => !has.has(`${a.taskId}:${a.kind}`));
    v.check(lost.length === 0, `all ${stepAcks.length} acknowledged steps (登记/提交/审签/交办) have their 流转记录`, `lost: ${JSON.stringify(lost.slice(0, 5))}`);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const unclaimed = creates.filter((c) => byId.get(c.attachmentId)?.task_id !== c.taskId || !byId.get(c.attachmentId)?.committed);
    v.check(unclaimed.length === 0, `the ${creates.length} acknowledged 登记 kept their attachment (committed, on the task)`, `${unclaimed.length} not`);

    // No task is half-written.
    const tasks = await sql<{ id: string; status: string; last_state: string | null; assignments: number; notifications: number; dispatched: boolean }[]>`
      select t.id, t.status::text,
             (select e.to_state::text from task_events e where e.task_id = t.id and e.assignment_id is null and e.to_state is not null
               order by e.id desc limit 1) as last_state,
             (select count(*)::int from assignments a where a.task_id = t.id) as assignments,
             (select count(*)::int from notifications n where n.task_id = t.id) as notifications,
             exists (select 1 from task_events e where e.task_id = t.id and e.action = 'dispatch') as dispatched
      from tasks t where t.title like '故障演练 kill-9 %'`;
    const disagree = tasks.filter((t) => t.status !== t.last_state);
    v.check(tasks.length >= creates.length && disagree.length === 0, `each of the ${tasks.length} tasks is in the state its last 流转记录 names`, JSON.stringify(disagree.slice(0, 3)));
    const half = tasks.filter((t) => (t.dispatched ? t.assignments !== 2 || t.notifications === 0 : t.assignments !== 0));
    v.check(half.length === 0, `${tasks.filter((t) => t.dispatched).length} dispatched tasks have both assignments and their notifications; the others none`, JSON.stringify(half.slice(0, 3)));

    // Files and rows agree.
    const { openPostgres, setDatabaseHandle } = await import("@/db/client");
    const { setFileStore } = await import("@/lib/storage");
    const { checkFileConsistency } = await import("@/lib/services/attachments/consistency");
    const { cleanupAbandonedUploads } = await import("@/lib/services/attachments/cleanup-abandoned-uploads");
    const { ORPHAN_GRACE_MS } = await import("@/lib/services/attachments/consistency");
    const handle = openPostgres(databaseUrl, { max: 2 });
    setDatabaseHandle(handle);
    setFileStore(store);
    try {
      const before = await checkFileConsistency();
      v.check(before.rowsWithoutFile.length === 0, `no attachment row without its file (${before.rows} rows, ${before.files} files)`, JSON.stringify(before.rowsWithoutFile));
      const partial = await readdir(path.join(storageDir, ".incoming")).catch(() => [] as string[]);
      // The cleanup job as it runs hourly: the first run notes files without a row, the next (an hour on) removes them.
      const first = await cleanupAbandonedUploads();
      const second = await cleanupAbandonedUploads({ now: new Date(Date.now() + ORPHAN_GRACE_MS + 60_000) });
      const after = await checkFileConsistency();
      v.check(
        after.filesWithoutRow.length === 0 && after.rowsWithoutFile.length === 0,
        `after the cleanup job no file without its row (${before.filesWithoutRow.length} left by the kill removed: ${first.orphanFiles + second.orphanFiles}; ${partial.length} partial writes in .incoming, purged by the job after 24 h)`,
        `${after.filesWithoutRow.length} orphan files, ${after.rowsWithoutFile.length} rows without a file`,
      );
      const stillThere = rows.filter((r) => r.committed);
      const gone = (await Promise.all(stillThere.map(async (r) => ((await store.exists(r.storage_key)) ? 0 : 1)))).reduce<number>((a, b) => a + b, 0);
      v.check(gone === 0, `the cleanup kept every file of a saved task (${stillThere.length})`, `${gone} removed`);
    } finally {
      setDatabaseHandle(undefined);
      setFileStore(undefined);
      await handle.close();
    }

    // The restarted app serves the user as before.
    const [clerk] = pairs[0]!;
    const again = new UserSession(app.url, clerk.username);
    await again.login();
    const page = await again.fetch(`/tasks/${creates[0]!.taskId}`);
    v.check(page.status === 200 && (await page.text()).includes("故障演练 kill-9"), "after the restart a signed-in user opens an acknowledged task", `HTTP ${page.status}`);
  } finally {
    await app?.stop();
    await sql.end();
  }
  return v;
}
