import { NextResponse } from "next/server";
import { ssoConfig } from "@/lib/auth/sso/config";
import { casLoginUrl, casServiceUrl } from "@/lib/auth/sso/cas";
import { signInFromOa, toLogin } from "@/lib/auth/sso/entry";
import { sameSitePath } from "@/lib/http/same-site-path";

export const dynamic = "force-dynamic";

/**
 * CAS entry (the OA portal links here): without a ticket, off to the OA's CAS login; with one, the ticket is
 * validated with the OA for exactly this service URL and the linked user is signed in.
 */
export async function GET(request: Request) {
  const cas = ssoConfig().cas;
  if (!cas) return toLogin("not_configured");
  const params = new URL(request.url).searchParams;
  const next = sameSitePath(params.get("next"));
  const ticket = params.get("ticket");
  if (!ticket) return NextResponse.redirect(casLoginUrl(cas, casServiceUrl(cas, next)), 303);
  return signInFromOa("cas", { ticket, next }, next);
}
