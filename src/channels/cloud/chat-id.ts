/**
 * Cloud API chat ids: the WhatsApp user's `wa_id`, the number's digits without a plus (what
 * webhooks name the sender by and what the messages endpoint takes as `to`).
 */
import { toE164 } from '../phone-number';

/** '+6281234567890' → '6281234567890'. */
export function toCloudChatId(e164: string): string {
  if (!/^\+[1-9]\d{6,14}$/.test(e164)) throw new RangeError('not an E.164 number (expected +<country><number>)'); // no echo: it is personal data
  return e164.slice(1);
}

/** A wa_id → E.164 with its own country code, or null when it is not a readable number. */
export function phoneOfWaId(waId: string): string | null {
  return /^\d{7,15}$/.test(waId) ? toE164(`+${waId}`) : null;
}
