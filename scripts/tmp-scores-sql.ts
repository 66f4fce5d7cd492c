import { PgDialect } from "drizzle-orm/pg-core";
import { rankingSql } from "@/lib/data/stats/scores-sql";
const from = process.argv[2]!, to = process.argv[3]!;
const q = new PgDialect().sqlToQuery(rankingSql({ from, to, today: "2026-12-02" }, 100));
let text = q.sql;
q.params.forEach((p, i) => { text = text.replace(new RegExp(`\\$${i + 1}(?!\\d)`), `'${String(p)}'`); });
console.log(text);
