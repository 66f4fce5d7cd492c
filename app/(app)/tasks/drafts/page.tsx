import type { Metadata } from "next";
import Link from "next/link";
import { requirePermission } from "@/lib/auth/viewer";
import type { SearchParams } from "@/lib/data/task-filters";
import { TaskQueue } from "@/components/tasks/task-queue";
import { buttonClass } from "@/components/ui/button";
import { Notice } from "@/components/ui/card";

export const metadata: Metadata = { title: "登记草稿" };

export default async function DraftsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const viewer = await requirePermission("task.register");
  const raw = await searchParams;
  return (
    <>
      {raw.deleted && (
        <div className="mx-auto mb-3 max-w-7xl">
          <Notice tone="success">草稿已删除。</Notice>
        </div>
      )}
      <TaskQueue
        viewer={viewer}
        kind="drafts"
        pathname="/tasks/drafts"
        raw={raw}
        title="登记草稿"
        description="尚未提交或被领导退回的督办事项，修改后可重新提交审签"
        emptyTitle="暂无草稿或退回的督办事项"
        actions={
          <Link href="/tasks/new" className={buttonClass("primary")}>
            督办登记
          </Link>
        }
      />
    </>
  );
}
