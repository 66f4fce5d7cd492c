import type { NextConfig } from "next";
import { serverActionsKeyRefusal } from "./scripts/start-checks.mjs";

// Server actions are found by ids Next derives from this key, and their closures are encrypted with it. Set
// (the same) at build time on every build when app servers are built apart from one another; unset, one build
// artifact copied to every server shares its generated key (README: 多台应用服务器).
const actionsKeyRefusal = serverActionsKeyRefusal(process.env.NEXT_SERVER_ACTIONS_ENCRYPTION_KEY);
if (actionsKeyRefusal) throw new Error(actionsKeyRefusal);

const nextConfig: NextConfig = {
  // PGlite ships WASM + data files that must be loaded from node_modules at run time, and argon2 is a
  // native addon: bundling either breaks them (see docs: stack notes).
  // pg-boss (and its `pg` driver) loads its SQL plans and optional native driver at run time.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg-boss", "pg"],
  poweredByHeader: false,
  // Lets several developers (or a test run) build/serve from one checkout without sharing a build dir.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // The test command type-checks with `tsc --noEmit` as its own step; a developer's local build may skip it.
  typescript: { ignoreBuildErrors: process.env.SKIP_BUILD_TYPECHECK === "1" },
  allowedDevOrigins: ["127.0.0.1"],
  experimental: {
    // Every server action (the public login included) takes at most 1 MB: large bodies (the Excel user
    // import, attachments) go to route handlers with their own limits.
    serverActions: { bodySizeLimit: "1mb" },
    // forbidden() → the forbidden.tsx boundary with HTTP 403 (instead of a redirect to a 200 page).
    authInterrupts: true,
  },
};

export default nextConfig;
