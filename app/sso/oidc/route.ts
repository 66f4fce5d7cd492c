import { ssoConfig } from "@/lib/auth/sso/config";
import { signInFromOa, toLogin } from "@/lib/auth/sso/entry";
import { sameSitePath } from "@/lib/http/same-site-path";

export const dynamic = "force-dynamic";

/** OpenID Connect entry the OA portal can link to: starts the authorization-code flow with the OA. */
export async function GET(request: Request) {
  if (!ssoConfig().oidc) return toLogin("not_configured");
  return signInFromOa("oa", {}, sameSitePath(new URL(request.url).searchParams.get("next")));
}
