/**
 * Markup of the request register (admins): the form to write a request down as received, the
 * open requests by deadline with the overdue ones flagged, each with the form to record its
 * answer, and the latest answered ones. The person is shown only by the masked label.
 */
import { formErrors } from '../dashboard/forms';
import { html, type SafeHtml } from '../dashboard/html';
import { csrfField, type PageContext } from '../dashboard/layout';
import { countdown, dateTime, type TimeFormat } from '../dashboard/time';
import { deadlineOf, isOverdue, RESPONSE_HOURS, type DataSubjectRequest, type RequestChannel, type RequestKind } from './request-store';

export const REGISTER_PATH = '/dashboard/admin/privacy/requests';

/**
 * What UU 27/2022 says about the deadline, as checked (shared/reference/domain-facts.md): access,
 * correction and restriction requests are answered within 3×24 hours, which are hours on the
 * clock, not working days. Nothing more is claimed: the law's text as checked names no deadline
 * for erasure, so the register counts none for it.
 */
export const DEADLINE_SENTENCE = html`Permintaan melihat atau menyalin data, memperbaiki data, dan membatasi pemrosesan wajib dijawab paling lambat <strong>3×24 jam</strong> (${RESPONSE_HOURS} jam) sejak permintaan diterima (UU No. 27 Tahun 2022), dihitung dalam jam, bukan hari kerja.`;

/** The deadline cell: the date, or a dash for a kind the register counts no deadline for. */
const dueCell = (r: DataSubjectRequest, time: TimeFormat) => {
  const due = deadlineOf(r);
  return due ? dateTime(due, time) : html`<span class="muted" title="Batas 3×24 jam hanya untuk permintaan melihat/salinan, koreksi dan pembatasan">tidak dihitung</span>`;
};

export const KIND_LABELS: Record<RequestKind, string> = {
  access: 'Melihat / salinan data',
  correction: 'Koreksi data',
  erasure: 'Penghapusan data',
  restriction: 'Pembatasan pemrosesan',
  other: 'Lainnya',
};
const CHANNEL_LABELS: Record<RequestChannel, string> = { counter: 'Loket', letter: 'Surat', email: 'Email', whatsapp: 'WhatsApp', phone: 'Telepon', other: 'Lainnya' };
const OUTCOME_LABELS: Record<string, string> = { answered: 'Dijawab', refused: 'Ditolak' };

const options = <K extends string>(labels: Record<K, string>, chosen?: string) =>
  (Object.entries(labels) as [K, string][]).map(([value, label]) => html`<option value="${value}"${chosen === value ? html` selected` : ''}>${label}</option>`);

/** The line the privacy page opens with: how many requests wait, and how many are late. */
export function registerSummary(counts: { open: number; overdue: number }): SafeHtml {
  const late = counts.overdue
    ? html` <span class="badge late" id="privacy-requests-overdue">${counts.overdue} lewat batas waktu</span>`
    : '';
  return html`<p id="privacy-requests-summary"><a href="${REGISTER_PATH}">Daftar permintaan</a>: ${counts.open} belum dijawab${late}</p>`;
}

export interface RegisterValues {
  kind?: string;
  value?: string;
  requestKind?: string;
  channel?: string;
  receivedAt?: string;
  note?: string;
}

function row(r: DataSubjectRequest, ctx: PageContext, time: TimeFormat): SafeHtml {
  const late = isOverdue(r, time.now());
  return html`<tr data-request="${r.number}" data-overdue="${late ? 'true' : 'false'}"${late ? html` class="overdue"` : ''}>
  <td>${r.number}</td><td>${r.subjectLabel}</td><td>${KIND_LABELS[r.kind]}</td><td>${CHANNEL_LABELS[r.channel]}</td>
  <td class="nowrap">${dateTime(r.receivedAt, time)}</td>
  <td class="nowrap">${dueCell(r, time)} ${late ? html`<strong class="badge late">Lewat batas waktu</strong> ` : ''}${deadlineOf(r) ? countdown(deadlineOf(r)!, time) : ''}</td>
  <td class="text">${r.note}</td>
  <td><details><summary>Catat jawaban</summary>
    <form method="post" action="${REGISTER_PATH}/${r.id}/close" class="privacy-request-close">
      ${csrfField(ctx)}
      <label for="o-${r.id}">Hasil</label>
      <select id="o-${r.id}" name="outcome"><option value="answered">Dijawab</option><option value="refused">Ditolak (dengan alasan)</option></select>
      <label for="n-${r.id}">Bagaimana dijawab / alasan penolakan (dicatat di log audit)</label>
      <textarea id="n-${r.id}" name="note" rows="2" minlength="5" maxlength="500" required></textarea>
      <p><button type="submit">Simpan</button></p>
    </form></details></td></tr>`;
}

export function registerBody(o: { ctx: PageContext; time: TimeFormat; open: DataSubjectRequest[]; closed: DataSubjectRequest[]; values?: RegisterValues; errors?: string[] }): SafeHtml {
  const { ctx, time } = o;
  const v = o.values ?? {};
  const overdue = o.open.filter((r) => isOverdue(r, time.now())).length;
  return html`<p><a href="/dashboard/admin/privacy">‹ Permintaan data pribadi</a></p>
<h1>Daftar permintaan data pribadi</h1>
<p class="muted" id="privacy-deadline">Setiap permintaan pemohon atas datanya sendiri dicatat di sini saat diterima. ${DEADLINE_SENTENCE}
Yang belum dijawab setelah batas itu ditandai <span class="badge late">Lewat batas waktu</span>.
Untuk permintaan penghapusan dan lainnya daftar ini tidak menghitung batas waktu.</p>
${overdue ? html`<div class="flash error" role="alert" id="privacy-overdue-alert">${overdue} permintaan lewat batas waktu 3×24 jam. Jawab segera dan catat jawabannya.</div>` : ''}
<div class="panel">
<h2>Belum dijawab (${o.open.length})</h2>
${
  o.open.length
    ? html`<table id="privacy-open-requests"><thead><tr><th>Nomor</th><th>Pemohon</th><th>Jenis</th><th>Diterima lewat</th><th>Diterima</th><th>Batas waktu</th><th>Keterangan</th><th></th></tr></thead>
<tbody>${o.open.map((r) => row(r, ctx, time))}</tbody></table>`
    : html`<p class="muted" id="privacy-no-open-requests">Tidak ada permintaan yang menunggu jawaban.</p>`
}
</div>
<div class="panel">
<h2>Catat permintaan baru</h2>
${formErrors(o.errors)}
<form method="post" action="${REGISTER_PATH}" id="privacy-register">
  ${csrfField(ctx)}
  <div class="row">
    <div class="shrink"><label for="r-kind">Pemohon dikenali dengan</label>
      <select id="r-kind" name="kind"><option value="nik"${v.kind !== 'phone' ? html` selected` : ''}>NIK</option><option value="phone"${v.kind === 'phone' ? html` selected` : ''}>Nomor telepon / WhatsApp</option></select></div>
    <div><label for="r-value">NIK atau nomor</label><input type="text" id="r-value" name="value" value="${v.value ?? ''}" maxlength="40" required autocomplete="off"></div>
  </div>
  <div class="row">
    <div><label for="r-request-kind">Jenis permintaan</label><select id="r-request-kind" name="requestKind">${options(KIND_LABELS, v.requestKind)}</select></div>
    <div><label for="r-channel">Diterima lewat</label><select id="r-channel" name="channel">${options(CHANNEL_LABELS, v.channel)}</select></div>
    <div><label for="r-received">Diterima pada (kosongkan bila sekarang)</label><input type="datetime-local" id="r-received" name="receivedAt" value="${v.receivedAt ?? ''}"></div>
  </div>
  <label for="r-note">Keterangan (mis. nomor surat; jangan tulis NIK atau nomor telepon di sini)</label>
  <textarea id="r-note" name="note" rows="2" maxlength="500">${v.note ?? ''}</textarea>
  <p><button type="submit">Catat permintaan</button></p>
</form>
</div>
<div class="panel">
<h2>Terakhir dijawab</h2>
${
  o.closed.length
    ? html`<table id="privacy-closed-requests"><thead><tr><th>Nomor</th><th>Pemohon</th><th>Jenis</th><th>Diterima</th><th>Batas waktu</th><th>Dijawab</th><th>Hasil</th><th>Oleh</th><th>Keterangan</th></tr></thead>
<tbody>${o.closed.map(
  (r) => html`<tr data-request="${r.number}"><td>${r.number}</td><td>${r.subjectLabel}</td><td>${KIND_LABELS[r.kind]}</td><td class="nowrap">${dateTime(r.receivedAt, time)}</td>
  <td class="nowrap">${dueCell(r, time)}</td><td class="nowrap">${dateTime(r.closedAt, time)}${r.closedAt && isOverdue({ ...r, status: 'open' }, r.closedAt) ? html` <span class="badge late">terlambat</span>` : ''}</td>
  <td>${OUTCOME_LABELS[r.status] ?? r.status}</td><td>${r.closedBy?.name ?? '–'}</td><td class="text">${r.outcomeNote ?? ''}</td></tr>`,
)}</tbody></table>`
    : html`<p class="muted">Belum ada.</p>`
}
</div>`;
}

/** The person's registered requests, on their findings page. */
export function subjectRequests(requests: DataSubjectRequest[], time: TimeFormat): SafeHtml {
  if (!requests.length) return html`<p class="muted">Belum ada permintaan yang dicatat di <a href="${REGISTER_PATH}">daftar permintaan</a>.</p>`;
  return html`<table id="privacy-subject-requests"><thead><tr><th>Nomor</th><th>Jenis</th><th>Diterima</th><th>Batas waktu</th><th>Status</th></tr></thead>
<tbody>${requests.map((r) => {
    const late = isOverdue(r, time.now());
    return html`<tr data-request="${r.number}"><td>${r.number}</td><td>${KIND_LABELS[r.kind]}</td><td class="nowrap">${dateTime(r.receivedAt, time)}</td>
  <td class="nowrap">${dueCell(r, time)}${late ? html` <span class="badge late">Lewat batas waktu</span>` : ''}</td><td>${r.status === 'open' ? 'Belum dijawab' : OUTCOME_LABELS[r.status]}</td></tr>`;
  })}</tbody></table>`;
}
