import "server-only";
import { headers } from "next/headers";
import { clientIp } from "@/lib/auth/request-meta";
import type { RequestMeta } from "@/lib/services/validation";

/** Who is calling from where, for the audit log: the one helper every server action uses. */
export async function requestMeta(): Promise<RequestMeta> {
  const h = await headers();
  return { ip: clientIp(h), userAgent: h.get("user-agent") };
}
