import "server-only";
import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { systemSettings } from "@/db/schema";
import { DEFAULT_SETTINGS } from "@/db/seed/base-data";

export async function getSetting<T>(key: string, fallback: T): Promise<T> {
  const [row] = await getDb().select({ value: systemSettings.value }).from(systemSettings).where(eq(systemSettings.key, key));
  return (row?.value as T | undefined) ?? fallback;
}

export function getSystemName(): Promise<string> {
  return getSetting("systemName", DEFAULT_SETTINGS.systemName as string);
}
