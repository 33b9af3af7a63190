/**
 * Sealing personal numbers for storage: a keyed hash to find the record and a ciphertext to
 * show it to authorised staff. Inputs must already be normalised (parseNik().nik, E.164).
 */
import type { Sealed } from './application-types';
import type { PiiCipher } from './pii-crypto';

export function seal(cipher: PiiCipher, value: string): Sealed {
  return { hash: cipher.hash(value), cipher: cipher.encrypt(value) };
}

/** "+62812****7890": enough for staff to recognise a number without reading it out. */
export function maskPhone(e164: string): string {
  if (e164.length <= 10) return `${'*'.repeat(e164.length - 2)}${e164.slice(-2)}`;
  return `${e164.slice(0, 6)}${'*'.repeat(e164.length - 10)}${e164.slice(-4)}`;
}

/**
 * A lookup key that holds personal data (a chat key "whatsapp:62813…@c.us", a provider message
 * id) as stored: a keyed hash (HMAC under DATA_ENCRYPTION_KEY), so equal keys still find each
 * other and nothing without the key can read or enumerate them. `purpose` keeps the uses apart.
 */
export function keyedHash(cipher: PiiCipher, purpose: 'chat' | 'message' | 'outbox-dedupe' | 'webhook-intake', value: string): string {
  return cipher.hash(`${purpose}:${value}`);
}

/** A chat key at rest: one hash for every collection that finds a chat by it. */
export const chatKeyHash = (cipher: PiiCipher, key: string): string => keyedHash(cipher, 'chat', key);

/** An optional value sealed for storage (null stays null): ciphertext only, for fields nothing looks up by. */
export const sealOptional = (cipher: PiiCipher, value: string | null): string | null => (value === null ? null : cipher.encrypt(value));
/** The reverse of sealOptional. */
export const openOptional = (cipher: PiiCipher, token: string | null): string | null => (token === null ? null : cipher.decrypt(token));

/**
 * A MongoDB filter on `field` for keys written in clear before hashing: a chat key always starts
 * with its channel's name and ':' (a keyed hash is 64 hex digits and never does), so one index
 * range per prefix finds them without reading the rest. For start-up migrations.
 */
export function clearKeyRanges(field: string, prefixes: readonly string[]): { $or: Record<string, { $gte: string; $lt: string }>[] } {
  // ';' is the character after ':': the range holds exactly the keys starting with `${prefix}:`.
  return { $or: prefixes.map((p) => ({ [field]: { $gte: `${p}:`, $lt: `${p};` } })) };
}
