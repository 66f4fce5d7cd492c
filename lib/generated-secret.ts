import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

/**
 * A secret a demo machine needs but production sets in the environment (AUTH_SECRET, PII_KEY, AUDIT_HMAC_KEY):
 * generated once into `$DATA_DIR/<name>` (mode 600, never in the repo) and read back on every later start.
 * `wx` makes the first writer win when two processes start at once; the other reads what it wrote.
 */
export function generatedSecret(name: string, bytes: number, encoding: "base64url" | "hex"): string {
  const file = path.join(env.dataDir, name);
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(env.dataDir, { recursive: true });
    const secret = randomBytes(bytes).toString(encoding);
    try {
      writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
      return secret;
    } catch {
      // Another process created it first: use theirs.
      return readFileSync(file, "utf8").trim();
    }
  }
}
