import { customType } from "drizzle-orm/pg-core";
import { decryptPii, encryptPii } from "@/lib/crypto/pii";

/**
 * A text column holding personal data sealed with SM4 (lib/crypto/sm4-field.ts): every write through
 * Drizzle seals the value with the current key, every read opens it (and refuses a tampered or clear
 * value). SQL sees only ciphertext, so never compare or search it in SQL: exact search goes through the
 * blind index column beside it (`mobile_index`).
 */
export const encryptedText = customType<{ data: string; driverData: string }>({
  dataType: () => "text",
  toDriver: (value) => encryptPii(value),
  fromDriver: (value) => decryptPii(value),
});
