import "server-only";
import { cookies } from "next/headers";
import { FONT_SIZE_COOKIE, parseFontSize, type FontSize } from "@/lib/domain/font-size";

/** This browser's 字号 choice (标准 when unset or unreadable). */
export async function requestFontSize(): Promise<FontSize> {
  return parseFontSize((await cookies()).get(FONT_SIZE_COOKIE)?.value);
}
