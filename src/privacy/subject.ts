/**
 * Whose data a request is about: a NIK or a phone number as the admin typed it, normalised the
 * way the records store it (parseNik, E.164) so that its keyed hash finds them; the pseudonym
 * the audit log names the person by; and the chats a phone number may have written from.
 */
import { parseNik, maskNik } from '../applications/nik';
import type { PiiCipher } from '../applications/pii-crypto';
import { maskPhone } from '../applications/sealing';
import { defaultChatIdForPhone } from '../channels/phone-chat';
import { toE164 } from '../channels/phone-number';
import type { PhoneChats } from '../channels/port';
import { chatKey } from '../conversation/inbound';

export type Subject = { kind: 'nik'; nik: string } | { kind: 'phone'; phone: string };

/** The typed value as a subject, or what is wrong with it (Indonesian, for the form). */
export function parseSubject(kind: 'nik' | 'phone', value: string): { ok: true; subject: Subject } | { ok: false; message: string } {
  if (kind === 'nik') {
    const parsed = parseNik(value);
    return parsed.ok ? { ok: true, subject: { kind, nik: parsed.nik } } : { ok: false, message: `NIK tidak valid: ${parsed.message}` };
  }
  const phone = /^[\d\s+().-]+$/.test(value) ? toE164(value) : null;
  return phone ? { ok: true, subject: { kind, phone } } : { ok: false, message: 'Nomor telepon tidak valid: tulis angkanya saja, mis. 081234567890 atau 6281234567890.' };
}

/** The subject as typed back into a form (hidden fields). */
export const subjectValue = (s: Subject): string => (s.kind === 'nik' ? s.nik : s.phone);

/** "NIK 6371********0001" / "nomor +62813****0001": how the page names the person. */
export const subjectLabel = (s: Subject): string => (s.kind === 'nik' ? `NIK ${maskNik(s.nik)}` : `nomor ${maskPhone(s.phone)}`);

/**
 * The audit log's name for the person: a keyed pseudonym, never the NIK or number itself, the
 * same for every request about them, so their requests can be listed together.
 */
export const subjectTarget = (cipher: PiiCipher, s: Subject): string =>
  `data_subject:${cipher.hash(`data-subject:${s.kind}:${subjectValue(s)}`).slice(0, 32)}`;

/**
 * The chat keys a phone number may have written from, on every channel this service has had:
 * whatsapp-web.js (`628…@c.us`), the Cloud API (the bare `628…`), the simulator (the digits),
 * and whatever the running channel says reaches it now. An opaque WhatsApp id (`…@lid`) holds
 * no number and cannot be found from one: it is found only through a ticket filed from it.
 */
export function chatKeysForPhone(chats: PhoneChats, e164: string): string[] {
  const digits = e164.replace(/^\+/, '');
  const keys = [
    chatKey({ channel: 'whatsapp', chatId: defaultChatIdForPhone('whatsapp', e164) }),
    chatKey({ channel: 'whatsapp', chatId: digits }),
    chatKey({ channel: 'simulator', chatId: defaultChatIdForPhone('simulator', e164) }),
  ];
  const current = chats.chatForPhone(e164);
  if (current) keys.push(chatKey(current));
  return [...new Set(keys)];
}
