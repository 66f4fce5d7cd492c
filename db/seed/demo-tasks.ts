import { randomUUID } from "node:crypto";
import { addDays, todayInShanghai } from "@/lib/domain/work-calendar";
import { and, asc, count, eq, isNull } from "drizzle-orm";
import type { Database } from "../client";
import { assignments, departments, eventSources, taskCategories, tasks, taskTypes, urgencyLevels } from "../schema";
import { loadActorByUsername } from "@/lib/services/actors";
import {
  archiveTask,
  createTask,
  dispatchTask,
  handleAssignment,
  receiveAssignment,
  reportUp,
  reviewReport,
  signTask,
  signUnitReport,
  submitFeedback,
  submitTask,
} from "@/lib/services/tasks";
import type { Actor } from "@/lib/domain/policy";

/** YYYY-MM-DD in Asia/Shanghai, `days` from now. */
function shanghaiDate(days: number, now = new Date()): string {
  return addDays(todayInShanghai(now), days);
}

/**
 * A handful of demo tasks at different stages, so that a fresh demo shows every list with something in
 * it. They are made through the real service verbs (history, numbers and notifications included),
 * by the demo users. Only for a database without tasks; never part of the test fixtures.
 */
export async function seedDemoTasks(db: Database): Promise<number> {
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(tasks);
  if (n > 0) return 0;

  const actor = async (username: string): Promise<Actor> => {
    const found = await loadActorByUsername(db, username);
    if (!found) throw new Error(`演示用户 ${username} 不存在`);
    return found;
  };
  const unit = async (name: string) => (await db.select({ id: departments.id }).from(departments).where(eq(departments.name, name)))[0]!.id;
  const first = async <T extends { id: string }>(rows: Promise<T[]>) => (await rows)[0]!.id;
  const urgency = async (code: string) => first(db.select({ id: urgencyLevels.id }).from(urgencyLevels).where(eq(urgencyLevels.code, code)));
  const sourceId = await first(db.select({ id: eventSources.id }).from(eventSources).orderBy(asc(eventSources.sortOrder)).limit(1));
  const typeId = await first(db.select({ id: taskTypes.id }).from(taskTypes).orderBy(asc(taskTypes.sortOrder)).limit(1));
  const category = async (name: string) =>
    first(db.select({ id: taskCategories.id }).from(taskCategories).where(and(eq(taskCategories.name, name), isNull(taskCategories.parentId))));

  // Every step names the version it acts on, as the page does.
  const tv = async (id: string) => (await db.select({ v: tasks.version }).from(tasks).where(eq(tasks.id, id)))[0]!.v;
  const av = async (id: string) => (await db.select({ v: assignments.version }).from(assignments).where(eq(assignments.id, id)))[0]!.v;

  const clerk = await actor("dcs_jbr");
  const leader = await actor("dcs_ld");
  const register = async (fields: { title: string; content: string; requirements: string; category: string; urgency: string; days: number; lead: string; co?: string[] }) =>
    createTask(clerk, {
      title: fields.title,
      content: fields.content,
      requirements: fields.requirements,
      sourceId,
      categoryId: await category(fields.category),
      taskTypeId: typeId,
      urgencyId: await urgency(fields.urgency),
      deadline: shanghaiDate(fields.days),
      feedbackMode: "final_only",
      leadUnitId: await unit(fields.lead),
      coUnitIds: await Promise.all((fields.co ?? []).map(unit)),
      attachmentIds: [],
      requestId: randomUUID(),
    });
  const signAndDispatch = async (id: string) => {
    await submitTask(clerk, { id, reviewerId: leader.userId, version: await tv(id) });
    await signTask(leader, { id, opinion: "同意交办", version: await tv(id) });
    return dispatchTask(clerk, { id, version: await tv(id) });
  };

  // 1. A draft the clerk is still writing.
  await register({
    title: "校园周边食品安全专项检查",
    content: "开展全区中小学校园周边食品经营单位专项检查，整治无证经营和过期食品销售。",
    requirements: "检查情况和整改台账于期限前报送。",
    category: "民生保障",
    urgency: "normal",
    days: 30,
    lead: "区市场监管局",
    co: ["区教委"],
  });

  // 2. Waiting on the office leader's sign-off.
  const inReview = await register({
    title: "解放碑步行街夜间经济提升",
    content: "落实区政府常务会议要求，提升解放碑步行街夜间消费环境，完善外摆和灯光秀管理。",
    requirements: "制定工作方案，明确时间节点。",
    category: "经济发展",
    urgency: "urgent",
    days: 20,
    lead: "解放碑街道",
    co: ["区商务委"],
  });
  await submitTask(clerk, { id: inReview.id, reviewerId: leader.userId, opinion: "请审签", version: await tv(inReview.id) });

  // 3. Dispatched: the lead unit's leader has the handling text to sign, the co-unit has not received yet.
  const elevators = await register({
    title: "老旧小区加装电梯推进",
    content: "加快推进辖区老旧小区加装电梯工作，按月报送进展，年底前完成年度目标。",
    requirements: "办结时附加装清单和照片。",
    category: "城市建设管理",
    urgency: "critical",
    days: 2,
    lead: "区住房城乡建委",
    co: ["区城市管理局"],
  });
  const dispatched = await signAndDispatch(elevators.id);
  const zj = dispatched.assignments.find((a) => a.role === "lead")!.id;
  const zjClerk = await actor("zj_jbr");
  const zjLeader = await actor("zj_ld");
  await receiveAssignment(zjClerk, { assignmentId: zj, version: await av(zj) });
  await handleAssignment(zjClerk, { assignmentId: zj, kind: "final", body: "已完成 12 个小区的摸排，8 部电梯已开工。", signerId: zjLeader.userId, version: await av(zj) });

  // 4. Dispatched: the unit fed back directly and the office has the report to review.
  const traffic = await register({
    title: "校园周边交通秩序整治",
    content: "开学季校园周边交通拥堵，请牵头开展专项整治，范围为全区中小学校门口 200 米内。",
    requirements: "于期限前书面反馈整治情况。",
    category: "城市建设管理",
    urgency: "normal",
    days: 15,
    lead: "区教委",
  });
  const trafficDispatched = await signAndDispatch(traffic.id);
  const jw = trafficDispatched.assignments[0]!.id;
  const jwClerk = await actor("jw_jbr");
  await receiveAssignment(jwClerk, { assignmentId: jw, version: await av(jw) });
  await submitFeedback(jwClerk, { assignmentId: jw, kind: "final", body: "已联合交巡警在 26 所学校门口设置护学岗，高峰时段拥堵明显缓解。", version: await av(jw) });

  // 5. Finished and archived, through the unit leader's sign-off.
  const stairs = await register({
    title: "朝天门片区消防通道清理",
    content: "清理朝天门片区居民楼消防通道堆放杂物，建立长效巡查机制。",
    requirements: "办结时附清理前后对比照片。",
    category: "安全稳定",
    urgency: "urgent",
    days: 10,
    lead: "朝天门街道",
  });
  const stairsDispatched = await signAndDispatch(stairs.id);
  const ctm = stairsDispatched.assignments[0]!.id;
  const ctmClerk = await actor("ctm_jbr");
  const ctmLeader = await actor("ctm_ld");
  await receiveAssignment(ctmClerk, { assignmentId: ctm, version: await av(ctm) });
  await handleAssignment(ctmClerk, { assignmentId: ctm, kind: "final", body: "已清理 43 栋楼的消防通道，建立网格员每周巡查制度。", signerId: ctmLeader.userId, version: await av(ctm) });
  await signUnitReport(ctmLeader, { assignmentId: ctm, opinion: "同意上报", version: await av(ctm) });
  await reportUp(ctmClerk, { assignmentId: ctm, version: await av(ctm) });
  await reviewReport(clerk, { assignmentId: ctm, decision: "accept_final", opinion: "办结", version: await av(ctm) });
  await archiveTask(clerk, { id: stairs.id, version: await tv(stairs.id) });

  // The verbs refuse past deadlines, as they should; one overdue task shows the red warning light.
  // The light goes by each assignment's deadline and the task's due date, so all three move.
  await db.update(tasks).set({ deadline: shanghaiDate(-3), dueOn: shanghaiDate(-3) }).where(eq(tasks.id, traffic.id));
  await db.update(assignments).set({ deadline: shanghaiDate(-3) }).where(eq(assignments.taskId, traffic.id));
  return 5;
}
