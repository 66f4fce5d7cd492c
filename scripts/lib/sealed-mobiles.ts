import type postgres from "postgres";
import { encryptPii, mobileIndex } from "@/lib/crypto/pii";

/**
 * Generated users get their mobile numbers here rather than in the set-based INSERT: SQL has no SM4, and the
 * database refuses a clear number (migration 0021). `mobileOf` derives each number from the username.
 */
export async function sealGeneratedMobiles(db: postgres.Sql, usernameLike: string, mobileOf: (username: string) => string | null): Promise<number> {
  const rows = await db<{ id: string; username: string }[]>`SELECT id::text AS id, username FROM users WHERE username LIKE ${usernameLike} AND mobile IS NULL ORDER BY id`;
  let done = 0;
  for (let i = 0; i < rows.length; i += 2000) {
    const slice = rows.slice(i, i + 2000).flatMap((r) => {
      const mobile = mobileOf(r.username);
      return mobile ? [{ id: r.id, mobile: encryptPii(mobile), index: mobileIndex(mobile)! }] : [];
    });
    if (slice.length === 0) continue;
    await db`UPDATE users u SET mobile = v.m, mobile_index = v.i
             FROM unnest(${slice.map((s) => s.id)}::uuid[], ${slice.map((s) => s.mobile)}::text[], ${slice.map((s) => s.index)}::text[]) AS v(id, m, i)
             WHERE u.id = v.id`;
    done += slice.length;
  }
  return done;
}

/** 'x_jbr_12' → prefix + 24, 'x_ld_12' → prefix + 25 (the numbering the generators always used). */
export function unitMobile(prefix: string, username: string): string | null {
  const m = /_(jbr|ld)_(\d+)$/.exec(username);
  if (!m) return null;
  return prefix + String(Number(m[2]) * 2 + (m[1] === "ld" ? 1 : 0)).padStart(8, "0");
}
