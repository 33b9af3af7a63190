/**
 * Ready-made replies for the inbox. An office may add its own to its messages catalogue under
 * `canned.*` (flows/messages.yaml or the agency profile); these defaults apply otherwise.
 */
import type { Catalogue } from '../conversation/catalogue';

export interface CannedReply {
  key: string;
  label: string;
  text: string;
}

const DEFAULTS: CannedReply[] = [
  { key: 'greeting', label: 'Salam pembuka', text: 'Selamat {greeting_time}, Bapak/Ibu. Saya {staff} dari {office}. Ada yang bisa kami bantu?' },
  { key: 'checking', label: 'Sedang dicek', text: 'Baik, mohon ditunggu sebentar, kami periksa terlebih dahulu 🙏' },
  { key: 'ask_registration', label: 'Minta nomor registrasi', text: 'Mohon kirimkan nomor registrasi yang tertera pada tanda terima dari loket agar dapat kami periksa.' },
  { key: 'visit_office', label: 'Datang ke loket', text: 'Untuk keperluan tersebut, Bapak/Ibu dapat datang langsung ke loket {office} pada jam layanan dengan membawa KTP dan KK asli.' },
  { key: 'closing', label: 'Penutup', text: 'Terima kasih telah menghubungi {office}. Bila masih ada pertanyaan, silakan kirim pesan kembali. Semoga membantu 🙏' },
];

/** Placeholders filled for the person replying; unknown ones stay visible so staff notice. */
export function cannedReplies(catalogue: Catalogue, vars: { office: string; staff: string; hour: number }): CannedReply[] {
  const fromCatalogue = catalogue
    .keys()
    .filter((k) => k.startsWith('canned.'))
    .map((k) => ({ key: k.slice('canned.'.length), label: k.slice('canned.'.length).replace(/_/g, ' '), text: catalogue.render(k) }));
  const greeting_time = vars.hour < 11 ? 'pagi' : vars.hour < 15 ? 'siang' : vars.hour < 18 ? 'sore' : 'malam';
  const fill = (t: string) => t.replace(/\{(\w+)\}/g, (whole, n: string) => ({ office: vars.office, staff: vars.staff, greeting_time })[n] ?? whole);
  return (fromCatalogue.length ? fromCatalogue : DEFAULTS).map((c) => ({ ...c, text: fill(c.text) }));
}
