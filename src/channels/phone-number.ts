/**
 * Phone numbers and WhatsApp chat ids. Numbers are stored and compared in E.164 (+62…).
 * A `…@c.us` id carries the phone number; a `…@lid` id is an opaque identifier and is never
 * read as digits (the same contact may switch from @c.us to @lid mid-conversation, so chats
 * are keyed by the id received, not by a number guessed from it).
 * Uses the "max" metadata: the default metadata accepts impossible Indonesian prefixes.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

const DEFAULT_COUNTRY = 'ID';
/** Ids that carry the phone number (whatsapp-web.js and the WhatsApp web protocol spelling). */
const PHONE_ID_SUFFIX = /@(c\.us|s\.whatsapp\.net)$/i;

/** A phone number or a phone-carrying WhatsApp id → E.164, or null (LIDs, groups, invalid numbers). */
export function toE164(input: string): string | null {
  let text = input.trim();
  if (text.includes('@')) {
    if (!PHONE_ID_SUFFIX.test(text)) return null;
    text = text.replace(PHONE_ID_SUFFIX, '');
    // Device suffixes ("6281234567890:12@s.whatsapp.net") name a linked device, not digits of the number.
    text = text.replace(/:\d+$/, '');
    // A WhatsApp id always starts with its country code: "85291234567@c.us" is Hong Kong, not +62.
    if (!/^\d+$/.test(text)) return null;
    text = `+${text}`;
  }
  const compact = text.replace(/[\s().-]/g, '');
  // "62812…" without a plus is an international number written bare; parsed with the default
  // country ID it would read as a national number 62-812….
  if (/^62\d{7,}$/.test(compact)) text = `+${compact}`;
  const parsed = parsePhoneNumberFromString(text, DEFAULT_COUNTRY);
  return parsed && parsed.isValid() ? parsed.number : null;
}

/** Same phone number in whatever spelling; false when either side is not a readable number. */
export function samePhone(a: string, b: string): boolean {
  const left = toE164(a);
  return left !== null && left === toE164(b);
}

/** '+6281234567890' → '6281234567890@c.us' (whatsapp-web.js chat id). */
export function toWhatsAppId(e164: string): string {
  if (!/^\+[1-9]\d{6,14}$/.test(e164)) throw new RangeError('not an E.164 number (expected +<country><number>)'); // no echo: it is personal data
  return `${e164.slice(1)}@c.us`;
}

/** Opaque WhatsApp ids; callers must not derive a phone number from them. */
export function isLid(id: string): boolean {
  return /@lid$/i.test(id.trim());
}
