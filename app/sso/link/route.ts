import { ssoConfig } from "@/lib/auth/sso/config";
import { signInFromOa, toLogin } from "@/lib/auth/sso/entry";
import { sameSitePath } from "@/lib/http/same-site-path";

export const dynamic = "force-dynamic";

/** The OA's signed entry link: /sso/link?user=…&ts=…&nonce=…&sig=…[&next=/path] (README "OA 单点登录"). */
export async function GET(request: Request) {
  if (!ssoConfig().link) return toLogin("not_configured");
  const params = new URL(request.url).searchParams;
  const field = (name: string) => params.get(name) ?? "";
  const next = sameSitePath(params.get("next"));
  return signInFromOa("oa-link", { user: field("user"), ts: field("ts"), nonce: field("nonce"), sig: field("sig") }, next);
}
