/**
 * A configuration check run once at server start (instrumentation.ts): when `check` throws, the process
 * logs the reason (a Chinese sentence naming the variable) and exits, rather than starting a server whose
 * every login or upload would later fail. Next's register() swallows a thrown error, so exiting is the
 * only way to stop the start from there.
 */
export function requireConfig(tag: string, check: () => unknown): void {
  try {
    check();
  } catch (error) {
    console.error(`[${tag}] ${error instanceof Error ? error.message : String(error)}。服务未启动。`);
    process.exit(1);
  }
}
