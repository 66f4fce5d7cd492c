import { format } from "node:util";
import { redactMobiles } from "@/lib/domain/messages";

/** Credentials as they appear in error texts and headers: `Bearer …`, `Basic …`, password=…/token=… pairs. */
const SECRET_PATTERNS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, "$1 [已隐藏]"],
  [/\b(password|passwd|pwd|token|secret|client_secret|access_token|refresh_token|id_token)(["']?\s*[:=]\s*["']?)[^\s"'&,}]+/gi, "$1$2[已隐藏]"],
];

/** A log line with whole mobile numbers masked and credentials hidden. */
export function redactLogLine(line: string): string {
  let out = redactMobiles(line);
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

const installed = Symbol.for("dcdb.redactConsole");

/**
 * The last line of defence for the server log (个人信息与鉴别信息不入日志): every console line — including an
 * error's message and stack from a driver or library — is formatted once and passed through `redactLogLine`.
 * Installed at process start (instrumentation.ts, the worker); the code itself already logs masked values.
 */
export function installConsoleRedaction(target: Console = console): void {
  const marked = target as Console & { [installed]?: boolean };
  if (marked[installed]) return;
  marked[installed] = true;
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    const original = target[level].bind(target);
    target[level] = (...args: unknown[]) => original(redactLogLine(format(...args)));
  }
}
