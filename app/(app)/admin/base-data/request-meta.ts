import "server-only";
import { headers } from "next/headers";
import { clientIp } from "@/lib/auth/request-meta";
import type { RequestMeta } from "@/lib/services/admin/base-data/shared";

/** Who is calling from where, for the audit log of the back-office pages (base data, rules, calendar, settings). */
export async function requestMeta(): Promise<RequestMeta> {
  const h = await headers();
  return { ip: clientIp(h), userAgent: h.get("user-agent") };
}

/** FormData → plain object for a service; `multi` fields (checkbox groups) become arrays. */
export function formObject(formData: FormData, multi: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    if (key.startsWith("$ACTION")) continue;
    out[key] = multi.includes(key) ? formData.getAll(key).filter((v) => typeof v === "string") : formData.get(key);
  }
  for (const key of multi) out[key] ??= [];
  return out;
}
