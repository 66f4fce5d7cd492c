import { expect } from "vitest";
import { DomainError, type DomainErrorCode } from "@/lib/domain/errors";

/**
 * Awaits a call that must fail with a DomainError and returns it. `code` checks the error code;
 * a string `expected` must appear in the message or a field message, a RegExp must match the message.
 */
export async function expectDomainError(promise: Promise<unknown>, code?: DomainErrorCode, expected?: string | RegExp): Promise<DomainError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${code ?? "a DomainError"}`).toBeInstanceOf(DomainError);
  const domainError = error as DomainError;
  if (code) expect(domainError.code).toBe(code);
  if (typeof expected === "string") expect(domainError.message + JSON.stringify(domainError.fieldErrors ?? {})).toContain(expected);
  else if (expected) expect(domainError.message).toMatch(expected);
  return domainError;
}
