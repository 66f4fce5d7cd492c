import { randomUUID } from "node:crypto";
import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/viewer";
import { getTaskFormOptions } from "@/lib/data/task-form";
import { unitsWithoutReceiver } from "@/lib/data/unit-receivers";
import { PageHeader } from "@/components/ui/card";
import { EMPTY_TASK, TaskForm } from "@/components/tasks/task-form";
import { ReportUploader } from "@/components/tasks/report-uploader";
import { createTaskAction } from "../actions";

export const metadata: Metadata = { title: "督办登记" };

export default async function NewTaskPage() {
  await requirePermission("task.register");
  const [options, unreachable] = await Promise.all([getTaskFormOptions(), unitsWithoutReceiver()]);
  // One id per rendering of the form (this page is rendered per request): submitting it twice finds
  // the first draft instead of registering the task twice.
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title="督办登记" description="登记督办事项，保存为草稿后可提交督查室领导审签" />
      <TaskForm
        action={createTaskAction}
        options={options}
        initial={EMPTY_TASK}
        requestId={randomUUID()}
        uploader={<ReportUploader />}
        cancelHref="/tasks/drafts"
        unitsWithoutReceiver={unreachable.map((u) => u.id)}
      />
    </div>
  );
}
