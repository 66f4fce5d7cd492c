import "server-only";
import { cache } from "react";
import { getTaskDetail } from "@/lib/data/tasks/task-detail";

/** One scoped load per request, shared by the [id] layout (which answers 404) and its pages. */
export const loadTaskDetail = cache(getTaskDetail);
