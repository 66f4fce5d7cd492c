import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/viewer";
import { loadTaskDetail } from "../load-task";
import { getTaskFormOptions } from "@/lib/data/task-form";
import { unitsWithoutReceiver } from "@/lib/data/unit-receivers";
import { checkTaskTransition } from "@/lib/domain/workflow/transitions";
import { Notice, PageHeader } from "@/components/ui/card";
import { TaskForm } from "@/components/tasks/task-form";
import { ReportUploader } from "@/components/tasks/report-uploader";
import { updateTaskAction } from "../../actions";

export const metadata: Metadata = { title: "修改督办事项" };

export default async function EditTaskPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requirePermission("task.register");
  const { id } = await params;
  const task = await loadTaskDetail(viewer, id);
  if (!task) notFound();
  const check = checkTaskTransition(viewer, task, "edit");
  if (!check.ok) {
    return (
      <div className="mx-auto max-w-3xl">
        <PageHeader title="修改督办事项" />
        <Notice tone="warning" testId="edit-refused">
          {check.message}
        </Notice>
      </div>
    );
  }
  const lead = task.units.find((u) => u.role === "lead");
  const [options, unreachable] = await Promise.all([
    getTaskFormOptions({
      sourceId: task.sourceId,
      categoryId: task.categoryId,
      taskTypeId: task.taskTypeId,
      urgencyId: task.urgencyId,
      unitIds: task.units.map((u) => u.departmentId),
    }),
    unitsWithoutReceiver(),
  ]);
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title="修改督办事项" description={task.status === "returned" ? "修改后请重新提交审签" : "修改草稿"} />
      <TaskForm
        action={updateTaskAction}
        options={options}
        existingFiles={task.attachments}
        unitsWithoutReceiver={unreachable.map((u) => u.id)}
        uploader={<ReportUploader />}
        cancelHref={`/tasks/${task.id}`}
        initial={{
          id: task.id,
          version: task.version,
          title: task.title,
          content: task.content,
          requirements: task.requirements,
          sourceId: task.sourceId ?? "",
          categoryId: task.categoryId ?? "",
          taskTypeId: task.taskTypeId ?? "",
          urgencyId: task.urgencyId,
          deadline: task.deadline,
          instructionBy: task.instructionBy ?? "",
          instructionAt: task.instructionAt ?? "",
          instructionText: task.instructionText ?? "",
          feedbackMode: task.feedbackMode,
          progressIntervalDays: task.progressIntervalDays ? String(task.progressIntervalDays) : "",
          leadUnitId: lead?.departmentId ?? "",
          coUnitIds: task.units.filter((u) => u.role === "co").map((u) => u.departmentId),
        }}
      />
    </div>
  );
}
