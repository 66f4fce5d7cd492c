/**
 * The screenshots of the 操作手册. One list, read by both sides: the help pages reference a screen by its
 * name, and e2e/help-screenshots.spec.ts captures every one of them from the running system on each e2e run
 * (so a picture never shows a screen that no longer looks like that). lib/help/manual.test.ts fails when a
 * page references a name that is not here or whose file is missing; the spec fails when it did not capture
 * every name listed here.
 */
export type HelpScreenViewport = "desktop" | "phone";

export interface HelpScreenSpec {
  /** What the picture shows, used as its alt text. */
  alt: string;
  viewport: HelpScreenViewport;
}

export const HELP_SCREENS = {
  login: { alt: "登录页面：输入用户名和密码，点击“登 录”", viewport: "desktop" },
  "home-clerk": { alt: "督查室经办人登录后的首页：我的待办、我的信息、常用功能", viewport: "desktop" },
  "task-new": { alt: "督办登记页面：填写事项标题、督办内容、办理时限、主办和协办单位", viewport: "desktop" },
  "task-review": { alt: "督查室领导打开待审签的督办事项，页面上方有审签、审核转交、退回按钮", viewport: "desktop" },
  "task-dispatch": { alt: "已审签的督办事项，督查室经办人点击“交办”", viewport: "desktop" },
  "office-feedback": { alt: "反馈审核：承办单位上报的反馈等待督查室审核", viewport: "desktop" },
  dashboard: { alt: "领导驾驶舱：未办结事项、逾期未办结、办结率、最落后的单位", viewport: "desktop" },
  "unit-assignments": { alt: "任务承办列表：待接收、办理中的承办任务及预警灯", viewport: "desktop" },
  "unit-receive": { alt: "承办单位经办人打开任务，点击“接收”", viewport: "desktop" },
  "unit-handle-dialog": { alt: "承办任务对话框：填写承办内容、上传附件、选择审签的单位领导", viewport: "desktop" },
  "unit-sign": { alt: "承办单位领导审签承办内容：审签、转其他领导审签、退回", viewport: "desktop" },
  "unit-tracking": { alt: "任务详情中的流转记录，逐条显示办理人、环节和意见", viewport: "desktop" },
  "unit-members": { alt: "单位用户信息：本单位人员及短信接收人", viewport: "desktop" },
  notifications: { alt: "督查工作通知：系统发出的短信和站内消息及发送状态", viewport: "desktop" },
  "admin-users": { alt: "用户管理：查询、新增、编辑、停用用户", viewport: "desktop" },
  password: { alt: "密码修改页面，下方可调整字号", viewport: "desktop" },
  "phone-login": { alt: "手机浏览器中的登录页面", viewport: "phone" },
  "phone-home": { alt: "手机上的首页，左上角按钮打开菜单", viewport: "phone" },
  "phone-task": { alt: "手机上查看督办事项详情", viewport: "phone" },
} as const satisfies Record<string, HelpScreenSpec>;

export type HelpScreen = keyof typeof HELP_SCREENS;

export const HELP_SCREEN_NAMES = Object.keys(HELP_SCREENS) as HelpScreen[];

/** Screens are JPEG: a 1280-wide PNG of a busy list is ~250 KB, the same JPEG at quality 70 ~80 KB. */
export const HELP_SCREEN_DIR = "public/help/screens";

export function helpScreenFile(name: HelpScreen): string {
  return `${name}.jpg`;
}

export function helpScreenSrc(name: HelpScreen): string {
  return `/help/screens/${helpScreenFile(name)}`;
}

/** The printable manual, made by the same e2e run from /help/print. */
export const HELP_PDF_PATH = "public/help/manual.pdf";
export const HELP_PDF_HREF = "/help/manual.pdf";
export const HELP_PDF_DOWNLOAD_NAME = "督查督办系统操作手册.pdf";
