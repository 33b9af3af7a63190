/**
 * Meta's error codes as staff read them: what happened to the message and what to do, in
 * Indonesian. Meta's own titles and details are English and say nothing about the next step; the
 * codes are the stable part of its answers (Meta advises matching on codes, not titles). Used for
 * a refused send and for a `failed` status report (a message Meta accepted and could not deliver).
 * Meta's own wording follows the explanation; a code not listed keeps Meta's wording alone.
 */
/** Outside the 24-hour customer-service window: refused at once, or accepted and then failed in a status report. */
export const REENGAGEMENT = 131047;

const RESEND_LATER = 'kirim ulang beberapa saat lagi';
const INVALID = 'WhatsApp menolak isi pesan ini (parameter tidak valid); laporkan ke admin';

const REASONS: Readonly<Record<number, string>> = {
  // Shown for a failed report only when the message cannot go as a template: one that can is sent again as its template at once, by itself (CloudSender.redeliverable).
  [REENGAGEMENT]: 'sudah lebih dari 24 jam sejak warga terakhir menulis, sehingga WhatsApp hanya menerima templat resmi, dan pesan ini tidak dapat dikirim sebagai templat (tidak ada templat untuk pesan jenis ini, atau pesannya terlalu panjang). "Kirim ulang" menaruhnya lagi di antrean: pesan menunggu sampai warga menulis lagi',
  131026: 'nomor ini tidak dapat menerima pesan: belum memakai WhatsApp, aplikasinya terlalu lama, atau memblokir nomor kantor. Hubungi warga dengan cara lain',
  131030: 'nomor tujuan belum ada di daftar penerima yang diizinkan (nomor uji coba Meta): tambahkan di WhatsApp Manager → API Setup, atau pakai nomor kantor yang sudah terverifikasi',
  133010: 'nomor kantor belum didaftarkan di Cloud API (langkah Register dengan PIN dua langkah); hubungi admin',
  131049: 'WhatsApp tidak mengantarkannya untuk membatasi jumlah pesan bisnis yang diterima warga; ' + RESEND_LATER,
  131050: 'warga telah menolak menerima pesan pemasaran dari nomor kantor',
  130472: 'nomor warga sedang diikutkan uji coba oleh WhatsApp dan tidak menerima pesan ini',
  131056: 'terlalu banyak pesan ke nomor ini dalam waktu singkat; ' + RESEND_LATER,
  130429: 'batas kiriman WhatsApp Cloud API tercapai; ' + RESEND_LATER,
  131048: 'nomor kantor sedang dibatasi karena banyak pesannya diblokir atau dilaporkan warga; periksa mutu nomor (quality rating) di WhatsApp Manager',
  131042: 'ada masalah pembayaran akun WhatsApp Business kantor; periksa metode pembayaran di Business Manager',
  131031: 'akun WhatsApp Business kantor dikunci atau dibatasi oleh Meta',
  368: 'akun WhatsApp Business kantor diblokir sementara karena pelanggaran kebijakan Meta',
  131051: 'jenis pesan ini tidak didukung WhatsApp',
  131053: 'lampiran pesan tidak dapat diunggah ke WhatsApp',
  131000: 'WhatsApp sedang mengalami gangguan; ' + RESEND_LATER,
  132000: 'jumlah isian tidak cocok dengan templat yang disetujui; periksa flows/whatsapp-templates.yaml dan WhatsApp Manager',
  132001: 'templat belum disetujui, atau nama/bahasanya tidak sama dengan di WhatsApp Manager',
  132005: 'pesan terlalu panjang untuk templat',
  132007: 'isi pesan melanggar aturan format templat WhatsApp',
  132012: 'format isian tidak cocok dengan templat yang disetujui',
  132015: 'templat sedang dijeda oleh Meta karena mutunya rendah',
  132016: 'templat dinonaktifkan oleh Meta',
  100: INVALID,
  131008: INVALID,
  131009: INVALID,
};

/** The explanation staff see for Meta's code, or null when the code is not one of these. */
export function explainCloudError(code: number | string | null | undefined): string | null {
  const n = typeof code === 'string' ? Number(code) : code;
  return typeof n === 'number' && Number.isInteger(n) ? (REASONS[n] ?? null) : null;
}

/**
 * What staff read for a failure: the explanation first when there is one, then Meta's own words
 * (they can name the parameter or the detail an admin needs), else Meta's words alone.
 */
export function describeCloudError(code: number | string | null | undefined, metaWords: string): string {
  const explained = explainCloudError(code);
  return explained ? `${explained} — keterangan Meta: ${metaWords}` : metaWords;
}
