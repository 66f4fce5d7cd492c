import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import postgres from "postgres";
import type { TestProject } from "vitest/node";

/**
 * Vitest globalSetup of the int project: one migrated, seeded (demo organisation) template database per
 * run, which test/test-db.ts copies for every test file instead of migrating and seeding again — that
 * took most of the int stage's time (≈ 10–25 s per file on PGlite, ≈ 3 s on the server, 50 + files).
 * The copy is the same database the slow path builds, made by the same migrations and seed code.
 */
export interface DbTemplate {
  /** PGlite: the dumped data folder; server: the template database's name. */
  pgliteDump?: string;
  database?: string;
  /** The keys the seed signed and sealed with; a test file that sets other keys takes the slow path. */
  keyFingerprint: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    dbTemplate: DbTemplate | null;
  }
}

/** What of the environment the seeded rows depend on (audit chain HMAC, sealed mobile numbers). */
export function keyFingerprint(env: NodeJS.ProcessEnv = process.env): string {
  const parts = ["AUDIT_HMAC_KEY", "AUDIT_HMAC_KEYS_OLD", "PII_KEY", "PII_KEY_ID", "PII_OLD_KEYS"].map((name) => `${name}=${env[name] ?? ""}`);
  return createHash("sha256").update(parts.join("\n")).digest("hex");
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.DATABASE_URL;
  const folder = serverUrl ? undefined : await mkdtemp(path.join(os.tmpdir(), "dcdb-int-template-"));
  const target = folder ? path.join(folder, "template.tar") : `dcdb_template_${randomBytes(6).toString("hex")}`;
  const started = Date.now();
  await promisify(execFile)("npx", ["tsx", "--conditions=react-server", "test/db-template-build.ts", target], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: process.env,
    maxBuffer: 16 * 1024 * 1024,
  });
  console.info(`[int] template database ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${serverUrl ? "PostgreSQL server" : "PGlite"})`);
  project.provide("dbTemplate", { ...(folder ? { pgliteDump: target } : { database: target }), keyFingerprint: keyFingerprint() });
  return async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
    if (serverUrl) {
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`DROP DATABASE IF EXISTS ${target} WITH (FORCE)`);
      await admin.end();
    }
  };
}
