import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname, ".") } },
  test: {
    projects: [
      {
        extends: true,
        test: { name: "unit", include: ["lib/**/*.test.ts", "db/**/*.test.ts"], exclude: ["**/*.int.test.ts"], environment: "node" },
      },
      {
        extends: true,
        test: {
          name: "int",
          include: ["lib/**/*.int.test.ts", "db/**/*.int.test.ts"],
          environment: "node",
          setupFiles: ["test/int-setup.ts"],
          // PGlite costs ~400 MB and seconds per instance: one per file, two files at a time on 2 cores.
          maxWorkers: 2,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
