import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { z } from "zod";

/**
 * One backup is one folder `dcdb-backup-<UTC time>/` (written as `….partial` and renamed when complete, so a
 * folder with that name is always whole):
 *   manifest.json        this file's schema: what the backup holds and the SHA-256 of every other file
 *   database.dump        PostgreSQL server: `pg_dump -Fc` of the database
 *   pglite-data.tar.gz   embedded PGlite: its data directory (`dumpDataDir`), loaded by `loadDataDir`
 *   files/<storage key>  every stored attachment file a row of the dumped database points to
 * No secret is in it: AUTH_SECRET, PII_KEY and AUDIT_HMAC_KEY are kept (and restored) apart.
 */
export const MANIFEST_FORMAT = "dcdb-backup/1";
export const MANIFEST_FILE = "manifest.json";
export const FILES_FOLDER = "files";
export const DATABASE_FILES = { postgres: "database.dump", pglite: "pglite-data.tar.gz" } as const;

/**
 * A storage key as it may appear as a file name in the archive. Stores make their own keys (32 hex digits
 * today, on disk and in S3); this only keeps a key from naming a path outside `files/`.
 */
export const ARCHIVE_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,199}$/;

const fileEntry = z.object({ key: z.string().regex(ARCHIVE_KEY), size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

const problem = z.object({
  attachmentId: z.string(),
  key: z.string(),
  filename: z.string(),
  /** missing: the row's file was not in the store; deleted: its row was deleted while the backup ran; mismatch: bytes differ from the row's SHA-256. */
  problem: z.enum(["missing", "deleted", "mismatch"]),
});

export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  createdAt: z.string(),
  app: z.object({ name: z.string(), version: z.string() }),
  /** Migrations applied to the dumped database (drizzle's journal), so a restore can refuse a newer schema. */
  migrations: z.object({ applied: z.number().int().nonnegative(), latest: z.string().nullable() }),
  database: z.object({
    kind: z.enum(["postgres", "pglite"]),
    file: z.string(),
    size: z.number().int().nonnegative(),
    sha256: z.string(),
    /** `select version()` of the source. */
    serverVersion: z.string(),
    serverMajor: z.number().int(),
    /** PostgreSQL only: the pg_dump that wrote the archive (pg_restore must be this major or newer). */
    pgDumpVersion: z.string().optional(),
    pgDumpMajor: z.number().int().optional(),
  }),
  /** Rows of every table of the public schema in the dumped snapshot. */
  counts: z.record(z.string(), z.number().int().nonnegative()),
  files: z.array(fileEntry),
  problems: z.array(problem),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type FileEntry = z.infer<typeof fileEntry>;
export type FileProblem = z.infer<typeof problem>;

/** The tables whose counts the summaries name, with their names in the manual. */
export const COUNT_LABELS: Record<string, string> = {
  tasks: "督办事项",
  assignments: "承办任务",
  reports: "反馈报告",
  task_events: "流转记录",
  audit_logs: "操作日志",
  attachments: "附件记录",
  users: "用户",
};

export async function sha256File(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), size };
}

export const SECRETS_REMINDER =
  "提醒：备份不含密钥。恢复后的系统必须使用与原系统相同的 PII_KEY（手机号加密，缺失则手机号无法解密）和 AUDIT_HMAC_KEY" +
  "（操作日志与流转记录的完整性校验链）；AUTH_SECRET 不同只会让所有人重新登录。请把密钥与备份分开保管，恢复后运行 npm run audit:verify 校验。";
