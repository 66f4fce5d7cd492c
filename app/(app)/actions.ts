"use server";

import { headers } from "next/headers";
import { signOut } from "@/lib/auth/auth";
import { getViewer } from "@/lib/auth/viewer";
import { clientIp } from "@/lib/auth/request-meta";
import { logout } from "@/lib/services/auth/logout";

/** 用户注销: ends the user's sessions everywhere, records it, returns to the login page. */
export async function logoutAction(): Promise<void> {
  const viewer = await getViewer();
  if (viewer) {
    const h = await headers();
    await logout(viewer, { ip: clientIp(h), userAgent: h.get("user-agent") });
  }
  await signOut({ redirectTo: "/login?signedOut=1" });
}
