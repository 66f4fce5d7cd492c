import { randomInt } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { PASSWORD_MIN_LENGTH } from "@/lib/domain/password-policy";

// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes, 1 lane): ~30 ms on this hardware,
// cheap for one login, expensive for an offline guesser.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/**
 * A user without a local password (OA single sign-on only, `passwordHash` null) never matches; the dummy
 * hash is verified instead so that refusal takes as long as a wrong password.
 */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    if (passwordHash === null) {
      await verify(await dummyPasswordHash(), password);
      return false;
    }
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A valid hash of a random string, verified against when the username does not exist so that a
 * wrong username takes as long as a wrong password (no user enumeration by timing).
 */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}`);
  return dummyHash;
}

const LOWER = "abcdefghijkmnpqrstuvwxyz";
const UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ";
const DIGITS = "23456789";
const SYMBOLS = "@#%+=!";

/**
 * A password that satisfies the password policy (temporary ones an admin hands out, the first admin's
 * initial one): every character class, no look-alikes (0/O, 1/l/I), because a person reads it off a
 * screen or a log and types it once.
 */
export function generatePassword(length = Math.max(12, PASSWORD_MIN_LENGTH)): string {
  const pools = [LOWER, UPPER, DIGITS, SYMBOLS];
  const all = pools.join("");
  const chars = pools.map((pool) => pool[randomInt(pool.length)]!);
  while (chars.length < length) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}
