/**
 * The audit log in words staff read: each action code becomes an Indonesian sentence with
 * who did it and to what. The log keeps a chat only as a keyed pseudonym ("chat:h-…"); the page
 * names the chats it still knows (their number masked, the person's name) and shows any other as
 * "percakapan lama". An application is named by its registration number. A code without a
 * wording yet is described as "kegiatan lain", never shown raw, so nothing recorded is hidden.
 */
import type { AuditEntry } from '../../staff/audit-log';

export type ActivityGroup = 'chat' | 'ticket' | 'application' | 'account' | 'settings' | 'privacy';

export const ACTIVITY_GROUPS: Record<ActivityGroup, string> = {
  chat: 'Percakapan',
  ticket: 'Pengaduan',
  application: 'Permohonan',
  account: 'Akun dan masuk',
  settings: 'Pengaturan',
  privacy: 'Data pribadi',
};

/** Each code: its group and the sentence after the actor's name ({t} is the target). */
export const ACTIONS: Record<string, { group: ActivityGroup; label: string; sentence: string }> = {
  'handoff.view': { group: 'chat', label: 'Membuka percakapan', sentence: 'membuka {t}' },
  'handoff.file_view': { group: 'chat', label: 'Membuka file pemohon', sentence: 'membuka file yang dikirim di {t}' },
  'handoff.claim': { group: 'chat', label: 'Mengambil percakapan', sentence: 'mengambil {t}' },
  'handoff.take_over': { group: 'chat', label: 'Mengambil alih percakapan', sentence: 'mengambil alih {t}' },
  'handoff.reply': { group: 'chat', label: 'Membalas percakapan', sentence: 'membalas {t}' },
  'handoff.close': { group: 'chat', label: 'Menutup percakapan', sentence: 'menutup {t} dan mengembalikannya ke layanan otomatis' },
  'contact.note': { group: 'chat', label: 'Menambah catatan petugas', sentence: 'menambah catatan petugas pada {t}' },
  'outbox.resend': { group: 'chat', label: 'Mengirim ulang pesan gagal', sentence: 'mengirim ulang pesan yang gagal di {t}' },
  'ticket.created': { group: 'ticket', label: 'Mencatat pengaduan', sentence: 'mencatat {t}' },
  'ticket.transition': { group: 'ticket', label: 'Mengubah tahap pengaduan', sentence: 'mengubah tahap {t}' },
  'ticket.responded': { group: 'ticket', label: 'Mengirim tanggapan', sentence: 'mengirim tanggapan untuk {t}' },
  'ticket.assigned': { group: 'ticket', label: 'Mengubah penanggung jawab', sentence: 'mengubah penanggung jawab {t}' },
  'ticket.lapor_tracking_id': { group: 'ticket', label: 'Mencatat nomor LAPOR!', sentence: 'mencatat nomor LAPOR! untuk {t}' },
  'ticket.reopened': { group: 'ticket', label: 'Membuka kembali pengaduan', sentence: 'membuka kembali {t}' },
  'ticket.complainant_replied': { group: 'ticket', label: 'Pelapor membalas', sentence: 'membalas {t}' },
  'ticket.rated': { group: 'ticket', label: 'Pelapor memberi penilaian', sentence: 'memberi penilaian untuk {t}' },
  'ticket.reminder_sent': { group: 'ticket', label: 'Pengingat batas waktu', sentence: 'mengirim pengingat batas waktu {t}' },
  'ticket.escalated': { group: 'ticket', label: 'Diteruskan ke supervisor', sentence: 'meneruskan {t} yang terlambat ke supervisor' },
  'ticket.identity_viewed': { group: 'ticket', label: 'Melihat identitas pelapor', sentence: 'melihat identitas pelapor pada {t}' },
  'ticket.file_view': { group: 'ticket', label: 'Membuka lampiran pengaduan', sentence: 'membuka lampiran {t}' },
  'ticket.identity_revealed': { group: 'ticket', label: 'Membuka identitas pelapor rahasia', sentence: 'membuka identitas pelapor rahasia pada {t}' },
  'application.create': { group: 'application', label: 'Mencatat permohonan', sentence: 'mencatat {t}' },
  'application.reveal': { group: 'application', label: 'Membuka NIK/KK lengkap', sentence: 'membuka NIK/KK lengkap pada {t}' },
  'application.search_by_nik': { group: 'application', label: 'Mencari dengan NIK', sentence: 'mencari permohonan dengan NIK' },
  'application.status': { group: 'application', label: 'Mengubah status permohonan', sentence: 'mengubah status {t}' },
  'application.visit': { group: 'application', label: 'Menjadwalkan kunjungan', sentence: 'menjadwalkan kunjungan untuk {t}' },
  'application.verification_assigned': { group: 'application', label: 'Membuat kode verifikasi', sentence: 'membuat kode verifikasi untuk {t}' },
  'application.status_checked': { group: 'application', label: 'Cek status lewat WhatsApp', sentence: 'mengecek status {t}' },
  'application.check_nik_paused': { group: 'application', label: 'Cek status dijeda', sentence: 'menjeda cek status NIK pada {t} setelah beberapa tebakan salah' },
  'application.import': { group: 'application', label: 'Impor CSV', sentence: 'mengimpor berkas CSV permohonan' },
  'application.import_create': { group: 'application', label: 'Permohonan baru dari impor', sentence: 'menambah {t} lewat impor CSV' },
  'application.import_update': { group: 'application', label: 'Permohonan diubah lewat impor', sentence: 'mengubah {t} lewat impor CSV' },
  'application.export': { group: 'application', label: 'Ekspor CSV', sentence: 'mengekspor data permohonan (CSV)' },
  'staff.login': { group: 'account', label: 'Masuk', sentence: 'masuk ke dasbor' },
  'staff.logout': { group: 'account', label: 'Keluar', sentence: 'keluar dari dasbor' },
  'staff.login_failed': { group: 'account', label: 'Gagal masuk', sentence: 'gagal masuk sebagai {t}' },
  'staff.login_locked': { group: 'account', label: 'Masuk ditunda', sentence: 'ditunda masuk sebagai {t} setelah beberapa kali gagal' },
  'staff.login_unlocked': { group: 'account', label: 'Membuka kunci masuk', sentence: 'membuka kunci masuk {t}' },
  'staff.user_created': { group: 'account', label: 'Membuat pengguna', sentence: 'membuat {t}' },
  'staff.user_updated': { group: 'account', label: 'Mengubah pengguna', sentence: 'mengubah data {t}' },
  'staff.password_reset': { group: 'account', label: 'Mengganti kata sandi', sentence: 'mengganti kata sandi {t}' },
  'canned.created': { group: 'settings', label: 'Menambah balasan siap pakai', sentence: 'menambah {t}' },
  'canned.updated': { group: 'settings', label: 'Mengubah balasan siap pakai', sentence: 'mengubah {t}' },
  'canned.deleted': { group: 'settings', label: 'Menghapus balasan siap pakai', sentence: 'menghapus {t}' },
  'whatsapp.restart': { group: 'settings', label: 'Memulai ulang WhatsApp', sentence: 'memulai ulang koneksi WhatsApp' },
  'contact.phone_revealed': { group: 'chat', label: 'Membuka nomor HP lengkap', sentence: 'membuka nomor HP lengkap pada {t}' },
  'ticket.search_by_identity': { group: 'ticket', label: 'Mencari pengaduan dengan HP/NIK', sentence: 'mencari pengaduan dengan nomor HP atau NIK' },
  'staff.password_changed': { group: 'account', label: 'Mengganti kata sandi sendiri', sentence: 'mengganti kata sandinya sendiri' },
  'staff.password_change_failed': { group: 'account', label: 'Gagal mengganti kata sandi', sentence: 'gagal mengganti kata sandinya (kata sandi lama salah)' },
  'staff.password_change_locked': { group: 'account', label: 'Ganti kata sandi ditunda', sentence: 'ditunda mengganti kata sandi setelah beberapa kali salah' },
  'privacy.lookup': { group: 'privacy', label: 'Mencari data warga', sentence: 'mencari dan melihat data yang disimpan tentang {t}' },
  'privacy.export': { group: 'privacy', label: 'Mengunduh salinan data warga', sentence: 'mengunduh salinan data {t}' },
  'privacy.correct': { group: 'privacy', label: 'Mengoreksi data warga', sentence: 'mengoreksi data pada {t}' },
  'privacy.erase': { group: 'privacy', label: 'Menghapus riwayat percakapan', sentence: 'menghapus riwayat percakapan {t}' },
  'privacy.restrict': { group: 'privacy', label: 'Membatasi pemrosesan', sentence: 'membatasi pemrosesan {t}' },
  'privacy.unrestrict': { group: 'privacy', label: 'Mencabut pembatasan', sentence: 'mencabut pembatasan {t}' },
  'privacy.restricted_viewed': { group: 'privacy', label: 'Membuka data yang dibatasi', sentence: 'membuka {t} yang pemrosesannya dibatasi' },
  'privacy.request_registered': { group: 'privacy', label: 'Mencatat permintaan data pribadi', sentence: 'mencatat permintaan data pribadi dari {t}' },
  'privacy.request_answered': { group: 'privacy', label: 'Menjawab permintaan data pribadi', sentence: 'mencatat jawaban atas permintaan data pribadi {t}' },
  'privacy.request_refused': { group: 'privacy', label: 'Menolak permintaan data pribadi', sentence: 'mencatat penolakan permintaan data pribadi {t}' },
};

/** Reads that every opened chat writes: left out of the page unless asked for by name (they drown the changes). */
export const ROUTINE_READS = ['handoff.view'];

export const actionsIn = (group: ActivityGroup): string[] => Object.keys(ACTIONS).filter((a) => ACTIONS[a].group === group);

/**
 * What the page knows about the targets it shows, by target as stored: "percakapan
 * +62813****0001 (Siti Aminah)", "permohonan BJM/2026/05050 (Siti Aminah)", a user's name.
 */
export type TargetNames = Map<string, string>;

/** The target in words; chats and people only as the log keeps them (pseudonym, user name). */
export function targetText(target: string, userNames: TargetNames): string {
  const known = userNames.get(target);
  if (known) return known;
  const at = target.indexOf(':');
  const kind = at < 0 ? target : target.slice(0, at);
  const rest = at < 0 ? '' : target.slice(at + 1);
  switch (kind) {
    case 'chat':
      return 'percakapan lama (nomor tidak lagi tersimpan)';
    case 'ticket':
      return `pengaduan ${rest}`;
    case 'application':
      return 'permohonan yang sudah tidak ada';
    case 'applications':
      return 'data permohonan';
    case 'tickets':
      return 'daftar pengaduan';
    case 'data_subject':
      return 'seorang warga (identitas disamarkan)';
    case 'staff_user':
      return `pengguna ${rest}`;
    case 'canned_reply':
      return `balasan siap pakai /${rest}`;
    case 'whatsapp':
      return 'koneksi WhatsApp';
    default:
      return 'data lain';
  }
}

const STAGE_WORDS: Record<string, string> = {
  baru: 'Baru', cek_administrasi: 'Cek administrasi', koordinasi: 'Koordinasi', menunggu_pelapor: 'Menunggu pelapor',
  ditanggapi: 'Ditanggapi', selesai: 'Selesai', ditutup: 'Ditutup',
};

/** "Sari Petugas membalas percakapan #a1b2c3." */
export function activitySentence(e: Pick<AuditEntry, 'actorName' | 'action' | 'target' | 'details'>, userNames: Map<string, string> = new Map()): string {
  const known = ACTIONS[e.action];
  const t = targetText(e.target, userNames);
  let sentence = known ? known.sentence.replace('{t}', t) : `melakukan kegiatan lain pada ${t}`;
  const to = typeof e.details?.to === 'string' ? e.details.to : null;
  if (e.action === 'ticket.transition' && to) sentence += ` menjadi "${STAGE_WORDS[to] ?? to}"`;
  if (e.action === 'application.status' && to) sentence += ` menjadi "${to.replace(/_/g, ' ')}"`;
  return `${e.actorName} ${sentence}.`;
}
