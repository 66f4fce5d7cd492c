import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname, ".") } },
  test: {
    projects: [
      {
        extends: true,
        // Generous timeouts: the exhaustive tables and whole-year calendar sweeps are fast alone but share
        // two cores with builds on developer machines; a timeout there would be noise, not a finding.
        test: { name: "unit", include: ["lib/**/*.test.ts", "db/**/*.test.ts"], exclude: ["**/*.int.test.ts"], environment: "node", testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: "int",
          include: ["lib/**/*.int.test.ts", "db/**/*.int.test.ts"],
          // *.pg.int.test.ts need the PostgreSQL server (several processes on one database): collected only with
          // DATABASE_URL, so the PGlite pass neither runs nor reports them as skipped; the server pass runs them.
          exclude: process.env.DATABASE_URL ? [] : ["**/*.pg.int.test.ts"],
          environment: "node",
          setupFiles: ["test/int-setup.ts"],
          // One migrated, seeded template database per run, copied by each test file (test/test-db.ts).
          globalSetup: ["test/db-template.global.ts"],
          // next-auth imports "next/server" without an extension (fine under Next's bundler, not Node's ESM):
          // inlined, Vite resolves it, so lib/auth/cookies.int.test.ts can call the real Auth.js route handlers.
          server: { deps: { inline: ["next-auth"] } },
          // PGlite costs ~400 MB and seconds per instance: one per file, two files at a time on 2 cores.
          maxWorkers: 2,
          testTimeout: 60_000,
          // Migrating and seeding a fresh database per file takes seconds alone, minutes on a loaded machine.
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
