import type { DbOrTx } from "../client";
import { seedRules } from "./base-data";
import { seedCalendar } from "./calendar";

/** Reminder and scoring rule defaults, and the PRC holiday calendar of this year and the next. */
export async function seedBackOffice(db: DbOrTx): Promise<void> {
  await seedRules(db);
  await seedCalendar(db);
}
