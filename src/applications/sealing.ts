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
