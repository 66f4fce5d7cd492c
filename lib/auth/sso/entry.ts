import "server-only";
import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth/auth";
import { STATIC_SECURITY_HEADERS } from "@/lib/http/security-headers";

/**
 * Back to the login page with a reason it explains in Chinese (lib/domain/sso/messages.ts). A relative
 * Location, so it holds behind a reverse proxy whatever address the app itself was reached on.
 */
export function toLogin(code: string): Response {
  return new Response(null, {
    status: 303,
    headers: { Location: `/login?sso=${encodeURIComponent(code)}`, "Cache-Control": "no-store", ...STATIC_SECURITY_HEADERS },
  });
}

/**
 * Signs in through one of the OA's providers from a route handler. A success is a redirect thrown by
 * Auth.js (with the session cookie set), which must propagate; a refusal comes back as the provider's code.
 */
export async function signInFromOa(provider: string, fields: Record<string, string>, redirectTo: string): Promise<Response> {
  try {
    await signIn(provider, { ...fields, redirectTo });
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code;
      return toLogin(error.type === "CredentialsSignin" && code ? code : "failed");
    }
    throw error;
  }
  return toLogin("failed");
}
