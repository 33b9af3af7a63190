/**
 * Application markup: search with results, one application with its status history, the
 * status-change and visit forms, and the CSV import form with its (dry-run) report.
 */
import type { AgencyProfile, StatusCode } from '../../agency/profile-schema';
import type { ImportReport } from '../../applications/csv-import';
import type { RecordsService } from '../../applications/records-service';
import { AWAITING_VISIT, TRANSITIONS } from '../../applications/transitions';
import { formErrors } from '../forms';
import { columnLabel, rowMessage } from './import-wording';
import { html, query, type SafeHtml } from '../html';
import { csrfField, type PageContext } from '../layout';
import { dateTime, type TimeFormat } from '../time';

type Summary = Awaited<ReturnType<RecordsService['search']>>[number];
type Detail = Awaited<ReturnType<RecordsService['get']>>;

export const SEARCH_BY = { auto: 'Otomatis', registrationNumber: 'Nomor registrasi', name: 'Nama', nik: 'NIK (persis)' } as const;
export type SearchBy = keyof typeof SEARCH_BY;

export const appHref = (id: string) => `/dashboard/applications/${encodeURIComponent(id)}`;
const statusLabel = (profile: AgencyProfile, s: string) => profile.statuses[s as StatusCode]?.label ?? s;

export function searchBody(o: { ctx: PageContext; q: string; by: SearchBy; results: Summary[] | null; errors?: string[] }): SafeHtml {
  return html`<div class="row"><h1>Permohonan</h1><div class="shrink"><a class="button" href="/dashboard/applications/import">Impor CSV</a></div></div>
<form class="panel row" method="get" action="/dashboard/applications">
  <div class="widest"><label for="q">Cari nomor registrasi, nama, atau NIK</label><input type="search" id="q" name="q" value="${o.q}" autocomplete="off" autofocus></div>
  <div><label for="by">Berdasarkan</label><select id="by" name="by">${Object.entries(SEARCH_BY).map(([k, v]) => html`<option value="${k}"${k === o.by ? html` selected` : ''}>${v}</option>`)}</select></div>
  <div class="shrink"><button type="submit">Cari</button></div>
</form>
${formErrors(o.errors)}
${
  o.results === null
    ? html`<p class="muted">NIK dicari persis 16 angka; setiap pencarian dengan NIK dicatat dalam log audit.</p>`
    : o.results.length === 0
      ? html`<p class="panel muted">Tidak ada permohonan yang cocok.</p>`
      : html`<table id="application-results"><thead><tr><th>Nomor registrasi</th><th>Nama</th><th>NIK</th><th>Status</th><th>Kunjungan</th></tr></thead>
<tbody>${o.results.map(
          (a) => html`<tr><td><a href="${appHref(a.id)}">${a.registrationNumber}</a></td><td>${a.name}</td><td>${a.nik}</td><td>${a.statusLabel}</td><td>${a.visit ? `${a.visit.date} ${a.visit.timeWindow}` : '–'}</td></tr>`,
        )}</tbody></table>`
}`;
}

const DETAIL_FIELDS: { name: string; label: string; type?: string }[] = [
  { name: 'reason', label: 'Alasan (wajib untuk tidak layak / ditolak)' },
  { name: 'waitingListPosition', label: 'Nomor urut daftar tunggu', type: 'number' },
  { name: 'quotaPeriod', label: 'Periode kuota (mis. Desember 2026)' },
  { name: 'proposalBatchDate', label: 'Tanggal pengusulan', type: 'date' },
  { name: 'bpjsActivationDate', label: 'Tanggal aktif BPJS', type: 'date' },
  { name: 'deactivationReason', label: 'Alasan nonaktif' },
];

export function detailBody(o: { ctx: PageContext; app: Detail; profile: AgencyProfile; names: Map<string, string>; time: TimeFormat; revealed: boolean; errors?: string[]; values?: Record<string, string> }): SafeHtml {
  const { app, profile } = o;
  const v = o.values ?? {};
  const next = TRANSITIONS[app.status].filter((s) => s in profile.statuses);
  const actorName = (id: string) => o.names.get(id) ?? (id === 'import' ? 'Impor CSV' : id === 'api-token' ? 'API' : id);
  const base = appHref(app.id);
  // Status changes and visit dates are sent to the applicant's WhatsApp: asked once before.
  const tellsApplicant = !app.notificationsOptOut && app.phones.length > 0;
  return html`<p><a href="/dashboard/applications">← Cari permohonan</a></p>
<h1>${app.registrationNumber} · ${app.name} <span class="badge" id="application-status">${app.statusLabel}</span></h1>
${formErrors(o.errors)}
<div class="two">
<div>
  <div class="panel">
    <dl class="facts">
      <dt>NIK</dt><dd>${app.nik}</dd>
      <dt>Nomor KK</dt><dd>${app.kkNumber}</dd>
      <dt>Nomor HP</dt><dd>${app.phones.length ? app.phones.join(', ') : '–'}</dd>
      <dt>Kode verifikasi</dt><dd><code id="verification-code">${app.receipt.verificationCode ?? '–'}</code> <span class="muted">(tertera di tanda terima; pemohon memakainya untuk cek status dari nomor lain)</span></dd>
      <dt>Tanggal lahir</dt><dd>${app.dateOfBirth}</dd>
      <dt>Alamat</dt><dd>${[app.address.kelurahan, app.address.kecamatan].filter(Boolean).join(', ') || '–'}</dd>
      <dt>Jalur</dt><dd>${app.route === 'emergency' ? 'Darurat' : 'Reguler'}</dd>
      <dt>Kunjungan rumah</dt><dd>${app.visit ? `${app.visit.date} pukul ${app.visit.timeWindow}` : '–'}</dd>
      <dt>Pemberitahuan WhatsApp</dt><dd>${app.notificationsOptOut ? 'dihentikan oleh pemohon' : 'aktif'}</dd>
    </dl>
    ${o.revealed ? '' : html`<p><a href="${base}${query({ reveal: '1' })}">Tampilkan NIK, KK dan nomor HP lengkap</a> <span class="muted">(dicatat dalam log audit)</span></p>`}
  </div>
  <div class="panel">
    <h2>Riwayat status</h2>
    <table id="status-history"><thead><tr><th>Waktu</th><th>Status</th><th>Oleh</th><th>Catatan</th></tr></thead>
    <tbody>${app.history.map((h) => html`<tr><td>${dateTime(new Date(h.at), o.time)}</td><td>${statusLabel(profile, h.status)}</td><td>${actorName(h.actor)}</td><td>${h.note ?? ''}</td></tr>`)}</tbody></table>
  </div>
</div>
<div>
  <div class="panel">
    <h2>Ubah status</h2>
    ${
      next.length === 0
        ? html`<p class="muted">Status ini adalah status akhir.</p>`
        : html`<form method="post" action="${base}/status"${tellsApplicant ? html` data-confirm="Status akan diubah dan pemohon diberi tahu lewat WhatsApp. Lanjutkan?"` : ''}>${csrfField(o.ctx)}
      <label for="status">Status baru</label>
      <select id="status" name="status" required><option value="">Pilih status baru…</option>${next.map((s) => html`<option value="${s}"${v.status === s ? html` selected` : ''}>${statusLabel(profile, s)}</option>`)}</select>
      <label for="status-note">Catatan</label><input type="text" id="status-note" name="note" value="${v.note ?? ''}" maxlength="1000">
      <fieldset class="details"><legend>Keterangan sesuai status (isi yang diminta status baru)</legend>
        ${DETAIL_FIELDS.map((f) => html`<div><label for="d-${f.name}">${f.label}</label><input type="${f.type ?? 'text'}" id="d-${f.name}" name="${f.name}" value="${v[f.name] ?? ''}"></div>`)}
        <div><label for="d-funding">Pembiayaan (wajib untuk diusulkan)</label>
        <select id="d-funding" name="funding"><option value="">–</option>${['APBD', 'APBN'].map((f) => html`<option value="${f}"${v.funding === f ? html` selected` : ''}>${f}</option>`)}</select></div>
      </fieldset>
      <p><button type="submit">Simpan status</button></p>
    </form>`
    }
  </div>
  <div class="panel">
    <h2>Jadwal kunjungan rumah</h2>
    ${
      AWAITING_VISIT.includes(app.status)
        ? html`<form method="post" action="${base}/visit" class="row"${tellsApplicant ? html` data-confirm="Jadwal kunjungan disimpan dan dikirim ke WhatsApp pemohon. Lanjutkan?"` : ''}>${csrfField(o.ctx)}
      <div><label for="visit-date">Tanggal</label><input type="date" id="visit-date" name="date" value="${v.date ?? app.visit?.date ?? ''}" required></div>
      <div><label for="visit-window">Jam (mis. 09.00-12.00)</label><input type="text" id="visit-window" name="timeWindow" value="${v.timeWindow ?? app.visit?.timeWindow ?? ''}" placeholder="09.00-12.00" required></div>
      <div class="shrink"><button type="submit" class="secondary">Simpan jadwal</button></div>
    </form><p class="muted">Pemohon diberi tahu lewat WhatsApp dan diingatkan sehari sebelumnya.</p>`
        : html`<p class="muted">Kunjungan hanya dapat dijadwalkan sebelum ada keputusan verifikasi.</p>`
    }
  </div>
</div>
</div>`;
}

export function importBody(o: { ctx: PageContext; report?: ImportReport | null; errors?: string[]; checked?: string }): SafeHtml {
  const r = o.report;
  return html`<p><a href="/dashboard/applications">← Cari permohonan</a></p>
<h1>Impor permohonan dari CSV</h1>
${formErrors(o.errors)}
<form class="panel" method="post" action="/dashboard/applications/import" enctype="multipart/form-data">${csrfField(o.ctx)}
  <label for="csv-file">Berkas CSV (dipisah koma atau titik koma, baris pertama judul kolom)</label>
  <input type="file" id="csv-file" name="file" accept=".csv,text/csv" required>
  <div class="checks">
    <label><input type="checkbox" name="dryRun" value="1" checked> Uji coba saja (periksa tanpa menyimpan)</label>
    <label><input type="checkbox" name="notify" value="1" checked> Kirim pemberitahuan WhatsApp untuk perubahan status dan jadwal kunjungan</label>
  </div>
  <p><button type="submit">Periksa / impor</button></p>
</form>
${
  r
    ? html`<div class="panel" id="import-report">
  <h2>${r.dryRun ? 'Hasil uji coba (belum ada yang disimpan)' : 'Hasil impor'}</h2>
  <div class="cards">
    <div class="card"><div class="n">${r.rows}</div>baris</div>
    <div class="card"><div class="n">${r.created}</div>${r.dryRun ? 'akan dibuat' : 'dibuat'}</div>
    <div class="card"><div class="n">${r.updated}</div>${r.dryRun ? 'akan diperbarui' : 'diperbarui'}</div>
    <div class="card"><div class="n">${r.unchanged}</div>tidak berubah</div>
    <div class="card"><div class="n">${r.failed}</div>bermasalah</div>
  </div>
  ${
    r.errors.length
      ? html`<h2>Baris bermasalah</h2><table id="import-errors"><thead><tr><th>Baris</th><th>Kolom</th><th>Masalah</th></tr></thead>
  <tbody>${r.errors.map((e) => html`<tr><td>${e.line}</td><td>${columnLabel(e.column)}</td><td>${rowMessage(e.message)}</td></tr>`)}</tbody></table>`
      : html`<p>Tidak ada baris bermasalah.</p>`
  }
  ${r.warnings.length ? html`<h2>Peringatan</h2><ul>${r.warnings.map((w) => html`<li>Baris ${w.line}: ${rowMessage(w.message)}</li>`)}</ul>` : ''}
  ${o.checked !== undefined && r.created + r.updated > 0 ? importCheckedForm(o.ctx, o.checked, r) : ''}
</div>`
    : ''
}`;
}

/** Imports the file just checked, without choosing it again: its text rides in the form. */
function importCheckedForm(ctx: PageContext, text: string, r: ImportReport): SafeHtml {
  return html`<form method="post" action="/dashboard/applications/import" enctype="multipart/form-data" id="import-checked"
    data-confirm="Simpan ${r.created + r.updated} baris yang valid${r.failed ? ` (${r.failed} baris bermasalah dilewati)` : ''}?">${csrfField(ctx)}
  <textarea name="csv" hidden>${text}</textarea>
  <div class="checks"><label><input type="checkbox" name="notify" value="1" checked> Kirim pemberitahuan WhatsApp untuk perubahan status dan jadwal kunjungan</label></div>
  <p><button type="submit">Impor berkas ini sekarang</button> <span class="muted">${r.failed ? 'Baris bermasalah tidak disimpan; perbaiki lalu impor lagi.' : ''}</span></p>
</form>`;
}
