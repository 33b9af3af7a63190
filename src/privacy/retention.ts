/**
 * How long each kind of record is kept, in words for the privacy page and the person's copy.
 * The periods themselves are set elsewhere and only described here: RETENTION_* (the retention
 * job, src/jobs/retention-store.ts) and the TTL indexes of the chat history and sessions.
 */
export interface RetentionDays {
  outbox: number;
  audit: number;
  handoffs: number;
  alerts: number;
  /** Finished complaint tickets: their personal data is removed (src/privacy/ticket-retention.ts). */
  tickets: number;
}

const days = (n: number, after: string) => (n > 0 ? `${n} hari ${after}` : 'disimpan tanpa batas (diatur 0)');

/** One row per kind of record: what it is, how long it is kept, and what sets that. */
export function retentionRows(d: RetentionDays): { what: string; kept: string; setBy: string }[] {
  return [
    { what: 'Riwayat chat (pesan yang diterima)', kept: '365 hari sejak pesan diterima', setBy: 'indeks TTL koleksi messages' },
    { what: 'Pesan keluar yang sudah terkirim atau kedaluwarsa', kept: days(d.outbox, 'sejak dikirim; yang masih menunggu atau gagal disimpan sampai ditangani'), setBy: 'RETENTION_OUTBOX_DAYS' },
    { what: 'Sesi percakapan (posisi di menu)', kept: '90 hari tanpa aktivitas', setBy: 'indeks TTL koleksi sessions' },
    { what: 'Serah terima ke petugas yang sudah ditutup', kept: days(d.handoffs, 'sejak ditutup; yang masih terbuka tidak dihapus'), setBy: 'RETENTION_HANDOFF_DAYS' },
    { what: 'Log audit petugas', kept: days(d.audit, 'sejak dicatat'), setBy: 'RETENTION_AUDIT_DAYS' },
    { what: 'Peringatan batas waktu pengaduan', kept: days(d.alerts, 'sejak dibuat'), setBy: 'RETENTION_ALERT_DAYS' },
    { what: 'Hitungan cek status yang gagal (pengaman tebakan)', kept: 'paling lama 24 jam', setBy: 'batas cek status (check-limits)' },
    {
      what: 'Pengaduan yang sudah selesai atau ditutup',
      kept: d.tickets > 0
        ? `${d.tickets} hari sejak selesai; setelah itu nama, nomor telepon, NIK, isi pengaduan, tanggapan dan balasan dihapus (nomor, tahap dan tanggalnya tetap untuk laporan)`
        : 'disimpan tanpa batas (diatur 0)',
      setBy: 'RETENTION_TICKET_DAYS',
    },
    { what: 'Permohonan dan pengaduan yang masih berjalan', kept: 'tidak dihapus otomatis: arsip layanan publik (dapat dibatasi atas permintaan)', setBy: 'kebijakan arsip kantor' },
    { what: 'Preferensi notifikasi (berhenti/mulai)', kept: 'selama masih berlaku', setBy: 'pilihan pemohon' },
  ];
}
