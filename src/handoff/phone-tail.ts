/**
 * Finding a chat by the last digits of its number without the number in clear at rest: each
 * handoff carries a keyed hash of its number's last 4 digits (`phoneTail`, HMAC under
 * DATA_ENCRYPTION_KEY), indexed. A search hashes the last 4 digits typed, reads the handoffs with
 * that hash through the index (about one number in 10,000 shares them), opens their sealed
 * numbers and keeps those that really end in everything typed. Without the key the hash says
 * only that two numbers end alike; with it, 4 digits are easy to guess — which is why it is a
 * pointer to records that are themselves sealed, never the number.
 */
import type { PiiCipher } from '../applications/pii-crypto';

export const TAIL_DIGITS = 4;

/** Written for a handoff without a number (a WhatsApp @lid chat): never equal to a hash, and not null, so start-up knows it was done. */
export const NO_PHONE_TAIL = '';

export const phoneTailHash = (cipher: PiiCipher, digits: string): string => cipher.hash(`phone-tail:${digits.slice(-TAIL_DIGITS)}`);

/** The value stored for a handoff with this number (E.164 or null). */
export const phoneTailOf = (cipher: PiiCipher, phone: string | null): string => {
  const digits = phone?.replace(/\D/g, '') ?? '';
  return digits.length >= TAIL_DIGITS ? phoneTailHash(cipher, digits) : NO_PHONE_TAIL;
};

export type NumberQuery = { tail: string; matches: (phone: string, masked: string) => boolean };

/**
 * A search text read as a number: "0001", "0813 7770 0003", "+62 813-7770-0003" (its last digits),
 * or a masked "+62813****0003" as the desk shows it. Null when it is not a number, or has fewer
 * than 4 digits at its end.
 */
export function numberQuery(q: string): NumberQuery | null {
  const compact = q.replace(/[\s\-()]/g, '');
  if (!/^\+?[\d*]+$/.test(compact)) return null;
  const tail = /(\d+)$/.exec(compact)?.[1] ?? '';
  if (tail.length < TAIL_DIGITS) return null;
  // A masked number typed or pasted is compared as masked: its hidden digits match nothing else.
  if (compact.includes('*')) return { tail, matches: (_phone, masked) => masked.includes(compact) };
  const typed = compact.replace(/\D/g, '');
  return {
    tail,
    matches: (phone) => {
      const digits = phone.replace(/\D/g, '');
      return digits.endsWith(typed) || digits.replace(/^62/, '0').endsWith(typed);
    },
  };
}

/** Digits (or a masked number) too short to search by. */
export const tooShortNumber = (q: string): boolean => /^[\s\d+*\-()]+$/.test(q) && numberQuery(q) === null;
