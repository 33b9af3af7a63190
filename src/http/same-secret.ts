/**
 * Comparing a presented secret (API token, CSRF token) with the expected one in constant time,
 * so response timing tells a guesser nothing. An empty or missing value never matches.
 */
import { timingSafeEqual } from 'node:crypto';

export function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string' || given.length === 0 || expected.length === 0) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
