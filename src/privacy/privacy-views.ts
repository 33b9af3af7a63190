/**
 * Markup of the data-subject request page (admins): the search form with what each step does
 * and how long records are kept, and the findings with the forms for each step. Numbers are
 * shown masked; only a correction form holds the numbers it edits. Every form carries the
 * person (hidden fields) and asks for its own reason.
 */
import type { AgencyProfile } from '../agency/profile-schema';
import { maskNik } from '../applications/nik';
import type { PiiCipher } from '../applications/pii-crypto';
import { maskPhone } from '../applications/sealing';
import { formErrors } from '../dashboard/forms';
import { html, type SafeHtml } from '../dashboard/html';
import { csrfField, type PageContext } from '../dashboard/layout';
import { STAGE_LABELS } from '../dashboard/tickets/ticket-labels';
import { dateTime, type TimeFormat } from '../dashboard/time';
import type { Findings } from './privacy-service';
import { DEADLINE_SENTENCE, subjectRequests } from './request-views';
import { retentionRows, type RetentionDays } from './retention';
import { subjectLabel, subjectValue, type Subject } from './subject';

const BASE = '/dashboard/admin/privacy';

const ACTION_LABELS: Record<string, string> = {
  'privacy.lookup': 'Mencari dan melihat data',
  'privacy.export': 'Mengunduh salinan data',
  'privacy.correct': 'Mengoreksi permohonan',
  'privacy.erase': 'Menghapus riwayat percakapan',
  'privacy.restrict': 'Membatasi pemrosesan',
  'privacy.unrestrict': 'Mencabut pembatasan',
  'privacy.request_registered': 'Mencatat permintaan',
  'privacy.request_answered': 'Mencatat permintaan dijawab',
  'privacy.request_refused': 'Mencatat permintaan ditolak',
};

export interface SearchValues {
  kind: string;
  value: string;
  reason: string;
}

const reasonField = (id: string, hint = 'mis. permintaan tertulis pemohon di loket, tanggal dan nomor surat') => html`
  <label for="${id}">Alasan / dasar permintaan (wajib, dicatat di log audit)</label>
  <textarea id="${id}" name="reason" rows="2" minlength="5" maxlength="500" required placeholder="${hint}"></textarea>`;

const subjectFields = (s: Subject) => html`<input type="hidden" name="kind" value="${s.kind}"><input type="hidden" name="value" value="${subjectValue(s)}">`;

/**
 * Each period as the sentence staff read; where it is set (the .env variable, or that it is
 * fixed) only as a small second line, for the admin who would change it.
 */
function retentionTable(r: RetentionDays): SafeHtml {
  return html`<ul id="privacy-retention" class="retention">${retentionRows(r).map(
    (row) => html`<li><span class="retention-sentence">${row.sentence}</span>
    <br><small class="muted retention-setting">${'variable' in row.setBy ? html`Diatur di: <code>${row.setBy.variable}</code> (berkas .env server)` : row.setBy.words}</small></li>`,
  )}</ul>`;
}

const intro = html`<h1>Permintaan data pribadi</h1>
<p class="muted">Untuk menjawab permintaan pemohon atas datanya sendiri (UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi):
melihat, memberi salinan, memperbaiki, menghapus riwayat percakapan, atau membatasi pemrosesan.
${DEADLINE_SENTENCE} Setiap langkah dicatat di log audit beserta alasannya.</p>`;

export function privacyHomeBody(o: { ctx: PageContext; retention: RetentionDays; values?: SearchValues; errors?: string[]; summary?: SafeHtml }): SafeHtml {
  const v = o.values ?? { kind: 'nik', value: '', reason: '' };
  return html`${intro}
${o.summary ?? ''}
<div class="panel">
<h2>Cari data seseorang</h2>
${formErrors(o.errors)}
<form method="post" action="${BASE}/lookup" id="privacy-lookup">
  ${csrfField(o.ctx)}
  <div class="row">
    <div class="shrink"><label for="privacy-kind">Cari dengan</label>
      <select id="privacy-kind" name="kind">
        <option value="nik"${v.kind === 'nik' ? html` selected` : ''}>NIK</option>
        <option value="phone"${v.kind === 'phone' ? html` selected` : ''}>Nomor telepon / WhatsApp</option>
      </select></div>
    <div><label for="privacy-value">NIK atau nomor</label><input type="text" id="privacy-value" name="value" value="${v.value}" maxlength="40" required autocomplete="off"></div>
  </div>
  ${reasonField('privacy-lookup-reason')}
  <p><button type="submit">Cari data</button></p>
</form>
</div>
<div class="panel">
<h2>Yang dapat dilakukan</h2>
<ul>
  <li><strong>Salinan data</strong>: berkas JSON berisi semua data orang tersebut, terbaca jelas (NIK dan nomor lengkap), untuk diserahkan kepadanya.</li>
  <li><strong>Koreksi</strong>: nama, kelurahan/kecamatan dan nomor telepon pada permohonan.</li>
  <li><strong>Hapus riwayat percakapan</strong>: riwayat chat, sesi, pesan keluar, serah terima ke petugas, catatan petugas. Tidak dapat dibatalkan.</li>
  <li><strong>Batasi pemrosesan</strong>: permohonan dan pengaduan adalah arsip layanan publik, jadi <strong>tidak dihapus</strong> melainkan dibatasi —
    tidak tampil di daftar, pencarian, ekspor dan laporan petugas, tidak diberi pengingat, dan cek status lewat WhatsApp dijawab dengan balasan netral
    seperti data yang tidak dikenal. Pembatasan dapat dicabut.</li>
</ul>
</div>
<div class="panel">
<h2>Masa simpan data</h2>
${retentionTable(o.retention)}
</div>`;
}

const restrictedBadge = (at: Date | null | undefined, time: TimeFormat) =>
  at ? html`<span class="badge late" title="Dibatasi sejak ${dateTime(at, time)}">Dibatasi</span>` : html`<span class="badge">Tidak dibatasi</span>`;

export function privacyResultsBody(o: {
  ctx: PageContext;
  found: Findings;
  cipher: PiiCipher;
  profile: AgencyProfile;
  time: TimeFormat;
  retention: RetentionDays;
  errors?: string[];
}): SafeHtml {
  const { found, cipher, time, ctx } = o;
  const s = found.subject;
  const phones = (sealed: { cipher: string }[]) => sealed.map((p) => maskPhone(cipher.decrypt(p.cipher))).join(', ');
  const statusLabel = (code: string) => o.profile.statuses[code as keyof typeof o.profile.statuses]?.label ?? code;
  const nothing = found.applications.length + found.tickets.length + found.chats.length + found.preferences.length === 0;

  const applications = found.applications.length
    ? html`<table id="privacy-applications"><thead><tr><th>No. registrasi</th><th>Nama</th><th>NIK</th><th>Status</th><th>Kelurahan / kecamatan</th><th>Telepon</th><th>Pembatasan</th></tr></thead>
  <tbody>${found.applications.map(
    (a) => html`<tr data-application="${a.id}" data-registration="${a.registrationNumber}">
    <td>${a.registrationNumber}</td><td>${a.name}</td><td>${maskNik(cipher.decrypt(a.nik.cipher))}</td><td>${statusLabel(a.status)}</td>
    <td>${a.address.kelurahan ?? '–'} / ${a.address.kecamatan ?? '–'}</td><td>${phones(a.phones) || '–'}</td><td>${restrictedBadge(a.restrictedAt, time)}</td></tr>
  <tr><td colspan="7"><details><summary>Koreksi nama, alamat, telepon</summary>
    <form method="post" action="${BASE}/correct" class="privacy-correct" data-application="${a.id}">
      ${csrfField(ctx)}${subjectFields(s)}
      <input type="hidden" name="applicationId" value="${a.id}"><input type="hidden" name="revision" value="${a.revision}">
      <div class="row">
        <div><label for="c-name-${a.id}">Nama</label><input type="text" id="c-name-${a.id}" name="name" value="${a.name}" maxlength="200" required></div>
        <div><label for="c-kel-${a.id}">Kelurahan</label><input type="text" id="c-kel-${a.id}" name="kelurahan" value="${a.address.kelurahan ?? ''}" maxlength="100"></div>
        <div><label for="c-kec-${a.id}">Kecamatan</label><input type="text" id="c-kec-${a.id}" name="kecamatan" value="${a.address.kecamatan ?? ''}" maxlength="100"></div>
      </div>
      <label for="c-phones-${a.id}">Nomor telepon (satu per baris, paling banyak 5)</label>
      <textarea id="c-phones-${a.id}" name="phones" rows="2">${a.phones.map((p) => cipher.decrypt(p.cipher)).join('\n')}</textarea>
      ${reasonField(`c-reason-${a.id}`, 'mis. pemohon menunjukkan KTP dengan ejaan nama yang benar')}
      <p><button type="submit">Simpan koreksi</button></p>
    </form></details></td></tr>`,
  )}</tbody></table>`
    : html`<p class="muted" id="privacy-no-applications">Tidak ada permohonan.</p>`;

  const tickets = found.tickets.length
    ? html`<table id="privacy-tickets"><thead><tr><th>Nomor</th><th>Tahap</th><th>Diterima</th><th>Pelapor</th><th>Pembatasan</th></tr></thead>
  <tbody>${found.tickets.map(
    (t) => html`<tr data-ticket="${t.number}"><td>${t.number}</td><td>${STAGE_LABELS[t.stage] ?? t.stage}</td><td>${dateTime(t.receivedAt, time)}</td>
    <td>${t.complainant.name ?? '–'}${t.confidential ? html` <span class="badge">rahasia</span>` : ''}</td><td>${restrictedBadge(t.restrictedAt, time)}</td></tr>`,
  )}</tbody></table>`
    : html`<p class="muted" id="privacy-no-tickets">Tidak ada pengaduan.</p>`;

  const chats = found.chats.length
    ? html`<table id="privacy-chats"><thead><tr><th>Saluran</th><th>Nomor</th><th>Pesan masuk</th><th>Pesan keluar</th><th>Belum terkirim</th><th>Serah terima</th><th>Catatan petugas</th><th>File</th><th>Sesi</th></tr></thead>
  <tbody>${found.chats.map((c) => {
    const inbound = c.messages.filter((m) => m.direction === 'in').length;
    const outbound = c.messages.length - inbound + c.outbox.filter((e) => e.status === 'sent').length;
    return html`<tr data-chat-channel="${c.channel}"><td>${c.channel === 'simulator' ? 'Simulator' : 'WhatsApp'}</td><td>${c.phone ? maskPhone(c.phone) : 'tanpa nomor (@lid)'}</td>
    <td>${inbound}</td><td>${outbound}</td><td>${c.outbox.length - c.outbox.filter((e) => e.status === 'sent').length}</td><td>${c.handoffs.length}</td><td>${c.notes.length}</td><td>${c.files.length}</td>
    <td>${c.session ? `aktif ${dateTime(c.session.lastActivityAt, time)}` : '–'}</td></tr>`;
  })}</tbody></table>`
    : html`<p class="muted" id="privacy-no-chats">Tidak ada riwayat percakapan.</p>`;

  const preferences = found.preferences.length
    ? html`<ul id="privacy-preferences">${found.preferences.map(
      (p) => html`<li>${p.about === 'phone' ? 'Nomor telepon' : 'Percakapan'}: ${p.optedOut ? 'berhenti menerima pemberitahuan' : 'menerima pemberitahuan'} (diubah ${dateTime(p.updatedAt, time)})</li>`,
    )}</ul>`
    : html`<p class="muted">Tidak ada pilihan berhenti/mulai pemberitahuan yang tersimpan.</p>`;

  const records = [
    ...found.applications.map((a) => html`<label><input type="checkbox" name="applications" value="${a.id}" checked> Permohonan ${a.registrationNumber}${a.restrictedAt ? ' (dibatasi)' : ''}</label>`),
    ...found.tickets.map((t) => html`<label><input type="checkbox" name="tickets" value="${t.number}" checked> Pengaduan ${t.number}${t.restrictedAt ? ' (dibatasi)' : ''}</label>`),
  ];

  return html`<p><a href="${BASE}">‹ Cari orang lain</a></p>
<h1 id="privacy-subject">Data untuk ${subjectLabel(s)}</h1>
${formErrors(o.errors)}
${nothing ? html`<p id="privacy-nothing">Tidak ada data yang tersimpan untuk ${subjectLabel(s)}.</p>` : ''}
${found.phones.length ? html`<p class="muted">Nomor telepon yang ikut dicari: ${found.phones.map(maskPhone).join(', ')}</p>` : ''}
${new Set(found.applications.map((a) => a.nik.hash)).size > 1
  ? html`<div class="flash error" role="alert" id="privacy-several-people">Nomor ini tercatat pada permohonan atas beberapa NIK (mis. satu keluarga memakai satu nomor).
    Periksa identitas pemohon sebelum menyerahkan salinan, dan cari dengan NIK bila yang diminta data satu orang saja.</div>`
  : ''}
<div class="panel"><h2>Permohonan</h2>${applications}</div>
<div class="panel"><h2>Pengaduan</h2>${tickets}</div>
<div class="panel"><h2>Percakapan WhatsApp</h2>${chats}</div>
<div class="panel"><h2>Pemberitahuan</h2>${preferences}</div>

<div class="two">
<div class="panel">
<h2>Salinan data (JSON)</h2>
<p class="muted">Berisi NIK, KK dan nomor telepon lengkap: serahkan hanya kepada orang tersebut, jangan simpan di komputer kantor.</p>
<form method="post" action="${BASE}/export" id="privacy-export">
  ${csrfField(ctx)}${subjectFields(s)}
  ${reasonField('privacy-export-reason')}
  <p><button type="submit">Unduh salinan</button></p>
</form>
</div>
<div class="panel">
<h2>Hapus riwayat percakapan</h2>
<p class="muted">Menghapus riwayat chat, sesi, pesan keluar, serah terima ke petugas dan catatan petugas dari ${found.chats.length} percakapan di atas.
Permohonan, pengaduan, pilihan pemberitahuan dan log audit <strong>tidak</strong> dihapus.</p>
<form method="post" action="${BASE}/erase" id="privacy-erase" data-confirm="Hapus riwayat percakapan orang ini? Tidak dapat dibatalkan.">
  ${csrfField(ctx)}${subjectFields(s)}
  <div class="checks"><label><input type="checkbox" name="confirm" value="1" required> Saya mengerti penghapusan ini tidak dapat dibatalkan.</label></div>
  ${reasonField('privacy-erase-reason')}
  <p><button type="submit" class="danger"${found.chats.length ? '' : html` disabled`}>Hapus riwayat percakapan</button></p>
</form>
</div>
</div>

<div class="panel">
<h2>Batasi pemrosesan permohonan dan pengaduan</h2>
<p class="muted">Permohonan dan pengaduan adalah arsip layanan publik: tidak dihapus, tetapi dapat dibatasi. Yang dibatasi tidak tampil di daftar,
pencarian, ekspor dan laporan petugas, tidak diberi pengingat, dan cek status lewat WhatsApp dijawab dengan balasan netral.
Hanya admin yang dapat membukanya lewat alamatnya, dengan tanda <em>Data dibatasi</em> dan tercatat di log audit; peran lain ditolak.</p>
${
  records.length
    ? html`<form method="post" action="${BASE}/restrict" id="privacy-restrict">
  ${csrfField(ctx)}${subjectFields(s)}
  <div class="checks">${records}</div>
  ${reasonField('privacy-restrict-reason')}
  <p><button type="submit" name="action" value="restrict">Batasi yang dipilih</button> <button type="submit" name="action" value="lift" class="secondary">Cabut pembatasan yang dipilih</button></p>
</form>`
    : html`<p class="muted">Tidak ada permohonan atau pengaduan.</p>`
}
</div>

<div class="panel">
<h2>Permintaan yang dicatat</h2>
${subjectRequests(found.registered, time)}
</div>

<div class="panel">
<h2>Riwayat permintaan data orang ini</h2>
${
  found.requests.length
    ? html`<table id="privacy-requests"><thead><tr><th>Waktu</th><th>Petugas</th><th>Langkah</th><th>Alasan</th></tr></thead>
  <tbody>${found.requests.map((e) => html`<tr><td class="nowrap">${dateTime(e.at, time)}</td><td>${e.actorName}</td><td>${ACTION_LABELS[e.action] ?? e.action}</td><td class="text">${typeof e.details?.reason === 'string' ? e.details.reason : ''}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">Belum ada.</p>`
}
</div>
<details class="panel"><summary>Masa simpan data</summary>${retentionTable(o.retention)}</details>`;
}
