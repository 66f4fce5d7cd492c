/**
 * Builds the int tests' template database once per run (called by test/db-template.global.ts in a child
 * process, so the app modules load under the react-server condition as in every script). Migrating and
 * seeding a database costs ≈ 10–25 s on PGlite and ≈ 3 s on the server; each test file then starts from a
 * copy of this one instead (PGlite: a data-folder dump loaded into memory; server: CREATE DATABASE …
 * TEMPLATE). Prints one JSON line: the template's location.
 */
import { writeFile } from "node:fs/promises";
import postgres from "postgres";
import { openPglite, openPostgres } from "@/db/client";
import { runMigrations } from "@/db/migrator";
import { seedAll } from "@/db/seed/seed";

async function main(): Promise<void> {
  const [target] = process.argv.slice(2);
  if (!target) throw new Error("usage: db-template-build <pglite dump file | template database name>");
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`CREATE DATABASE ${target}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${target}`;
    const handle = openPostgres(url.toString(), { max: 2 });
    await runMigrations(handle);
    await seedAll(handle.db, { demo: true });
    // Nobody may stay connected to a template while it is copied.
    await handle.close();
  } else {
    const handle = openPglite();
    await runMigrations(handle);
    await seedAll(handle.db, { demo: true });
    const dump = await handle.pglite!.dumpDataDir("none");
    await writeFile(target, Buffer.from(await dump.arrayBuffer()));
    await handle.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
