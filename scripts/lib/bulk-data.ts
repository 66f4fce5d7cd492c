/**
 * The realistic-data loader behind `npm run db:generate -- --assignments N` (scripts/generate-data.ts) and the
 * list/statistics benchmarks. Everything is set-based SQL (INSERT … SELECT generate_series): no row passes
 * through Node, so 1 000 000 assignments take minutes, not hours.
 *
 * What it writes, on top of the seeded base data and demo organisation (their ids are reused: sources,
 * categories, types, urgencies, roles, the demo office staff and units):
 * - units up to `units` (default 1 000) under the three seeded groups (区级部门 / 街道 / 国有企业, with their kind),
 *   each with a clerk (经办人) and a leader; office clerks in proportion (one per 50 000 assignments, ≥ 2);
 * - tasks created over the 10 years ending today, each with 1–5 units (one lead, the rest co), in every task
 *   state (old ones mostly archived, recent ones in registration, review, dispatch and handling);
 * - for dispatched tasks one assignment per unit in every assignment state consistent with its task, with
 *   timestamps in order (created ≤ signed ≤ dispatched ≤ received ≤ reported ≤ completed ≤ archived ≤ now);
 * - reports (the last revision) for reported / reworked / completed assignments, approved
 *   延期申请 in every state (8 % approved, each moving its deadline 7–30 days; 2 % rejected, returned or withdrawn; 1 % of
 *   the open assignments with one waiting on the unit leader or the office), 催办 rows (urge_count matches), and 流转记录
 *   (task_events) for every step taken.
 * Deterministic per run (setseed) but not across PostgreSQL versions. All generated tasks' numbers start with
 * GENERATED_PREFIX, which is how a second run recognises an already filled database.
 */
import type postgres from "postgres";
import { sealGeneratedMobiles, unitMobile } from "./sealed-mobiles";

export const GENERATED_PREFIX = "渝中督生";

export interface BulkOptions {
  assignments: number;
  units?: number;
  /** Progress lines (step name and seconds). */
  log?: (line: string) => void;
}

/** Topics and actions the titles are made of: a two-character word like 教育 hits a few percent of the tasks. */
const TOPICS = [
  "教育", "医疗", "养老", "交通", "环境", "消防", "电梯加装", "老旧小区", "背街小巷", "停车难", "垃圾分类", "噪声扰民",
  "食品安全", "安全生产", "防汛抗旱", "就业创业", "营商环境", "招商引资", "文化旅游", "城市更新", "社区治理", "信访积案",
  "民生实事", "乡村振兴", "生态保护", "河长制", "大气污染", "燃气安全", "校园周边", "菜市场改造", "公厕改造", "夜间经济",
  "数字政府", "政务服务", "历史街区", "山城步道", "轨道交通", "学位供给", "托育服务", "残疾人帮扶",
];
const ACTIONS = ["推进", "整治", "落实", "督办", "排查", "提升", "规范", "协调解决", "加快建设", "专项治理"];
const SUFFIXES = ["工作", "问题", "事项", "行动", "任务"];
const PLACES = ["解放碑", "朝天门", "七星岗", "大溪沟", "上清寺", "两路口", "菜园坝", "南纪门", "石油路", "大坪", "化龙桥", "较场口"];

const sqlArray = (values: string[]) => `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(",")}]::text[]`;

export async function bulkLoad(db: postgres.Sql, options: BulkOptions): Promise<void> {
  const log = options.log ?? (() => {});
  const units = options.units ?? 1000;
  // 3 units per task on average; the ≈7 % never dispatched are offset by the lead-first rounding (measured: 3.0 assignments per task).
  const tasks = Math.max(10, Math.round(options.assignments / 3));
  const officeClerks = Math.max(2, Math.round(options.assignments / 50_000));
  const step = async (name: string, text: string) => {
    const t0 = performance.now();
    await db.unsafe(text);
    log(`  ${name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  };

  // Consistent by construction: skip the per-row foreign-key triggers for this session's bulk inserts.
  await db.unsafe(`SET session_replication_role = replica`);
  await db.unsafe(`SET jit = off`);
  await db.unsafe(`SELECT setseed(0.2026)`);

  await step(
    "单位",
    `INSERT INTO departments (name, short_name, kind, parent_id, sort_order)
     SELECT CASE g.kind WHEN 'subdistrict' THEN '生成社区' || lpad(g.n::text, 4, '0') || '街道'
                         WHEN 'state_enterprise' THEN '生成国企' || lpad(g.n::text, 4, '0') || '有限公司'
                         ELSE '区生成部门' || lpad(g.n::text, 4, '0') END,
            '生成' || g.n, g.kind::department_kind, p.id, 100 + g.n
     FROM (SELECT n, (ARRAY['district_department', 'subdistrict', 'state_enterprise'])[1 + n % 3] AS kind
           FROM generate_series(1, greatest(0, ${units} - (SELECT count(*) FROM departments WHERE NOT is_group AND kind NOT IN ('office', 'other')))) n) g
     JOIN departments p ON p.is_group AND p.parent_id IS NULL AND p.kind = g.kind::department_kind`,
  );
  // Everyone generated signs in with the demo password (the hash of a demo account is reused).
  await step(
    "用户",
    `WITH h AS (SELECT password_hash FROM users WHERE username = 'dcs_jbr'),
          d AS (SELECT id, sort_order FROM departments WHERE name LIKE '%生成%' AND NOT is_group),
          office AS (SELECT id FROM departments WHERE kind = 'office' ORDER BY sort_order LIMIT 1),
          u AS (
            INSERT INTO users (username, display_name, department_id, sms_recipient, password_hash, sort_order)
            SELECT 'gen_' || r || '_' || d.sort_order, CASE r WHEN 'jbr' THEN '经办人' ELSE '领导' END || d.sort_order, d.id,
                   true, h.password_hash, 1000 + d.sort_order
            FROM d CROSS JOIN (VALUES ('jbr'), ('ld')) AS roles(r) CROSS JOIN h
            UNION ALL
            SELECT 'gen_dcs_' || g, '督查室经办人' || g, office.id, false, h.password_hash, 900 + g
            FROM generate_series(1, ${officeClerks}) g, office, h
            RETURNING id, username)
     INSERT INTO user_roles (user_id, role_id)
     SELECT u.id, r.id FROM u JOIN roles r ON r.code = CASE WHEN u.username LIKE 'gen_dcs_%' THEN 'office_clerk'
                                                            WHEN u.username LIKE 'gen_jbr_%' THEN 'unit_clerk' ELSE 'unit_leader' END`,
  );

  // Their mobile numbers (137… per unit, 136… for office clerks), sealed with SM4 in the application.
  await sealGeneratedMobiles(db, "gen\\_%", (u) => (u.startsWith("gen_dcs_") ? `136${u.slice(8).padStart(8, "0")}` : unitMobile("137", u)));

  // One work table of the tasks to create: their state, times and units, decided once so that every later
  // insert (tasks, task_units, assignments, events) agrees.
  await step(
    "任务计划",
    `CREATE TEMP TABLE gen_tasks AS
     WITH base AS (
       SELECT g AS n,
              -- Uniform over 10 years ending today (g = ${tasks} is the newest); minutes spread within the day.
              (now() - ((${tasks} - g)::float8 / ${tasks} * 3650 + 0.05) * interval '1 day' - (random() * 8) * interval '1 hour') AS created_at,
              random() AS r, random() AS r2, 1 + floor(random() * 5)::int AS k, floor(random() * 1000000)::int AS pick
       FROM generate_series(1, ${tasks}) g),
     aged AS (SELECT *, extract(epoch FROM now() - created_at) / 86400 AS age FROM base)
     SELECT n, created_at, k, pick, r2, gen_random_uuid() AS id,
       CASE
         WHEN age < 3 THEN (CASE WHEN r < 0.4 THEN 'draft' WHEN r < 0.7 THEN 'in_review' WHEN r < 0.8 THEN 'returned' ELSE 'signed' END)
         WHEN age < 30 THEN (CASE WHEN r < 0.03 THEN 'draft' WHEN r < 0.05 THEN 'in_review' WHEN r < 0.06 THEN 'returned'
                                  WHEN r < 0.08 THEN 'signed' WHEN r < 0.09 THEN 'cancelled' WHEN r < 0.95 THEN 'in_progress' ELSE 'completed' END)
         WHEN age < 365 THEN (CASE WHEN r < 0.03 THEN 'cancelled' WHEN r < 0.35 THEN 'in_progress' WHEN r < 0.5 THEN 'completed' ELSE 'archived' END)
         ELSE (CASE WHEN r < 0.03 THEN 'cancelled' WHEN r < 0.05 THEN 'in_progress' WHEN r < 0.07 THEN 'completed' ELSE 'archived' END)
       END::task_status AS status,
       -- Deadlines 10–90 days after registration.
       (created_at AT TIME ZONE 'Asia/Shanghai')::date + 10 + floor(r2 * 80)::int AS deadline
     FROM aged`,
  );
  await db.unsafe(`ALTER TABLE gen_tasks ADD PRIMARY KEY (n)`);
  await step(
    "任务",
    `WITH u AS (SELECT array_agg(id ORDER BY sort_order) AS ids FROM urgency_levels),
          s AS (SELECT array_agg(id ORDER BY sort_order, name) AS ids FROM event_sources),
          c AS (SELECT array_agg(id ORDER BY sort_order, name) AS ids FROM task_categories),
          t AS (SELECT array_agg(id ORDER BY sort_order, name) AS ids FROM task_types),
          k AS (SELECT array_agg(u.id ORDER BY u.username) AS ids FROM users u JOIN user_roles ur ON ur.user_id = u.id
                JOIN roles r ON r.id = ur.role_id WHERE r.code = 'office_clerk'),
          l AS (SELECT array_agg(u.id ORDER BY u.username) AS ids FROM users u JOIN user_roles ur ON ur.user_id = u.id
                JOIN roles r ON r.id = ur.role_id WHERE r.code = 'office_leader'),
          w AS (SELECT ${sqlArray(TOPICS)} AS topics, ${sqlArray(ACTIONS)} AS actions, ${sqlArray(SUFFIXES)} AS suffixes, ${sqlArray(PLACES)} AS places)
     INSERT INTO tasks (id, task_no, title, content, requirements, source_id, category_id, task_type_id, urgency_id, deadline, due_on,
                        feedback_mode, progress_interval_days, status, current_reviewer_id, creator_id, signed_by_id, signed_at,
                        dispatched_at, completed_at, archived_at, cancelled_at, cancel_reason, created_at, updated_at)
     SELECT g.id,
       CASE WHEN g.status NOT IN ('draft', 'in_review', 'returned')
            THEN '${GENERATED_PREFIX}〔' || extract(year FROM g.created_at + interval '1 day')::int || '〕' || g.n || '号' END,
       '关于' || w.places[1 + g.pick % cardinality(w.places)] || w.actions[1 + (g.pick / 7) % cardinality(w.actions)]
         || w.topics[1 + (g.pick / 70) % cardinality(w.topics)] || w.suffixes[1 + (g.pick / 2800) % cardinality(w.suffixes)] || '的督办事项',
       '根据区政府常务会议安排，请承办单位围绕' || w.topics[1 + (g.pick / 70) % cardinality(w.topics)] || '和'
         || w.topics[1 + (g.pick / 13) % cardinality(w.topics)] || '开展工作，明确责任人和时间节点，按期反馈办理情况。',
       '按期反馈，附相关材料',
       s.ids[1 + g.pick % cardinality(s.ids)], c.ids[1 + (g.pick / 3) % cardinality(c.ids)], t.ids[1 + (g.pick / 11) % cardinality(t.ids)],
       u.ids[1 + (CASE WHEN g.r2 < 0.7 THEN 0 WHEN g.r2 < 0.92 THEN 1 ELSE 2 END) % cardinality(u.ids)],
       g.deadline, g.deadline,
       (CASE WHEN g.n % 10 = 0 THEN 'periodic' ELSE 'final_only' END)::feedback_mode, CASE WHEN g.n % 10 = 0 THEN 14 END,
       g.status,
       CASE WHEN g.status = 'in_review' THEN l.ids[1 + g.n % cardinality(l.ids)] END,
       k.ids[1 + g.n % cardinality(k.ids)],
       CASE WHEN g.status NOT IN ('draft', 'in_review', 'returned') THEN l.ids[1 + g.n % cardinality(l.ids)] END,
       CASE WHEN g.status NOT IN ('draft', 'in_review', 'returned') THEN g.created_at + interval '20 hours' END,
       CASE WHEN g.status IN ('in_progress', 'completed', 'archived', 'cancelled') THEN g.created_at + interval '1 day' END,
       NULL, NULL,
       CASE WHEN g.status = 'cancelled' THEN g.created_at + interval '5 days' END,
       CASE WHEN g.status = 'cancelled' THEN '情况变化，不再督办' END,
       g.created_at, g.created_at
     FROM gen_tasks g, u, s, c, t, k, l, w`,
  );
  const unitIds = `(SELECT array_agg(id ORDER BY sort_order, name) AS ids FROM departments WHERE NOT is_group AND kind NOT IN ('office', 'other'))`;
  // k distinct units per task: stride 7 through the unit list from a random start (k ≤ 5, 35 < units).
  await step(
    "承办单位",
    `INSERT INTO task_units (task_id, department_id, role)
     SELECT g.id, d.ids[1 + (g.pick + i * 7) % cardinality(d.ids)], (CASE WHEN i = 0 THEN 'lead' ELSE 'co' END)::unit_role
     FROM gen_tasks g CROSS JOIN LATERAL generate_series(0, g.k - 1) i, ${unitIds} d`,
  );
  // Assignment states follow the task's: cancelled → cancelled, completed/archived → completed, in progress → a
  // mix where the lead unit is never finished yet. Times: received within 2 days of dispatch, completed between
  // 40 % and 120 % of the way to the deadline (so some late), never in the future.
  await step(
    "承办任务",
    `CREATE TEMP TABLE gen_assignments AS
     SELECT gen_random_uuid() AS id, g.id AS task_id, g.n, tu.department_id, tu.role, g.status AS task_status, g.created_at,
            t.dispatched_at, g.deadline AS task_deadline, random() AS r, random() AS r2
     FROM gen_tasks g JOIN tasks t ON t.id = g.id JOIN task_units tu ON tu.task_id = g.id
     WHERE g.status IN ('in_progress', 'completed', 'archived', 'cancelled')`,
  );
  await step(
    "承办任务状态",
    `CREATE TEMP TABLE gen_a AS
     SELECT a.*,
       CASE WHEN a.task_status = 'cancelled' THEN 'cancelled'
            WHEN a.task_status IN ('completed', 'archived') THEN 'completed'
            WHEN a.r < 0.12 THEN 'to_receive' WHEN a.r < 0.55 THEN 'in_progress' WHEN a.r < 0.6 THEN 'awaiting_sign'
            WHEN a.r < 0.62 THEN 'unit_returned' WHEN a.r < 0.65 THEN 'signed' WHEN a.r < 0.8 THEN 'reported' WHEN a.r < 0.84 THEN 'rework'
            WHEN a.role = 'lead' THEN 'in_progress' ELSE 'completed' END::assignment_status AS status,
       -- 8 % had a 延期 approved (7–30 days later); 15 % were urged once or twice.
       CASE WHEN a.r2 < 0.08 THEN 1 ELSE 0 END AS ext,
       CASE WHEN a.r2 > 0.85 THEN 1 + (a.r2 > 0.95)::int ELSE 0 END AS urged,
       least(now() - interval '10 minutes', a.dispatched_at + (0.4 + a.r2 * 0.8) * (a.task_deadline - a.created_at::date) * interval '1 day') AS done_at
     FROM gen_assignments a`,
  );
  await step(
    "承办任务写入",
    `WITH c AS (SELECT department_id, min(u.id::text) FILTER (WHERE u.username LIKE '%jbr%') AS clerk,
                      min(u.id::text) FILTER (WHERE u.username LIKE '%\\_ld%') AS leader
               FROM users u GROUP BY department_id)
     INSERT INTO assignments (id, task_id, department_id, role, status, deadline, extension_count, urge_count, last_urged_at,
                              handler_id, current_signer_id, dispatched_at, received_at, last_reported_at, completed_at, updated_at)
     SELECT a.id, a.task_id, a.department_id, a.role, a.status,
       a.task_deadline + a.ext * (7 + (a.r2 * 1000)::int % 24), a.ext, a.urged,
       CASE WHEN a.urged > 0 THEN a.dispatched_at + interval '3 days' END,
       CASE WHEN a.status NOT IN ('to_receive', 'cancelled') THEN c.clerk::uuid END,
       CASE WHEN a.status = 'awaiting_sign' THEN c.leader::uuid END,
       a.dispatched_at,
       CASE WHEN a.status <> 'to_receive' AND NOT (a.status = 'cancelled' AND a.r < 0.3) THEN a.dispatched_at + interval '5 hours' END,
       CASE WHEN a.status IN ('reported', 'rework', 'completed') THEN a.done_at - interval '1 day' END,
       CASE WHEN a.status = 'completed' THEN a.done_at END,
       coalesce(CASE WHEN a.status = 'completed' THEN a.done_at END, a.dispatched_at)
     FROM gen_a a LEFT JOIN c ON c.department_id = a.department_id`,
  );
  // Task times that depend on its assignments: completed when the last one was, archived a few days later;
  // the due date of an open task is the earliest deadline among its open assignments.
  await step(
    "任务办结时间",
    `UPDATE tasks t SET completed_at = x.done, archived_at = CASE WHEN t.status = 'archived' THEN least(now() - interval '5 minutes', x.done + interval '3 days') END,
            updated_at = coalesce(CASE WHEN t.status = 'archived' THEN least(now() - interval '5 minutes', x.done + interval '3 days') END, x.done)
     FROM (SELECT task_id, max(completed_at) AS done FROM assignments GROUP BY task_id) x
     WHERE x.task_id = t.id AND t.status IN ('completed', 'archived')`,
  );
  await step(
    "任务到期日",
    `UPDATE tasks t SET due_on = x.due
     FROM (SELECT task_id, min(deadline) AS due FROM assignments WHERE status NOT IN ('completed', 'cancelled') GROUP BY task_id) x
     WHERE x.task_id = t.id AND t.status = 'in_progress' AND t.due_on <> x.due`,
  );
  await step(
    "反馈",
    `INSERT INTO reports (assignment_id, task_id, kind, path, revision, body, status, author_id, unit_signer_id, unit_signed_at,
                          submitted_at, reviewed_by_id, reviewed_at, office_opinion, created_at)
     SELECT a.id, a.task_id, 'final', 'direct', 1, '已按要求完成整改，相关情况如下：建立工作台账，明确责任人，按期推进。',
       (CASE a.status WHEN 'completed' THEN 'accepted' WHEN 'reported' THEN 'submitted' ELSE 'returned' END)::report_status,
       a.handler_id, NULL, NULL, a.last_reported_at,
       CASE WHEN a.status IN ('completed', 'rework') THEN (SELECT id FROM users WHERE username = 'dcs_ld') END,
       CASE WHEN a.status IN ('completed', 'rework') THEN coalesce(a.completed_at, a.last_reported_at + interval '12 hours') END,
       CASE a.status WHEN 'completed' THEN '同意办结' WHEN 'rework' THEN '请补充整改材料后重新反馈' END,
       a.last_reported_at
     FROM assignments a JOIN gen_a g ON g.id = a.id
     WHERE a.status IN ('reported', 'rework', 'completed') AND a.handler_id IS NOT NULL`,
  );
  // 延期申请 in every state: the 8 % whose deadline moved were approved (the unit leader forwarded, the office
  // leader agreed); another 2 % were rejected, returned by the unit leader or withdrawn (the deadline unchanged);
  // and 1 % of the open assignments have one waiting — on the unit leader or on the office.
  await step(
    "延期申请",
    `WITH c AS (SELECT department_id, min(u.id::text) FILTER (WHERE u.username LIKE '%\\_ld%') AS leader FROM users u GROUP BY department_id),
          e AS (
            SELECT a.*, g.r2, g.task_deadline, c.leader::uuid AS leader,
              CASE WHEN g.ext = 1 THEN 'approved'
                   WHEN g.r2 >= 0.08 AND g.r2 < 0.085 AND a.status NOT IN ('to_receive', 'cancelled') THEN 'rejected'
                   WHEN g.r2 >= 0.085 AND g.r2 < 0.088 AND a.status NOT IN ('to_receive', 'cancelled') THEN 'returned'
                   WHEN g.r2 >= 0.088 AND g.r2 < 0.09 AND a.status NOT IN ('to_receive', 'cancelled') THEN 'withdrawn'
                   WHEN g.r2 >= 0.09 AND g.r2 < 0.095 AND a.status IN ('in_progress', 'awaiting_sign', 'unit_returned', 'rework') THEN 'awaiting_office'
                   WHEN g.r2 >= 0.095 AND g.r2 < 0.1 AND a.status IN ('in_progress', 'awaiting_sign', 'unit_returned', 'rework') THEN 'awaiting_unit'
              END::extension_status AS ext_status
            FROM assignments a JOIN gen_a g ON g.id = a.id LEFT JOIN c ON c.department_id = a.department_id)
     INSERT INTO extension_requests (assignment_id, task_id, department_id, status, reason, previous_deadline, requested_deadline,
                                     requested_by_id, current_signer_id, unit_signed_by_id, unit_signed_at, unit_opinion, decided_by_id,
                                     decided_at, decision_opinion, approved_deadline, created_at, updated_at)
     SELECT e.id, e.task_id, e.department_id, e.ext_status, '涉及多个部门协调，需延长办理时限',
       CASE WHEN e.ext_status = 'approved' THEN e.task_deadline ELSE e.deadline END,
       CASE WHEN e.ext_status = 'approved' THEN e.deadline ELSE e.deadline + 14 END,
       coalesce(e.handler_id, (SELECT id FROM users WHERE username = 'dcs_jbr')),
       CASE WHEN e.ext_status = 'awaiting_unit' THEN e.leader END,
       CASE WHEN e.ext_status IN ('approved', 'rejected', 'awaiting_office') THEN e.leader END,
       CASE WHEN e.ext_status IN ('approved', 'rejected', 'awaiting_office') THEN e.dispatched_at + interval '2 days' END,
       CASE WHEN e.ext_status = 'returned' THEN '理由不充分，请补充说明' WHEN e.ext_status IN ('approved', 'rejected', 'awaiting_office') THEN '同意，报督查室审批' END,
       CASE WHEN e.ext_status IN ('approved', 'rejected') THEN (SELECT id FROM users WHERE username = 'dcs_ld') END,
       CASE WHEN e.ext_status IN ('approved', 'rejected') THEN e.dispatched_at + interval '3 days' END,
       CASE e.ext_status WHEN 'approved' THEN '同意延期' WHEN 'rejected' THEN '不同意延期，请按原期限办结' END,
       CASE WHEN e.ext_status = 'approved' THEN e.deadline END,
       e.dispatched_at + interval '1 day', e.dispatched_at + interval '3 days'
     FROM e WHERE e.ext_status IS NOT NULL`,
  );
  await step(
    "催办",
    `INSERT INTO urges (assignment_id, task_id, department_id, kind, message, urged_by_id, urged_by_name, created_at, acknowledged_at, acknowledged_by_id)
     SELECT a.id, a.task_id, a.department_id, (CASE WHEN i = 1 THEN 'manual' ELSE 'rule' END)::urge_kind,
       CASE WHEN i = 1 THEN '请加快办理进度，按期反馈。' ELSE '' END,
       CASE WHEN i = 1 THEN (SELECT id FROM users WHERE username = 'dcs_jbr') END, CASE WHEN i = 1 THEN '张敏' ELSE '系统' END,
       a.dispatched_at + i * interval '3 days',
       CASE WHEN a.status <> 'to_receive' THEN a.dispatched_at + i * interval '3 days' + interval '2 hours' END,
       CASE WHEN a.status <> 'to_receive' THEN a.handler_id END
     FROM assignments a JOIN gen_a g ON g.id = a.id CROSS JOIN LATERAL generate_series(1, a.urge_count) i
     WHERE a.urge_count > 0`,
  );
  // 流转记录: the task's steps (登记, 送审, 审签, 交办, 撤销, 归档) and each unit's (接收, 反馈, 办结 / 退回重办, 催办, 延期).
  await step(
    "流转记录",
    `INSERT INTO task_events (task_id, assignment_id, actor_id, actor_name, actor_role, actor_unit_id, actor_unit_name, action, from_state, to_state, opinion, at)
     SELECT t.id, NULL::uuid, t.creator_id, '督查室经办人', '督查室经办人', o.id, '区政府督查室', 'create'::task_event_action, NULL::task_event_state, 'draft'::task_event_state, NULL::text, t.created_at
       FROM tasks t JOIN gen_tasks g ON g.id = t.id, (SELECT id FROM departments WHERE kind = 'office' ORDER BY sort_order LIMIT 1) o
     UNION ALL
     SELECT t.id, NULL, t.creator_id, '督查室经办人', '督查室经办人', o.id, '区政府督查室', 'submit'::task_event_action, 'draft'::task_event_state, 'in_review'::task_event_state, NULL, t.created_at + interval '2 hours'
       FROM tasks t JOIN gen_tasks g ON g.id = t.id, (SELECT id FROM departments WHERE kind = 'office' ORDER BY sort_order LIMIT 1) o
       WHERE t.status <> 'draft'
     UNION ALL
     SELECT t.id, NULL, t.signed_by_id, '督查室领导', '督查室领导', o.id, '区政府督查室', CASE WHEN t.status = 'returned' THEN 'return' ELSE 'sign' END::task_event_action,
            'in_review', CASE WHEN t.status = 'returned' THEN 'returned' ELSE 'signed' END::task_event_state,
            CASE WHEN t.status = 'returned' THEN '请补充办理要求' ELSE '同意' END, coalesce(t.signed_at, t.created_at + interval '20 hours')
       FROM tasks t JOIN gen_tasks g ON g.id = t.id, (SELECT id FROM departments WHERE kind = 'office' ORDER BY sort_order LIMIT 1) o
       WHERE t.status NOT IN ('draft', 'in_review')
     UNION ALL
     SELECT t.id, NULL, t.creator_id, '督查室经办人', '督查室经办人', o.id, '区政府督查室', 'dispatch', 'signed', 'in_progress', NULL, t.dispatched_at
       FROM tasks t JOIN gen_tasks g ON g.id = t.id, (SELECT id FROM departments WHERE kind = 'office' ORDER BY sort_order LIMIT 1) o
       WHERE t.dispatched_at IS NOT NULL
     UNION ALL
     SELECT t.id, NULL, t.creator_id, '督查室经办人', '督查室经办人', o.id, '区政府督查室', 'cancel', 'in_progress', 'cancelled', t.cancel_reason, t.cancelled_at
       FROM tasks t JOIN gen_tasks g ON g.id = t.id, (SELECT id FROM departments WHERE kind = 'office' ORDER BY sort_order LIMIT 1) o
       WHERE t.status = 'cancelled'
     UNION ALL
     SELECT t.id, NULL, t.creator_id, '督查室经办人', '督查室经办人', o.id, '区政府督查室', 'archive', 'completed', 'archived', NULL, t.archived_at
       FROM tasks t JOIN gen_tasks g ON g.id = t.id, (SELECT id FROM departments WHERE kind = 'office' ORDER BY sort_order LIMIT 1) o
       WHERE t.status = 'archived'
     UNION ALL
     SELECT a.task_id, a.id, a.handler_id, '承办单位经办人', '承办单位经办人', a.department_id, '承办单位', 'receive', 'to_receive', 'in_progress', NULL, a.received_at
       FROM assignments a JOIN gen_a g ON g.id = a.id WHERE a.received_at IS NOT NULL
     UNION ALL
     SELECT a.task_id, a.id, a.handler_id, '承办单位经办人', '承办单位经办人', a.department_id, '承办单位', 'feedback', 'in_progress', 'reported', NULL, a.last_reported_at
       FROM assignments a JOIN gen_a g ON g.id = a.id WHERE a.last_reported_at IS NOT NULL
     UNION ALL
     SELECT a.task_id, a.id, (SELECT id FROM users WHERE username = 'dcs_ld'), '督查室领导', '督查室领导', o.id, '区政府督查室',
            CASE WHEN a.status = 'rework' THEN 'return_rework' ELSE 'accept_final' END::task_event_action, 'reported',
            CASE WHEN a.status = 'rework' THEN 'rework' ELSE 'completed' END::task_event_state, NULL,
            coalesce(a.completed_at, a.last_reported_at + interval '12 hours')
       FROM assignments a JOIN gen_a g ON g.id = a.id, (SELECT id FROM departments WHERE kind = 'office' ORDER BY sort_order LIMIT 1) o
       WHERE a.status IN ('completed', 'rework') AND a.last_reported_at IS NOT NULL
     UNION ALL
     -- 延期申请: requested by the clerk; forwarded by the unit leader, or returned / withdrawn; decided by the office.
     SELECT x.task_id, x.assignment_id, x.requested_by_id, '承办单位经办人', '承办单位经办人', x.department_id, '承办单位', 'request_extension', NULL, NULL, x.reason, x.created_at
       FROM extension_requests x JOIN gen_a g ON g.id = x.assignment_id
     UNION ALL
     SELECT x.task_id, x.assignment_id, x.unit_signed_by_id, '承办单位领导', '承办单位领导', x.department_id, '承办单位', 'forward_extension', NULL, NULL, x.unit_opinion, x.unit_signed_at
       FROM extension_requests x JOIN gen_a g ON g.id = x.assignment_id WHERE x.unit_signed_at IS NOT NULL
     UNION ALL
     SELECT x.task_id, x.assignment_id, NULL, '承办单位领导', '承办单位领导', x.department_id, '承办单位', 'return_extension', NULL, NULL, x.unit_opinion, x.updated_at
       FROM extension_requests x JOIN gen_a g ON g.id = x.assignment_id WHERE x.status = 'returned'
     UNION ALL
     SELECT x.task_id, x.assignment_id, x.requested_by_id, '承办单位经办人', '承办单位经办人', x.department_id, '承办单位', 'withdraw_extension', NULL, NULL, NULL, x.updated_at
       FROM extension_requests x JOIN gen_a g ON g.id = x.assignment_id WHERE x.status = 'withdrawn'
     UNION ALL
     SELECT x.task_id, x.assignment_id, x.decided_by_id, '督查室领导', '督查室领导', o.id, '区政府督查室',
            CASE x.status WHEN 'approved' THEN 'approve_extension' ELSE 'reject_extension' END::task_event_action, NULL, NULL, x.decision_opinion, x.decided_at
       FROM extension_requests x JOIN gen_a g ON g.id = x.assignment_id, (SELECT id FROM departments WHERE kind = 'office' ORDER BY sort_order LIMIT 1) o
       WHERE x.status IN ('approved', 'rejected')
     UNION ALL
     SELECT u.task_id, u.assignment_id, u.urged_by_id, u.urged_by_name, '督查室经办人', o.id, '区政府督查室', 'urge', NULL, NULL, u.message, u.created_at
       FROM urges u JOIN gen_a g ON g.id = u.assignment_id, (SELECT id FROM departments WHERE kind = 'office' ORDER BY sort_order LIMIT 1) o`,
  );
  // The triggers that keep 绩效统计's copies (migration 0015) are off with the others: fill them at once.
  await step("统计事实", `SELECT dcdb_assignment_facts_upsert(NULL)`);
  await step("统计月汇总", `SELECT dcdb_month_counts_rebuild(NULL)`);
  await step("绩效计分月汇总", `SELECT dcdb_score_quantities_rebuild(NULL)`);
  await db.unsafe(`SET session_replication_role = DEFAULT`);
  await db.unsafe(`DROP TABLE gen_tasks, gen_assignments, gen_a`);
  // This machine's server runs without autovacuum: without it the planner and index-only scans see a stale heap.
  await step("VACUUM ANALYZE", `VACUUM (ANALYZE)`);
}
