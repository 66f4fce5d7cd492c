"use server";

import { revalidatePath } from "next/cache";
import { actingViewer } from "@/lib/auth/viewer";
import { requestMeta } from "@/lib/auth/request-context";
import { runAction, type ActionResult } from "@/lib/action-result";
import { formInput } from "@/lib/forms/form-input";
import { adjustScore, answerObjection, publishScoreMonth, raiseObjection } from "@/lib/services/stats";

/** Adapters: identity and permission here, scope and rules in the verbs (lib/services/stats). */
async function run<T>(permission: "stats.view" | "stats.manage", fn: (viewer: Awaited<ReturnType<typeof actingViewer>>) => Promise<T>, message: string): Promise<ActionResult<T>> {
  const result = await runAction(async () => fn(await actingViewer(permission)), message);
  if (result.ok) revalidatePath("/stats/scores", "layout");
  return result;
}

export async function adjustScoreAction(_prev: unknown, formData: FormData) {
  return run("stats.manage", async (v) => adjustScore(v, formInput(formData), await requestMeta()), "已录入");
}

export async function publishScoreMonthAction(month: string) {
  return run("stats.manage", async (v) => publishScoreMonth(v, { month }, await requestMeta()), `已发布 ${month} 的绩效排名`);
}

export async function raiseObjectionAction(_prev: unknown, formData: FormData) {
  return run("stats.view", async (v) => raiseObjection(v, formInput(formData), await requestMeta()), "申诉已提交，等待督查室答复");
}

export async function answerObjectionAction(_prev: unknown, formData: FormData) {
  return run("stats.manage", async (v) => answerObjection(v, formInput(formData), await requestMeta()), "已答复");
}
