/**
 * Finding tickets by the complainant's phone number or NIK. Both are stored only as keyed
 * hashes and sealed copies, so the typed value is hashed and looked up (never by opening
 * records). The value never travels in an address either: the search form posts it, and the
 * list's address (paging, live updates) carries it sealed in an opaque token (`who=`) that only
 * this server can open; the page shows it masked.
 */
import { maskNik, parseNik } from '../../applications/nik';
import type { PiiCipher } from '../../applications/pii-crypto';
import { maskPhone } from '../../applications/sealing';
import { toE164 } from '../../channels/phone-number';
import type { PhoneChats } from '../../channels/port';
import { chatKeysForPhone } from '../../privacy/subject';

export type IdentityKind = 'phone' | 'nik';

/** What the list filters on: the hashes, and the masked label shown above the list. */
export interface IdentitySearch {
  kind: IdentityKind;
  label: string;
  phoneHash?: string;
  nikHash?: string;
  chatHashes?: string[];
}

/** A NIK (16 digits, however grouped) or a phone number typed into the search box; null for other words. */
export function identityIn(q: string): { kind: IdentityKind; value: string } | null {
  const compact = q.replace(/[\s.\-–]/g, '');
  if (/^\d{16}$/.test(compact)) {
    const nik = parseNik(compact);
    if (nik.ok) return { kind: 'nik', value: nik.nik };
  }
  if (/^\+?\d{9,15}$/.test(compact)) {
    const phone = toE164(compact);
    if (phone) return { kind: 'phone', value: phone };
  }
  return null;
}

export function searchFor(cipher: PiiCipher, chats: PhoneChats, who: { kind: IdentityKind; value: string }): IdentitySearch {
  if (who.kind === 'nik') return { kind: 'nik', label: `NIK ${maskNik(who.value)}`, nikHash: cipher.hash(who.value) };
  return {
    kind: 'phone',
    label: `HP ${maskPhone(who.value)}`,
    phoneHash: cipher.hash(who.value),
    // A ticket filed on WhatsApp is found by its chat too.
    chatHashes: chatKeysForPhone(chats, who.value).map((k) => cipher.hash(k)),
  };
}

/** The sealed text in Node's URL-safe base64, so it travels in an address unescaped. */
const tokenOf = (sealed: string) => Buffer.from(sealed, 'utf8').toString('base64url');
const sealedOf = (token: string) => Buffer.from(token, 'base64url').toString('utf8');

/** The address-safe token for a search: sealed (AES-GCM, a fresh IV each time), so it shows neither the value nor a hash. */
export function sealSearch(cipher: PiiCipher, who: { kind: IdentityKind; value: string }): string {
  return tokenOf(cipher.encrypt(JSON.stringify({ kind: who.kind, value: who.value })));
}

/** The search a token stands for; null for a token this server did not make (or made with another key). */
export function openSearch(cipher: PiiCipher, chats: PhoneChats, token: string): IdentitySearch | null {
  try {
    const who = JSON.parse(cipher.decrypt(sealedOf(token))) as { kind?: unknown; value?: unknown };
    if ((who.kind !== 'phone' && who.kind !== 'nik') || typeof who.value !== 'string') return null;
    return searchFor(cipher, chats, { kind: who.kind, value: who.value });
  } catch {
    return null;
  }
}
