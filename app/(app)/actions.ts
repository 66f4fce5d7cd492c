"use server";

import { signOut } from "@/lib/auth/auth";
import { getViewer } from "@/lib/auth/viewer";
import { requestMeta } from "@/lib/auth/request-context";
import { logout } from "@/lib/services/auth/logout";

/** 用户注销: ends the user's sessions everywhere, records it, returns to the login page. */
export async function logoutAction(): Promise<void> {
  const viewer = await getViewer();
  if (viewer) await logout(viewer, await requestMeta());
  await signOut({ redirectTo: "/login?signedOut=1" });
}
