import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";
import drizzle from "eslint-plugin-drizzle";

/**
 * Import boundaries (issue 7): the layers only depend downwards. ESLint applies one
 * `no-restricted-imports` setting per file (later blocks replace earlier ones), so each block lists
 * every restriction that applies to its files.
 */
const radixDialog = {
  name: "radix-ui",
  importNames: ["Dialog"],
  message: "对话框请直接使用 @radix-ui/react-dialog（import * as Dialog from \"@radix-ui/react-dialog\"）。",
};
const noSeed = { group: ["@/db/seed", "@/db/seed/*", "**/db/seed", "**/db/seed/*"], message: "Runtime code must not depend on seed scripts: put shared values in lib/domain or lib/services." };
const noApp = { group: ["@/app/*", "**/app/*"], message: "components/ must not import from app/: pass what they need as props." };
const noDb = { group: ["@/db", "@/db/*", "**/db/*"], message: "lib/domain is pure: no database imports (put value lists in lib/domain and let db/schema import them)." };
const restrict = (...patterns) => ["error", { paths: [radixDialog], patterns }];

const config = [
  ...next,
  ...nextTs,
  { ignores: [".next*/**", "node_modules/**", "data*/**", "storage/**", "e2e/.auth/**", "db/migrations/**", "next-env.d.ts", "test-results/**", "playwright-report/**"] },
  { rules: { "no-restricted-imports": restrict() } },
  { files: ["app/**", "lib/**", "components/**", "proxy.ts"], rules: { "no-restricted-imports": restrict(noSeed) } },
  { files: ["components/**"], rules: { "no-restricted-imports": restrict(noSeed, noApp) } },
  { files: ["lib/domain/**"], rules: { "no-restricted-imports": restrict(noSeed, noDb) } },
  // Tests may build fixtures with the seed (a test is not runtime code).
  { files: ["**/*.test.ts", "**/*.int.test.ts", "lib/services/tasks/test-fixtures.ts"], rules: { "no-restricted-imports": restrict() } },
  {
    // Type-aware rules only where they pay: a floating promise is an unhandled rejection or a write
    // that is not awaited inside its transaction.
    files: ["**/*.ts", "**/*.tsx"],
    ignores: ["*.config.*"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "@typescript-eslint": tseslint.plugin },
    rules: { "@typescript-eslint/no-floating-promises": "error" },
  },
  {
    // A delete or update without WHERE rewrites the whole table. Our drizzle handles are named db,
    // tx (inside transactions) and getDb().
    plugins: { drizzle },
    rules: {
      "drizzle/enforce-delete-with-where": ["error", { drizzleObjectName: ["db", "tx", "getDb"] }],
      "drizzle/enforce-update-with-where": ["error", { drizzleObjectName: ["db", "tx", "getDb"] }],
    },
  },
];

export default config;
