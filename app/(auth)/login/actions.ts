"use server";

import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth/auth";
import { loginRefusalMessage } from "@/lib/domain/login-messages";
import { sameSitePath } from "@/lib/http/same-site-path";
import { MALFORMED_REQUEST } from "@/lib/forms/form-input";

export interface LoginState {
  error?: string;
  username?: string;
}

/** Sign in with username + password; a success redirects, a failure returns the reason in Chinese. */
export async function loginAction(_prev: LoginState, formData: FormData): Promise<LoginState> {
  if (!((formData as unknown) instanceof FormData)) return { error: MALFORMED_REQUEST };
  const username = String(formData.get("username") ?? "").trim();
  const password = String(formData.get("password") ?? "");
  const next = String(formData.get("next") ?? "/");
  if (!username || !password) return { error: "请输入用户名和密码", username };
  const redirectTo = sameSitePath(next);
  try {
    await signIn("credentials", { username, password, redirectTo });
    return {};
  } catch (error) {
    if (error instanceof AuthError && error.type === "CredentialsSignin") {
      return { error: loginRefusalMessage((error as AuthError & { code?: string }).code), username };
    }
    throw error;
  }
}
