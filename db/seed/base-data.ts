/** Realistic defaults for the base-data lists; the admin maintains them in 系统后台. */
export const DEFAULT_EVENT_SOURCES = [
  "区委常委会会议",
  "区政府常务会议",
  "区领导批示",
  "上级交办",
  "人大代表建议",
  "政协委员提案",
  "群众来信来访",
  "媒体曝光",
  "12345 热线",
  "其他",
];

export const DEFAULT_TASK_TYPES = ["会议议定事项", "领导批示件", "专项督查", "重点工作", "建议提案", "民生实事", "其他"];

export const DEFAULT_CATEGORIES: Array<{ name: string; children: string[] }> = [
  { name: "经济发展", children: ["项目建设", "招商引资", "营商环境"] },
  { name: "城市建设管理", children: ["市容环境", "交通秩序", "老旧小区改造"] },
  { name: "民生保障", children: ["教育", "医疗卫生", "社会保障", "就业"] },
  { name: "安全稳定", children: ["安全生产", "信访维稳"] },
  { name: "生态环保", children: [] },
  { name: "党的建设", children: [] },
  { name: "其他", children: [] },
];

export const DEFAULT_URGENCY_LEVELS = [
  { code: "normal", name: "一般件", color: "#16a34a" },
  { code: "urgent", name: "紧急件", color: "#d97706" },
  { code: "critical", name: "特急件", color: "#dc2626" },
];

export const DEFAULT_SETTINGS: Record<string, unknown> = {
  systemName: "渝中区督查督办系统",
  taskNoPattern: "渝中督〔{year}〕{seq}号",
};
