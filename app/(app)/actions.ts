"use server";

import { auth, signOut } from "@/lib/auth/auth";
import { getViewer } from "@/lib/auth/viewer";
import { requestMeta } from "@/lib/auth/request-context";
import { logout } from "@/lib/services/auth/logout";

/**
 * 用户注销: ends the user's sessions everywhere, records it, returns to the login page — which, after an OA
 * single sign-on, offers the OA's own logout too (`oa=<method>`).
 */
export async function logoutAction(): Promise<void> {
  const [viewer, session] = await Promise.all([getViewer(), auth()]);
  if (viewer) await logout(viewer, await requestMeta());
  const via = (session as { via?: string } | null)?.via;
  const oa = via === "oidc" || via === "cas" || via === "link" ? `&oa=${via}` : "";
  await signOut({ redirectTo: `/login?signedOut=1${oa}` });
}
