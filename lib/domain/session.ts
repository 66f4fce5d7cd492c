import type { Actor } from "./policy";

/** Idle expiry: a session unused for longer than the idle limit is over, whatever the cookie says. */
export function isIdleExpired(lastSeenMs: number | undefined, nowMs: number, idleMinutes: number): boolean {
  if (lastSeenMs === undefined) return true;
  return nowMs - lastSeenMs > idleMinutes * 60_000;
}

/**
 * Only 密码修改 / 动态口令 enrolment are open: a forced change, an expired password, or an admin who must enrol.
 * Pure, so route handlers and tests use it without the session machinery.
 */
export function restrictedReason(viewer: Pick<Actor, "mustChangePassword" | "passwordExpired" | "mustEnrollTotp">): "password" | "totp" | null {
  if (viewer.mustChangePassword || viewer.passwordExpired) return "password";
  if (viewer.mustEnrollTotp) return "totp";
  return null;
}

/** How a session began (user_sessions.method, the audit log's login detail), in the words users read. */
export const LOGIN_METHOD_LABELS: Record<string, string> = {
  password: "用户名密码",
  oidc: "OA 单点登录（OpenID Connect）",
  cas: "OA 单点登录（CAS）",
  link: "OA 签名链接",
};

const BROWSERS: Array<[RegExp, string]> = [
  [/wxwork\//i, "企业微信"],
  [/MicroMessenger\//i, "微信"],
  [/QQBrowser\//i, "QQ 浏览器"],
  [/Edg(e|A|iOS)?\//, "Edge"],
  [/Firefox\/|FxiOS\//, "Firefox"],
  [/Chrome\/|CriOS\//, "Chrome"],
  [/Safari\//, "Safari"],
];
const SYSTEMS: Array<[RegExp, string]> = [
  [/Windows/, "Windows 电脑"],
  [/Android/, "Android 手机"],
  [/iPhone/, "iPhone"],
  [/iPad/, "iPad"],
  [/Mac OS X|Macintosh/, "Mac 电脑"],
  [/Linux/, "Linux 电脑"],
];

/** 我的登录会话: a browser's User-Agent as a person recognises it ("Chrome · Windows 电脑"), not the raw header. */
export function describeUserAgent(userAgent: string | null | undefined): string {
  if (!userAgent) return "未知浏览器";
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  return [browser ?? "其他浏览器", system].filter(Boolean).join(" · ");
}
