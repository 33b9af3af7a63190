/**
 * The copy of a person's data handed to them (UU 27/2022, the right of access): everything
 * found, opened and in clear — it is their own data, that is its purpose — with Indonesian
 * labels, the office's wording of statuses and stages, times in the office's time zone, what
 * each kind of record is kept for, and what the copy does not contain. Staff identities are
 * left out: the copy is about the person, not about who served them.
 */
import type { AgencyProfile } from '../agency/profile-schema';
import type { Application } from '../applications/application-types';
import type { PiiCipher } from '../applications/pii-crypto';
import type { OutboxSource } from '../channels/port';
import { firstResponseOf, type TicketDoc } from '../complaints/ticket';
import { isoLocal } from '../complaints/ticket-view';
import type { Catalogue } from '../conversation/catalogue';
import type { Author } from '../conversation/message-log';
import { CHANNEL_LABELS, STAGE_LABELS } from '../dashboard/tickets/ticket-labels';
import type { FileKind } from '../attachments/policy';
import type { ChatRecords, Findings } from './privacy-service';
import { retentionRows, type RetentionDays } from './retention';

export interface ExportContext {
  profile: AgencyProfile;
  catalogue: Catalogue;
  cipher: PiiCipher;
  retention: RetentionDays;
  now: Date;
  reason: string;
}

const AUTHORS: Record<Author, string> = { user: 'pemohon', bot: 'layanan otomatis', staff: 'petugas', office_phone: 'telepon kantor', system: 'sistem' };
const SOURCES: Record<OutboxSource, string> = { bot: 'layanan otomatis', staff: 'petugas', reminder: 'pengingat', notification: 'pemberitahuan status', alert: 'peringatan' };
const OUTBOX_STATUS: Record<string, string> = { pending: 'menunggu dikirim', sending: 'sedang dikirim', sent: 'terkirim', failed: 'gagal', expired: 'kedaluwarsa, tidak dikirim' };
const HANDOFF_STATUS: Record<string, string> = { waiting: 'menunggu petugas', active: 'ditangani petugas', closed: 'selesai' };
const HANDOFF_REASON: Record<string, string> = { asked: 'diminta pemohon', misunderstood: 'layanan otomatis tidak memahami', complaint: 'pengaduan', office_phone: 'dibalas dari telepon kantor' };
const FILE_KINDS: Record<FileKind, string> = { image: 'foto', audio: 'pesan suara', document: 'dokumen' };

/** `fileBytes`: the contents of the files the chats sent, by file id (privacy-service exportFor); a file without them is listed only. */
export function exportDocument(f: Findings & { fileBytes?: Map<string, Buffer> }, x: ExportContext) {
  const tz = x.profile.office.timeZone;
  const at = (d: Date | null | undefined) => (d ? isoLocal(d, tz) : null);
  const open = (token: string | null) => (token ? x.cipher.decrypt(token) : null);
  const status = (code: string) => ({ kode: code, label: x.profile.statuses[code as keyof typeof x.profile.statuses]?.label ?? code });
  const topic = (code: string) => (x.catalogue.has(`complaint.topic_${code}`) ? x.catalogue.render(`complaint.topic_${code}`) : code);

  const application = (a: Application) => ({
    nomorRegistrasi: a.registrationNumber,
    nama: a.name,
    nik: x.cipher.decrypt(a.nik.cipher),
    nomorKk: x.cipher.decrypt(a.kk.cipher),
    tanggalLahir: a.dateOfBirth,
    nomorTelepon: a.phones.map((p) => x.cipher.decrypt(p.cipher)),
    alamat: { kelurahan: a.address.kelurahan, kecamatan: a.address.kecamatan },
    jalur: a.route === 'emergency' ? 'darurat' : 'reguler',
    status: status(a.status),
    riwayatStatus: a.history.map((h) => ({ ...status(h.status), pada: at(h.at), catatan: h.note })),
    kunjunganRumah: a.visit ? { tanggal: a.visit.date, jam: a.visit.timeWindow } : null,
    keputusan: a.decision,
    alasanPenolakan: a.rejectionReason,
    pendanaan: a.funding,
    tanggalDiusulkan: a.proposalBatchDate,
    tanggalAktifBpjs: a.bpjsActivationDate,
    alasanNonaktif: a.deactivationReason,
    berhentiMenerimaPemberitahuan: a.notificationsOptOut,
    dibatasiSejak: at(a.restrictedAt),
    dicatatPada: at(a.createdAt),
    terakhirDiubah: at(a.updatedAt),
  });

  const ticket = (t: TicketDoc) => ({
    nomor: t.number,
    saluran: CHANNEL_LABELS[t.channel] ?? t.channel,
    topik: topic(t.topic),
    isi: t.body,
    pelapor: { nama: t.complainant.name, nomorTelepon: open(t.complainant.phoneSealed), nik: open(t.complainant.nikSealed) },
    identitasDirahasiakan: t.confidential,
    tahap: STAGE_LABELS[t.stage] ?? t.stage,
    diterimaPada: at(t.receivedAt),
    batasTanggapan: at(t.responseDueAt),
    // The first response, kept when a ticket is reopened.
    ditanggapiPada: at(firstResponseOf(t)?.at),
    tanggapanKantor: t.responses.map((r) => ({ pada: at(r.at), isi: r.text })),
    balasanPelapor: t.replies.map((r) => ({ pada: at(r.at), isi: r.text, lampiran: r.attachments })),
    riwayatTahap: t.history.map((h) => ({ dari: h.from ? STAGE_LABELS[h.from] : null, ke: STAGE_LABELS[h.to], pada: at(h.at), catatan: h.note })),
    penilaian: t.rating ? { nilai: t.rating.score, komentar: t.rating.comment, pada: at(t.rating.at) } : null,
    nomorLapor: t.laporTrackingId,
    dibatasiSejak: at(t.restrictedAt),
  });

  const chat = (c: ChatRecords) => {
    const sent = c.outbox.filter((e) => e.status === 'sent');
    // By time, then by id (creation order in one process) for messages of the same instant.
    const messages = [
      ...c.messages.map((m) => ({ t: m.at, id: String(m._id), arah: m.direction === 'in' ? 'masuk' : 'keluar', dari: AUTHORS[m.author] ?? m.author, isi: m.text })),
      ...sent.map((e) => ({ t: e.sentAt ?? e.createdAt, id: String(e._id), arah: 'keluar', dari: SOURCES[e.source] ?? e.source, isi: e.text })),
    ].sort((a, b) => a.t.getTime() - b.t.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return {
      saluran: c.channel === 'simulator' ? 'simulator (uji coba)' : 'WhatsApp',
      nomorTelepon: c.phone,
      sesi: c.session ? { alurAktif: c.session.flow?.id ?? null, aktivitasTerakhir: at(c.session.lastActivityAt) } : null,
      pesan: messages.map(({ t, id: _id, ...m }) => ({ pada: at(t), ...m })),
      pesanBelumTerkirim: c.outbox
        .filter((e) => e.status !== 'sent')
        .map((e) => ({ dibuat: at(e.createdAt), dari: SOURCES[e.source] ?? e.source, status: OUTBOX_STATUS[e.status] ?? e.status, isi: e.text })),
      serahTerimaKePetugas: c.handoffs.map((h) => ({
        status: HANDOFF_STATUS[h.status] ?? h.status,
        sebab: HANDOFF_REASON[h.reason] ?? h.reason,
        diminta: at(h.requestedAt),
        ditangani: at(h.claimedAt),
        ditutup: at(h.closedAt),
      })),
      catatanPetugas: c.notes.map((n) => ({ pada: at(n.at), isi: n.text })),
      lampiran: c.files.map((file) => ({
        jenis: FILE_KINDS[file.kind] ?? file.kind,
        namaFile: file.filename,
        tipeFile: file.mimeType,
        ukuranByte: file.size,
        diterimaPada: at(file.at),
        isiBase64: f.fileBytes?.get(file.id)?.toString('base64') ?? null,
      })),
      pesanGagalTerakhir: at(c.lastFailureAt),
    };
  };

  const files = f.chats.flatMap((c) => c.files);
  const withoutContents = files.filter((file) => !f.fileBytes?.has(file.id)).length;
  return {
    dokumen: 'Salinan data pribadi (UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi)',
    kantor: x.profile.office.name,
    dibuatPada: at(x.now),
    dasarPermintaan: x.reason,
    subjek: f.subject.kind === 'nik' ? { jenis: 'NIK', nilai: f.subject.nik } : { jenis: 'Nomor telepon', nilai: f.subject.phone },
    nomorTeleponTerkait: f.phones,
    permohonan: f.applications.map(application),
    pengaduan: f.tickets.map(ticket),
    percakapan: f.chats.map(chat),
    preferensiNotifikasi: f.preferences.map((p) => ({ berlakuUntuk: p.about === 'phone' ? 'nomor telepon' : 'percakapan', berhentiMenerima: p.optedOut, diubahPada: at(p.updatedAt) })),
    masaSimpan: retentionRows(x.retention).map((r) => ({ data: r.what, disimpan: r.sentence })),
    catatan: [
      'Permohonan dan pengaduan adalah arsip layanan publik: tidak dihapus, tetapi dapat dibatasi atas permintaan (tidak tampil di daftar dan pencarian petugas, dan statusnya tidak dijawab lewat WhatsApp).',
      'Nomor NIK, KK dan telepon yang diketik di dalam pesan disimpan tersamar (mis. 6371********0001), sehingga di salinan ini juga tersamar.',
      ...(files.length ? ['File yang dikirim lewat percakapan (lampiran) disertakan isinya dalam base64 (isiBase64): simpan sebagai file dengan nama dan tipe yang tertera.'] : []),
      ...(withoutContents ? [`${withoutContents} lampiran hanya dicantumkan tanpa isinya karena melebihi batas ukuran salinan ini; isinya dapat diminta terpisah kepada kantor.`] : []),
      'Tidak termasuk: log audit petugas (catatan siapa mengakses data, disimpan untuk pertanggungjawaban), hitungan cek status yang gagal (dihapus dalam 24 jam), dan percakapan dari akun WhatsApp tanpa nomor (@lid) yang tidak tercatat pada pengaduan.',
    ],
  };
}
