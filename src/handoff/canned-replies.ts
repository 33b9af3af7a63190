/**
 * Ready-made replies for the inbox. Admins edit them on the dashboard (canned-reply-store.ts);
 * the defaults below — or an office's own `canned.*` texts in its messages catalogue
 * (flows/messages.yaml or the agency profile) — are what a new office starts with. Each has a
 * shortcut: "/salam" typed in the reply box becomes the reply's text. Placeholders are filled
 * for the person replying; unknown ones stay visible so staff notice.
 */
import type { Catalogue } from '../conversation/catalogue';
import type { CannedReplyInput } from './canned-reply-store';

export interface CannedReply {
  shortcut: string;
  label: string;
  text: string;
}

/** What an admin may type as a shortcut: a short lower-case word, typed after "/". */
export const SHORTCUT = /^[a-z0-9][a-z0-9_-]{0,29}$/;

/** The placeholders a canned text may use, with what each becomes. */
export const PLACEHOLDERS: Record<string, string> = {
  greeting_time: 'pagi/siang/sore/malam, menurut jam kantor',
  staff: 'nama petugas yang membalas',
  office: 'nama singkat kantor',
};

/** The {names} in a canned text that are not placeholders: they would reach the applicant raw. */
export function unknownPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{([^{}\s]*)\}/g)].map((m) => m[1]).filter((n) => !Object.hasOwn(PLACEHOLDERS, n)))];
}

export const DEFAULT_CANNED: CannedReplyInput[] = [
  { shortcut: 'salam', label: 'Salam pembuka', text: 'Selamat {greeting_time}, Bapak/Ibu. Saya {staff} dari {office}. Ada yang bisa kami bantu?' },
  { shortcut: 'cek', label: 'Sedang dicek', text: 'Baik, mohon ditunggu sebentar, kami periksa terlebih dahulu 🙏' },
  // The status check needs the receipt's verification code as well (applications/receipt.ts):
  // the registration number alone is sequential and can be guessed.
  {
    shortcut: 'noreg',
    label: 'Minta nomor registrasi dan kode verifikasi',
    text: 'Mohon kirimkan nomor registrasi dan kode verifikasi (8 huruf/angka, misalnya K7QX-M2PA) yang tertera pada tanda terima dari loket agar dapat kami periksa. Kode ini hanya untuk pemeriksaan oleh petugas; mohon tidak dibagikan kepada orang lain.',
  },
  { shortcut: 'loket', label: 'Datang ke loket', text: 'Untuk keperluan tersebut, Bapak/Ibu dapat datang langsung ke loket {office} pada jam layanan dengan membawa KTP dan KK asli.' },
  { shortcut: 'penutup', label: 'Penutup', text: 'Terima kasih telah menghubungi {office}. Bila masih ada pertanyaan, silakan kirim pesan kembali. Semoga membantu 🙏' },
];

/** The replies a new office starts with: its catalogue's `canned.*` texts, else the defaults. */
export function cannedDefaults(catalogue: Catalogue): CannedReplyInput[] {
  const fromCatalogue = catalogue
    .keys()
    .filter((k) => k.startsWith('canned.'))
    .map((k) => {
      const key = k.slice('canned.'.length);
      return { shortcut: key.replace(/_/g, '-').slice(0, 30), label: key.replace(/_/g, ' '), text: catalogue.render(k) };
    });
  return fromCatalogue.length ? fromCatalogue : DEFAULT_CANNED;
}

export function greetingTime(hour: number): string {
  return hour < 11 ? 'pagi' : hour < 15 ? 'siang' : hour < 18 ? 'sore' : 'malam';
}

/** The replies with their placeholders filled for the person replying. */
export function cannedReplies(list: CannedReplyInput[], vars: { office: string; staff: string; hour: number }): CannedReply[] {
  const values: Record<string, string> = { office: vars.office, staff: vars.staff, greeting_time: greetingTime(vars.hour) };
  const fill = (t: string) => t.replace(/\{(\w+)\}/g, (whole, n: string) => values[n] ?? whole);
  return list.map((c) => ({ shortcut: c.shortcut, label: c.label, text: fill(c.text) }));
}

/**
 * A reply that is only a shortcut ("/salam") is that reply's text — what the reply box's
 * script does as one types, done again on the server for a browser without the script.
 */
export function expandShortcut(text: string, replies: CannedReply[]): string {
  const m = /^\/([a-z0-9_-]+)$/i.exec(text.trim());
  if (!m) return text;
  return replies.find((r) => r.shortcut === m[1].toLowerCase())?.text ?? text;
}
