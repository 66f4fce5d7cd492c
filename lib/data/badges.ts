import "server-only";
import type { Actor } from "@/lib/domain/policy";
import { countTodo } from "@/lib/data/todo";
import { countUnread } from "@/lib/data/inbox";

/** The header's counts: 待办事项 and unread 我的消息. One function for the layout and /api/badges. */
export async function headerCounts(viewer: Actor): Promise<{ todo: number; unread: number }> {
  const [todo, unread] = await Promise.all([countTodo(viewer), countUnread(viewer)]);
  return { todo, unread };
}
