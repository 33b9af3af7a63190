/**
 * The receipt's verification code: the proof that someone holds the paper receipt, because
 * the registration number beside it is sequential and can be guessed. Eight characters from
 * an alphabet without look-alikes (no 0/O, 1/I/L, U), drawn with crypto.randomInt: 30^8 ≈ 6.6e11
 * codes, against a handful of guesses per NIK before the NIK is paused. Printed "K7QX-M2PA".
 */
import { randomInt } from 'node:crypto';
import type { Sealed } from './application-types';
import type { PiiCipher } from './pii-crypto';

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 8;
const HAS_DIGIT = /\d/;
const HAS_LETTER = /[A-Z]/;

/** A fresh code. It always mixes digits and letters, so it never reads as a word or a number. */
export function newVerificationCode(): string {
  for (;;) {
    let code = '';
    for (let i = 0; i < LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    if (HAS_DIGIT.test(code) && HAS_LETTER.test(code)) return code;
  }
}

/** "K7QXM2PA" → "K7QX-M2PA": two groups of four are easier to copy from paper. */
export const formatVerificationCode = (code: string) => `${code.slice(0, 4)}-${code.slice(4)}`;

/** The stored form: a keyed hash to compare, a ciphertext for the staff view. Domain-separated from NIK hashes. */
export function sealVerificationCode(cipher: PiiCipher, code: string): Sealed {
  return { hash: verificationCodeHash(cipher, code), cipher: cipher.encrypt(code) };
}

export const verificationCodeHash = (cipher: PiiCipher, code: string) => cipher.hash(`verification-code:${code}`);

/** A code is written as two groups of this many characters. */
const GROUP = LENGTH / 2;
const CANDIDATE = new RegExp(`^[${CODE_ALPHABET}]{${LENGTH}}$`);
/** More than this many code-shaped tokens in one reply is a list of guesses, not an answer. */
const MAX_CANDIDATES = 2;

/**
 * The code-shaped tokens in a reply ("kode saya k7qx m2pa, no reg BJM/2026/00123"): grouped
 * or not, any case. Empty when there are too many, so one message is never many guesses.
 */
export function findVerificationCodes(text: string): string[] {
  const words = text.normalize('NFKC').toUpperCase().split(/[^A-Z0-9]+/);
  // Every pair of neighbouring four-character words is a grouped code: in "kode K7QX M2PA" the
  // pair "KODE K7QX" must not swallow the code's first half.
  const pairs = words.slice(1).map((w, i) => (w.length === GROUP && words[i].length === GROUP ? words[i] + w : ''));
  const tokens = [...words, ...pairs].filter((t) => CANDIDATE.test(t) && HAS_DIGIT.test(t) && HAS_LETTER.test(t));
  const unique = [...new Set(tokens)];
  return unique.length > MAX_CANDIDATES ? [] : unique;
}
