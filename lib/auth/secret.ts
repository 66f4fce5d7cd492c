import { generatedSecret } from "@/lib/generated-secret";

/**
 * AUTH_SECRET signs the session cookies. Production sets it in the environment; a fresh demo machine
 * has none, so one is generated once and kept beside the embedded database (never in the repo).
 */
export function getAuthSecret(): string {
  return process.env.AUTH_SECRET || generatedSecret("auth-secret", 32, "base64url");
}
