/**
 * Why a login was refused, in the words the user reads on the login page — one table for the password form
 * and for every OA single sign-on entry (their refusals come back as /login?sso=<code>).
 */
const BACK_TO_OA = "请回到 OA 门户重新点击“督查工作系统入口”";

const MESSAGES: Record<string, string> = {
  invalid: "用户名或密码错误",
  disabled: "该账号已停用，请联系信息中心",
  password_login_off: "系统已关闭密码登录，请从 OA 门户的“督查工作系统入口”进入督查系统",
  // Manual §2.8.1: the OA knows the person, this system does not.
  unknown_user: "您的账号在督查系统中不存在，请联系信息中心添加您单位的账号",
  missing_claim: "OA 没有提供您的账号信息，无法登录，请联系信息中心",
  link_malformed: `OA 登录链接不完整，${BACK_TO_OA}`,
  link_bad_signature: `OA 登录链接无效（签名不符），${BACK_TO_OA}`,
  link_expired: `OA 登录链接已过期，${BACK_TO_OA}`,
  link_replayed: `该 OA 登录链接已使用过，${BACK_TO_OA}`,
  ticket_rejected: `OA 登录凭据无效或已过期，${BACK_TO_OA}`,
  oa_unavailable: "暂时无法连接 OA 认证服务，请稍后重试，或使用用户名和密码登录",
  not_configured: "本系统未开通该 OA 单点登录方式，请使用用户名和密码登录",
  failed: "OA 单点登录未成功，请重试；如仍不成功请联系信息中心",
  // The second step: the same words whether the code is wrong, old or already used.
  totp_invalid: "动态口令不正确或已使用过，请输入验证器上当前显示的 6 位数字",
};

/** `locked:<minutes>` and `throttled:<minutes>` carry how long to wait. */
export function loginRefusalMessage(code: string | undefined | null): string {
  if (code?.startsWith("locked")) {
    const minutes = code.split(":")[1];
    return `连续登录失败次数过多，账号已锁定，请 ${minutes || "稍后"} 分钟后再试，或联系信息中心解锁`;
  }
  if (code?.startsWith("throttled")) return `登录尝试过于频繁，请 ${code.split(":")[1] || "稍后"} 分钟后再试`;
  return (code && Object.hasOwn(MESSAGES, code) ? MESSAGES[code] : undefined) ?? MESSAGES.invalid!;
}

/** A code from the address bar (anyone can type one): only a known code gets its message, anything else the generic OA failure. */
export function ssoRefusalMessage(code: string): string {
  if (/^(locked|throttled):\d{1,5}$/.test(code) || (Object.hasOwn(MESSAGES, code) && code !== "invalid")) return loginRefusalMessage(code);
  return MESSAGES.failed!;
}
