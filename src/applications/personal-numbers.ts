/**
 * Masking the numbers that identify a person in free text that is kept (complaint bodies,
 * notes, drafts, chat history): NIK/KK with the NIK finder's own rules (nik.ts), and
 * Indonesian mobile numbers however grouped (+62 813-7778-8009, 0813 7778 8009, 62813…).
 */
import { maskIdentityNumbersIn } from './nik';

/** Between digits: what the NIK finder allows (a space run, or a dot, dash or en dash however spaced), and brackets around a prefix. */
const SEP = String.raw`[()]?(?:[ \t]*[.\-–][ \t]*|[ \t]+)?[()]?`;
/** +62 / 62 / 0, then 8 and 7–12 more digits, a separator (SEP) between any two. */
const PHONE = new RegExp(String.raw`\(?(?:\+62|\b62|\b0)${SEP}8(?:${SEP}\d){7,12}(?!\d)(?:@c\.us)?`, 'g');

/** "0813****009": staff still see which operator and the last digits, never the number. */
export function maskPhoneNumbersIn(text: string): string {
  return text.replace(PHONE, (found) => {
    const digits = found.replace(/\D/g, '');
    return `${digits.startsWith('62') ? `+${digits.slice(0, 5)}` : digits.slice(0, 4)}****${digits.slice(-3)}`;
  });
}

export const maskPersonalNumbers = (text: string): string => maskPhoneNumbersIn(maskIdentityNumbersIn(text));
