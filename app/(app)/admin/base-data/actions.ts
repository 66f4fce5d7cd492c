"use server";

import { revalidatePath } from "next/cache";
import { actingViewer } from "@/lib/auth/viewer";
import { runAction, type ActionResult } from "@/lib/action-result";
import { validation } from "@/lib/domain/errors";
import { isBaseDataList, type BaseDataList } from "@/lib/domain/base-data";
import { createBaseDataEntry } from "@/lib/services/admin/base-data/create-base-data-entry";
import { updateBaseDataEntry } from "@/lib/services/admin/base-data/update-base-data-entry";
import { setBaseDataEnabled } from "@/lib/services/admin/base-data/set-base-data-enabled";
import { moveBaseDataEntry } from "@/lib/services/admin/base-data/move-base-data-entry";
import { deleteBaseDataEntry } from "@/lib/services/admin/base-data/delete-base-data-entry";
import { formInput } from "@/lib/forms/form-input";
import { requestMeta } from "@/lib/auth/request-context";

function listOf(value: unknown): BaseDataList {
  if (typeof value !== "string" || !isBaseDataList(value)) throw validation("参数错误，请刷新后重试");
  return value;
}

function done(list: BaseDataList) {
  revalidatePath(`/admin/base-data/${list}`);
  // New-task forms read the enabled entries.
  revalidatePath("/tasks", "layout");
}

export async function createEntryAction(_prev: unknown, formData: FormData): Promise<ActionResult<{ id: string }>> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.basedata");
    const input = formInput(formData);
    const list = listOf(input.list);
    const result = await createBaseDataEntry(viewer, list, input, await requestMeta());
    done(list);
    return result;
  }, "已添加");
}

export async function renameEntryAction(_prev: unknown, formData: FormData): Promise<ActionResult<{ version: number }>> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.basedata");
    const input = formInput(formData);
    const list = listOf(input.list);
    const result = await updateBaseDataEntry(viewer, list, input, await requestMeta());
    done(list);
    return result;
  }, "已保存");
}

export async function setEntryEnabledAction(input: { list: string; id: string; version: number; enabled: boolean }): Promise<ActionResult> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.basedata");
    const list = listOf(input?.list);
    await setBaseDataEnabled(viewer, list, input, await requestMeta());
    done(list);
  }, input?.enabled ? "已启用" : "已停用：新建督办事项时不再可选，已有事项不受影响");
}

export async function moveEntryAction(input: { list: string; id: string; version: number; direction: "up" | "down" }): Promise<ActionResult> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.basedata");
    const list = listOf(input?.list);
    await moveBaseDataEntry(viewer, list, input, await requestMeta());
    done(list);
  });
}

export async function deleteEntryAction(input: { list: string; id: string; version: number }): Promise<ActionResult> {
  return runAction(async () => {
    const viewer = await actingViewer("admin.basedata");
    const list = listOf(input?.list);
    await deleteBaseDataEntry(viewer, list, input, await requestMeta());
    done(list);
  }, "已删除");
}
