"use server";

import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth/auth";

export interface LoginState {
  error?: string;
  username?: string;
}

function refusalMessage(code: string | undefined): string {
  if (code?.startsWith("locked")) {
    const minutes = code.split(":")[1];
    return `连续登录失败次数过多，账号已锁定，请 ${minutes ?? "稍后"} 分钟后再试，或联系信息中心解锁`;
  }
  if (code?.startsWith("throttled")) return `登录尝试过于频繁，请 ${code.split(":")[1] ?? "稍后"} 分钟后再试`;
  if (code === "disabled") return "该账号已停用，请联系信息中心";
  return "用户名或密码错误";
}

/** Sign in with username + password; a success redirects, a failure returns the reason in Chinese. */
export async function loginAction(_prev: LoginState, formData: FormData): Promise<LoginState> {
  const username = String(formData.get("username") ?? "").trim();
  const password = String(formData.get("password") ?? "");
  const next = String(formData.get("next") ?? "/");
  if (!username || !password) return { error: "请输入用户名和密码", username };
  // Only same-site paths: an open redirect after login is a phishing aid.
  const redirectTo = next.startsWith("/") && !next.startsWith("//") ? next : "/";
  try {
    await signIn("credentials", { username, password, redirectTo });
    return {};
  } catch (error) {
    if (error instanceof AuthError && error.type === "CredentialsSignin") {
      return { error: refusalMessage((error as AuthError & { code?: string }).code), username };
    }
    throw error;
  }
}
