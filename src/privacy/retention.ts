/**
 * How long each kind of record is kept, in words for the privacy page and the person's copy.
 * The periods themselves are set elsewhere and only described here: RETENTION_* (the retention
 * job, src/jobs/retention-store.ts) and the TTL indexes of the chat history and sessions
 * (RETENTION_CHAT_DAYS, RETENTION_SESSION_DAYS, src/db/ttl-index.ts).
 * Each row is one Indonesian sentence a staff member (or the person) reads; where the period
 * is set is kept apart, for the admin page's secondary line only.
 */
export interface RetentionDays {
  outbox: number;
  audit: number;
  handoffs: number;
  alerts: number;
  /** Finished complaint tickets: their personal data is removed (src/privacy/ticket-retention.ts). */
  tickets: number;
  /** Chat history and idle sessions: TTL indexes (RETENTION_CHAT_DAYS, RETENTION_SESSION_DAYS). */
  chat: number;
  sessions: number;
}

export interface RetentionRow {
  /** The kind of record, for the copy's `data` field. */
  what: string;
  /** The whole period as a sentence: "Riwayat chat … disimpan 365 hari …". */
  sentence: string;
  /** Where it is set: an environment variable, or words when it is fixed. */
  setBy: { variable: string } | { words: string };
}

/** "… disimpan 90 hari sejak …", or kept without limit when the variable is 0. */
const kept = (what: string, n: number, after: string) =>
  n > 0 ? `${what} disimpan ${n} hari ${after}` : `${what} disimpan tanpa batas waktu (masa simpannya diatur 0).`;

/** One row per kind of record: what it is, the sentence saying how long it is kept, and what sets that. */
export function retentionRows(d: RetentionDays): RetentionRow[] {
  return [
    { what: 'Riwayat chat (pesan yang diterima)', sentence: `Riwayat chat (pesan yang diterima) disimpan ${d.chat} hari sejak pesan diterima, lalu terhapus otomatis.`, setBy: { variable: 'RETENTION_CHAT_DAYS' } },
    {
      what: 'Pesan keluar yang sudah terkirim atau kedaluwarsa',
      sentence: kept('Pesan keluar yang sudah terkirim atau kedaluwarsa', d.outbox, 'sejak dikirim; yang masih menunggu atau gagal disimpan sampai ditangani.'),
      setBy: { variable: 'RETENTION_OUTBOX_DAYS' },
    },
    { what: 'Sesi percakapan (posisi di menu)', sentence: `Sesi percakapan (posisi di menu) dihapus setelah ${d.sessions} hari tanpa aktivitas.`, setBy: { variable: 'RETENTION_SESSION_DAYS' } },
    {
      what: 'Serah terima ke petugas yang sudah ditutup',
      sentence: kept('Serah terima ke petugas yang sudah ditutup', d.handoffs, 'sejak ditutup; yang masih terbuka tidak dihapus.'),
      setBy: { variable: 'RETENTION_HANDOFF_DAYS' },
    },
    { what: 'Log audit petugas', sentence: kept('Log audit petugas', d.audit, 'sejak dicatat.'), setBy: { variable: 'RETENTION_AUDIT_DAYS' } },
    { what: 'Peringatan batas waktu pengaduan', sentence: kept('Peringatan batas waktu pengaduan', d.alerts, 'sejak dibuat.'), setBy: { variable: 'RETENTION_ALERT_DAYS' } },
    { what: 'Hitungan cek status yang gagal (pengaman tebakan)', sentence: 'Hitungan cek status yang gagal (pengaman tebakan) disimpan paling lama 24 jam.', setBy: { words: 'Tetap di sistem (batas cek status)' } },
    {
      what: 'Pengaduan yang sudah selesai atau ditutup',
      sentence: d.tickets > 0
        ? `Pengaduan yang sudah selesai atau ditutup disimpan utuh ${d.tickets} hari sejak selesai; setelah itu nama, nomor telepon, NIK, isi pengaduan, tanggapan dan balasan dihapus (nomor, tahap dan tanggalnya tetap untuk laporan).`
        : 'Pengaduan yang sudah selesai atau ditutup disimpan utuh tanpa batas waktu (masa simpannya diatur 0).',
      setBy: { variable: 'RETENTION_TICKET_DAYS' },
    },
    {
      what: 'Permohonan dan pengaduan yang masih berjalan',
      sentence: 'Permohonan dan pengaduan yang masih berjalan tidak dihapus otomatis: keduanya arsip layanan publik (dapat dibatasi atas permintaan pemohon).',
      setBy: { words: 'Kebijakan arsip kantor' },
    },
    { what: 'Pilihan berhenti/mulai menerima pemberitahuan', sentence: 'Pilihan berhenti/mulai menerima pemberitahuan disimpan selama masih berlaku.', setBy: { words: 'Pilihan pemohon sendiri' } },
  ];
}
