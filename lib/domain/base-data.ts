/** The four base-data lists the admin maintains (基础数据), in the order the back office shows them. */
export const BASE_DATA_LISTS = ["sources", "categories", "types", "urgencies"] as const;
export type BaseDataList = (typeof BASE_DATA_LISTS)[number];

export const BASE_DATA_LIST_LABELS: Record<BaseDataList, string> = {
  sources: "事件来源",
  categories: "事项类别",
  types: "办件类型",
  urgencies: "紧急程度",
};

export function isBaseDataList(value: string): value is BaseDataList {
  return (BASE_DATA_LISTS as readonly string[]).includes(value);
}

/**
 * The new order of a list of sibling ids after moving one up or down; null when it is already first or
 * last (or not in the list).
 */
export function moveInOrder(ids: readonly string[], id: string, direction: "up" | "down"): string[] | null {
  const i = ids.indexOf(id);
  const j = direction === "up" ? i - 1 : i + 1;
  if (i < 0 || j < 0 || j >= ids.length) return null;
  const next = [...ids];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
}
