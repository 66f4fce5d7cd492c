import { defineConfig } from "drizzle-kit";

// Migrations are generated from the schema and committed; they are applied by `npm run db:migrate`
// (db/migrate.ts), which works on both PGlite and the PostgreSQL server.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
});
