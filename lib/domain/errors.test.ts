import { describe, expect, it } from "vitest";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable, toDomainError } from "./errors";

/** A postgres.js error as a failed statement reports it: the statement's text rides along as `query`. */
function fromQuery(error: Error & { code?: string }) {
  Object.defineProperty(error, "query", { value: "select 1" });
  return error;
}
const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

describe("isDatabaseUnavailable", () => {
  it("recognises a database that is restarting, starting up, unreachable or gone mid-statement", () => {
    expect(isDatabaseUnavailable(coded("57P01", "terminating connection due to administrator command"))).toBe(true);
    expect(isDatabaseUnavailable(coded("57P03", "the database system is starting up"))).toBe(true);
    expect(isDatabaseUnavailable(coded("08006"))).toBe(true);
    expect(isDatabaseUnavailable(coded("CONNECT_TIMEOUT"))).toBe(true);
    expect(isDatabaseUnavailable(coded("CONNECTION_CLOSED"))).toBe(true);
    expect(isDatabaseUnavailable(fromQuery(coded("ECONNREFUSED")))).toBe(true);
    // drizzle wraps the driver's error as `cause`.
    expect(isDatabaseUnavailable(Object.assign(new Error("Failed query"), { query: "select 1", cause: coded("ECONNREFUSED") }))).toBe(true);
  });

  it("leaves other failures alone: a refused SMS gateway or object store, a constraint, a bug", () => {
    expect(isDatabaseUnavailable(coded("ECONNREFUSED"))).toBe(false);
    expect(isDatabaseUnavailable(coded("ENOSPC"))).toBe(false);
    expect(isDatabaseUnavailable(coded("23505"))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });

  it("becomes an UNAVAILABLE domain error with the Chinese message users see", () => {
    const domain = toDomainError(coded("57P01"));
    expect(domain?.code).toBe("UNAVAILABLE");
    expect(domain?.message).toBe(DATABASE_UNAVAILABLE_MESSAGE);
  });
});
