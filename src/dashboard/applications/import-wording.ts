/**
 * The CSV import report in Bahasa Indonesia. The applications module words its findings in
 * English for API clients; a verifier reads them here, translated by pattern. A message no
 * pattern knows is still shown (after an Indonesian lead-in) rather than hidden, so nothing
 * a verifier must fix disappears.
 */
import { REQUIRED_COLUMNS } from '../../applications/csv-columns';

const COLUMN_NAMES: Record<string, string> = {
  registration_number: 'nomor registrasi', name: 'nama', nik: 'NIK', kk_number: 'nomor KK', date_of_birth: 'tanggal lahir',
  status: 'status', phones: 'nomor HP', kelurahan: 'kelurahan', kecamatan: 'kecamatan', route: 'jalur', status_note: 'catatan status',
  visit_date: 'tanggal kunjungan', visit_time_window: 'jam kunjungan', reason: 'alasan', waiting_list_position: 'nomor urut daftar tunggu',
  quota_period: 'periode kuota', funding: 'pembiayaan', proposal_batch_date: 'tanggal pengusulan', bpjs_activation_date: 'tanggal aktif BPJS',
  deactivation_reason: 'alasan nonaktif', notifications_opt_out: 'berhenti pemberitahuan',
};

/** "nomor KK (kk_number)": the words staff use, and the header as it is in the file. */
export const columnLabel = (column: string | undefined): string => (column ? (COLUMN_NAMES[column] ? `${COLUMN_NAMES[column]} (${column})` : column) : '–');

const ROW_RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^expected (\d+) fields like the header, found (\d+)$/, (m) => `Jumlah kolom ${m[2]}, padahal judul kolom ada ${m[1]}. Periksa pemisah (koma/titik koma) di baris ini.`],
  [/^must be a real date written YYYY-MM-DD/, () => 'Tanggal tidak valid; tulis TTTT-BB-HH (mis. 2026-12-01) atau HH/BB/TTTT.'],
  [/^must be a time range/, () => 'Jam kunjungan ditulis JJ.MM-JJ.MM, mis. 09.00-12.00.'],
  [/^must end after it starts$/, () => 'Jam selesai harus setelah jam mulai.'],
  [/^is not a valid phone number/, () => 'Nomor HP tidak valid (mis. 081234567890).'],
  [/^must not be empty$/, () => 'Wajib diisi.'],
  [/^must be at least 2 characters$/, () => 'Minimal 2 karakter.'],
  [/^must be a whole number$/, () => 'Harus bilangan bulat.'],
  [/^must be 1 or more$/, () => 'Minimal 1.'],
  [/^must be ya or tidak$/, () => 'Isi "ya" atau "tidak".'],
  [/^must be 3-40 letters/, () => 'Nomor registrasi 3–40 huruf/angka seperti di tanda terima, mis. BJM/2026/00123.'],
  [/^must be one of (.+)$/, (m) => `Harus salah satu dari: ${m[1]}.`],
  [/^visit_date and visit_time_window go together$/, () => 'Tanggal dan jam kunjungan harus diisi keduanya atau dikosongkan keduanya.'],
  [/scientific notation/, () => 'Angka ini diubah spreadsheet menjadi notasi ilmiah (mis. 6,37E+15) dan digitnya hilang. Format kolom sebagai teks lalu ekspor ulang.'],
  [/^this office has no emergency route$/, () => 'Kantor ini tidak memiliki jalur darurat.'],
  [/^is in the future$/, () => 'Tanggal ini belum terjadi (di masa depan).'],
  [/^is required with status (\S+)$/, (m) => `Wajib diisi untuk status ${m[1]}.`],
  [/^is only used with status (.+)$/, (m) => `Hanya dipakai untuk status ${m[1].replace(/ or /g, ' atau ')}; kosongkan.`],
  [/^the same registration number is already on line (\d+)$/, (m) => `Nomor registrasi yang sama sudah ada di baris ${m[1]}.`],
  [/^the application already has status (\S+)$/, (m) => `Permohonan sudah berstatus ${m[1]}.`],
  [/^cannot change status from (\S+) to (\S+); allowed next: (.+)$/, (m) => `Status tidak dapat diubah dari ${m[1]} ke ${m[2]}; yang diizinkan: ${m[3].replace('none (final status)', 'tidak ada (status akhir)')}.`],
  [/^status (\S+) is not used by this office \(uses: (.+)\)$/, (m) => `Status ${m[1]} tidak dipakai kantor ini (yang dipakai: ${m[2]}).`],
  [/^dateOfBirth differs from the birth date encoded in the NIK/, () => 'Tanggal lahir berbeda dengan tanggal lahir di NIK; mohon periksa keduanya.'],
  [/changed by someone else during the import/, () => 'Data ini diubah orang lain saat impor berjalan; impor ulang berkasnya.'],
  [/^Invalid input: expected (\w+), received undefined$/, () => 'Wajib diisi.'],
  [/^Too big: expected string to have <=(\d+) characters$/, (m) => `Maksimal ${m[1]} karakter.`],
];

/** Messages already written in Indonesian (NIK/KK checks) carry words no English message has. */
const INDONESIAN = /\b(harus|mohon|tidak|angka|belum)\b/i;

export function rowMessage(message: string): string {
  for (const [pattern, word] of ROW_RULES) {
    const m = pattern.exec(message);
    if (m) return word(m);
  }
  return INDONESIAN.test(message) ? message : `Isian tidak valid (${message}).`;
}

/** Finds the first line with an odd number of quote marks: where a stray quote most likely is. */
export function strayQuoteLine(text: string): number | null {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const i = lines.findIndex((l) => (l.match(/"/g)?.length ?? 0) % 2 === 1);
  return i < 0 ? null : i + 1;
}

const QUOTE_ERRORS = /^the file is not valid CSV: ((?:CSV_)?(?:INVALID_OPENING_QUOTE|INVALID_CLOSING_QUOTE|QUOTE_NOT_CLOSED|NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE)) near line (\S+)/;

/** Why a whole file was refused, in words a verifier can act on; nothing was saved. */
export function fileRefusal(message: string, text: string): string[] {
  const quote = QUOTE_ERRORS.exec(message);
  if (quote) {
    const line = strayQuoteLine(text) ?? (/^\d+$/.test(quote[2]) ? Number(quote[2]) : null);
    return [
      `Berkas belum diimpor: ada tanda kutip (") yang tidak berpasangan${line ? ` di baris ${line}` : ''}.`,
      'Di CSV, tanda kutip di dalam isi kolom ditulis dua kali ("") atau seluruh isi kolom diapit tanda kutip. Perbaiki baris itu lalu unggah ulang. Tidak ada data yang disimpan.',
    ];
  }
  const other = /^the file is not valid CSV: (\w+) near line (\S+)/.exec(message);
  if (other) return [`Berkas belum diimpor: isi berkas tidak dapat dibaca sebagai CSV di sekitar baris ${other[2]}. Periksa baris itu lalu unggah ulang. Tidak ada data yang disimpan.`];
  if (/^the file is empty/.test(message)) return ['Berkas kosong. Baris pertama harus berisi judul kolom.'];
  const rows = /^at most (\d+) rows per file/.exec(message);
  if (rows) return [`Satu berkas paling banyak ${Number(rows[1]).toLocaleString('id-ID')} baris. Bagi berkas menjadi beberapa bagian.`];
  const header = /^line 1 \(header\): (.+)$/.exec(message);
  if (header) {
    const problems = header[1].split('; ').map((p) =>
      p
        .replace(/^unknown column "(.+)"$/, 'kolom "$1" tidak dikenal')
        .replace(/^missing column "(.+)"$/, 'kolom wajib "$1" tidak ada')
        .replace(/^column "(.+)" appears twice$/, 'kolom "$1" muncul dua kali'),
    );
    return [`Judul kolom (baris 1) tidak sesuai: ${problems.join('; ')}.`, `Kolom wajib: ${REQUIRED_COLUMNS.join(', ')}.`];
  }
  return ['Berkas bukan CSV yang dapat dibaca atau judul kolomnya tidak sesuai.', `Keterangan: ${message}`];
}
