/** Types of scripts/start-checks.mjs (plain JavaScript so that server.mjs can load it before Next). */
export declare function startRefusals(env: Record<string, string | undefined>, role?: "app" | "worker"): string[];
export declare function refuseToStartOnError(env?: Record<string, string | undefined>, role?: "app" | "worker"): void;
export declare function serverActionsKeyRefusal(raw: string | undefined): string | null;
