import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/viewer";
import { loadTaskDetail } from "./load-task";

/**
 * Answers "not found" for a task outside the viewer's scope before anything streams: the pages below
 * show a loading skeleton (a Suspense boundary), and a notFound() thrown behind one can no longer
 * change the HTTP status from 200 to 404. The pages still check for themselves.
 */
export default async function TaskLayout({ children, params }: { children: React.ReactNode; params: Promise<{ id: string }> }) {
  const viewer = await requirePermission("task.view");
  const { id } = await params;
  if (!(await loadTaskDetail(viewer, id))) notFound();
  return children;
}
