/**
 * Ticket markup: the filtered list with deadline countdowns, one ticket with its history and
 * the officer's actions, and the form for logging a complaint that came by another channel.
 */
import { REOPEN_STAGE } from '../../complaints/complaint-desk';
import { COMPLAINT_TOPICS } from '../../conversation/services';
import type { StaffContact } from '../../staff/staff-directory';
import { STAGES, TICKET_CHANNELS, LOGGED_CHANNELS, CLOCK_RUNNING, type TicketDoc } from '../../complaints/ticket';
import { isOverdue, type ticketDetail } from '../../complaints/ticket-view';
import { formErrors } from '../forms';
import { html, query, type SafeHtml } from '../html';
import { csrfField, type PageContext } from '../layout';
import { countdown, dateTime, type TimeFormat } from '../time';
import type { TicketFiles } from '../../complaints/ticket-files';
import { ticketFilesView } from './ticket-files-view';
import { stageChangeTells } from '../../complaints/stage-rules';
import { CHANNEL_LABELS, STAGE_LABELS } from './ticket-labels';

export interface TicketFilters {
  stage?: string;
  overdue?: string;
  assignee?: string;
  channel?: string;
  q?: string;
  show?: 'open' | 'all';
  sort?: 'deadline' | 'newest';
  page?: number;
  /** A sealed phone/NIK search (identity-search.ts). */
  who?: string;
}

/** One page of the list and the total it was cut from. */
export interface TicketPage {
  tickets: TicketDoc[];
  total: number;
  page: number;
  perPage: number;
  /** Open tickets with less than a working day left (amber), by number. */
  dueSoon?: Set<string>;
  /** The phone or NIK searched for, masked ("NIK 6371********0001"). */
  searched?: string;
}

export const ticketHref = (number: string) => `/dashboard/tickets/${encodeURIComponent(number)}`;

const options = (values: readonly string[], labels: Record<string, string>, selected: string | undefined, empty: string) =>
  html`<option value="">${empty}</option>${values.map((v) => html`<option value="${v}"${v === selected ? html` selected` : ''}>${labels[v] ?? v}</option>`)}`;

function deadlineCell(t: TicketDoc, time: TimeFormat): SafeHtml {
  if (t.respondedAt) return html`<span class="muted">ditanggapi ${dateTime(t.respondedAt, time)}</span>`;
  if (!CLOCK_RUNNING.includes(t.stage)) return html`<span class="muted">${t.stage === 'menunggu_pelapor' ? 'dijeda' : '–'}</span>`;
  return countdown(t.responseDueAt, time);
}

export function ticketListBody(o: { ctx: PageContext; list: TicketPage; filters: TicketFilters; officers: StaffContact[]; topics: Record<string, string>; time: TimeFormat }): SafeHtml {
  const f = o.filters;
  const assignees: Record<string, string> = { me: 'Saya', none: 'Belum ada', ...Object.fromEntries(o.officers.map((p) => [p.id, p.name])) };
  return html`<div class="row"><h1>Pengaduan</h1><div class="shrink"><a class="button" href="/dashboard/tickets/new">Catat pengaduan dari kanal lain</a></div></div>
<form class="panel row" method="post" action="/dashboard/tickets/search" id="ticket-filters">${csrfField(o.ctx)}
  <div><label for="f-stage">Tahap</label><select id="f-stage" name="stage">${options(STAGES, STAGE_LABELS, f.stage, 'Semua tahap')}</select></div>
  <div><label for="f-overdue">Batas waktu</label><select id="f-overdue" name="overdue">${options(['true', 'false'], { true: 'Terlambat', false: 'Tidak terlambat' }, f.overdue, 'Semua')}</select></div>
  <div><label for="f-assignee">Penanggung jawab</label><select id="f-assignee" name="assignee">${options(Object.keys(assignees), assignees, f.assignee, 'Semua')}</select></div>
  <div><label for="f-channel">Kanal</label><select id="f-channel" name="channel">${options(TICKET_CHANNELS, CHANNEL_LABELS, f.channel, 'Semua kanal')}</select></div>
  <div><label for="f-show">Tampilkan</label><select id="f-show" name="show">${choices({ open: 'Belum selesai', all: 'Semua' }, f.show)}</select></div>
  <div><label for="f-sort">Urutkan</label><select id="f-sort" name="sort">${choices({ deadline: 'Tenggat', newest: 'Terbaru' }, f.sort)}</select></div>
  <div class="wide"><label for="f-q">Cari</label><input type="search" id="f-q" name="q" value="${f.q ?? ''}" maxlength="100" autocomplete="off" placeholder="${
    o.list.searched ? `Dicari: ${o.list.searched}` : 'nomor, nama, isi, HP atau NIK'
  }">${f.who ? html`<input type="hidden" name="who" value="${f.who}">` : ''}</div>
  <div class="shrink"><button type="submit">Saring</button> <a href="/dashboard/tickets">Hapus saringan</a></div>
</form>
<div data-live-src="/dashboard/tickets/rows${query({ ...f })}" data-live-on="ticket">${ticketTable(o.list, f, o.topics, o.time)}</div>`;
}

/** A select without an empty choice: the first entry is the default the server applies too. */
const choices = (labels: Record<string, string>, selected: string | undefined) =>
  Object.entries(labels).map(([v, label]) => html`<option value="${v}"${v === selected ? html` selected` : ''}>${label}</option>`);

function pager(list: TicketPage, f: TicketFilters): SafeHtml {
  const pages = Math.max(1, Math.ceil(list.total / list.perPage));
  const first = list.total === 0 ? 0 : (list.page - 1) * list.perPage + 1;
  const last = Math.min(list.total, list.page * list.perPage);
  const link = (to: number, label: string, rel: string) => html`<a href="/dashboard/tickets${query({ ...f, page: to === 1 ? undefined : to })}" rel="${rel}">${label}</a>`;
  // One flex item for the whole count sentence, so the searched-for number stays in it.
  return html`<p class="pager" id="ticket-count"><span>Menampilkan ${list.tickets.length} dari ${list.total} pengaduan${list.searched ? html` dengan <strong id="ticket-searched">${list.searched}</strong>` : ''}${list.total > list.tickets.length && list.tickets.length ? ` (nomor ${first}–${last})` : ''}</span>
  ${pages > 1 ? html`<span class="pages">${list.page > 1 ? link(list.page - 1, '‹ Sebelumnya', 'prev') : ''} Halaman ${list.page} dari ${pages} ${list.page < pages ? link(list.page + 1, 'Berikutnya ›', 'next') : ''}</span>` : ''}</p>`;
}

export function ticketTable(list: TicketPage, f: TicketFilters, topics: Record<string, string>, time: TimeFormat): SafeHtml {
  const { tickets } = list;
  if (tickets.length === 0) return html`${list.total > 0 || list.searched ? pager(list, f) : ''}<p class="panel muted">Tidak ada pengaduan yang cocok.</p>`;
  return html`${pager(list, f)}<table id="ticket-table">
  <thead><tr><th>Nomor</th><th>Diterima</th><th>Kanal</th><th>Topik</th><th>Tahap</th><th>Batas tanggapan</th><th>Penanggung jawab</th></tr></thead>
  <tbody>${tickets.map(
    (t) => html`<tr class="${isOverdue(t, time.now()) ? 'overdue' : list.dueSoon?.has(t.number) ? 'due-soon' : ''}" data-ticket="${t.number}">
    <td><a href="${ticketHref(t.number)}">${t.number}</a></td>
    <td>${dateTime(t.receivedAt, time)}</td>
    <td>${CHANNEL_LABELS[t.channel]}</td>
    <td>${topics[t.topic] ?? t.topic}</td>
    <td><span class="badge">${STAGE_LABELS[t.stage]}</span></td>
    <td>${deadlineCell(t, time)}${isOverdue(t, time.now()) ? html` <span class="badge late">terlambat</span>` : list.dueSoon?.has(t.number) ? html` <span class="badge soon">kurang dari 1 hari kerja</span>` : ''}</td>
    <td>${t.assignee?.name ?? html`<span class="muted">–</span>`}</td>
  </tr>`,
  )}</tbody>
</table>`;
}

type Detail = ReturnType<typeof ticketDetail>;

/** A change of assignee, as the audit log holds it (the ticket keeps only the current one). */
export interface Assignment {
  at: Date;
  actorName: string;
  assignee: string | null;
}

export function ticketDetailBody(o: { ctx: PageContext; ticket: TicketDoc; detail: Detail; officers: StaffContact[]; topics: Record<string, string>; time: TimeFormat; errors?: string[]; mayReveal?: boolean; assignments?: Assignment[]; files?: TicketFiles; chat?: string | null }): SafeHtml {
  const { ticket: t, detail: d, time } = o;
  const finished = t.stage === 'selesai' || t.stage === 'ditutup';
  const action = (path: string) => `${ticketHref(t.number)}/${path}`;
  const moves = d.allowedTransitions;
  return html`<p><a href="/dashboard/tickets">← Semua pengaduan</a></p>
<h1>${t.number} <span class="badge" id="ticket-stage">${STAGE_LABELS[t.stage]}</span> ${deadlineCell(t, time)}</h1>
${formErrors(o.errors)}
<div class="two">
<div>
  <div class="panel">
    <dl class="facts">
      <dt>Diterima</dt><dd>${dateTime(t.receivedAt, time)} · ${CHANNEL_LABELS[t.channel]}${o.chat ? html` · <a href="${o.chat}" id="ticket-chat">Buka percakapan</a>` : ''}</dd>
      <dt>Topik</dt><dd>${o.topics[t.topic] ?? t.topic} <span class="muted">(LAPOR!: ${d.lapor.category}${d.lapor.trackingId ? ` · ${d.lapor.trackingId}` : ''})</span></dd>
      <dt>Batas tanggapan</dt><dd>${dateTime(t.responseDueAt, time)}${t.provisional ? html` <span class="badge late">sementara: kalender libur belum ada</span>` : ''}</dd>
      <dt>Penanggung jawab</dt><dd>${t.assignee?.name ?? '–'}</dd>
      <dt>Pelapor</dt><dd>${
        d.complainant.hidden
          ? html`<em>Identitas dirahasiakan</em>${
              o.mayReveal
                ? html`<form method="post" action="${action('reveal')}" class="reveal" id="reveal-identity">${csrfField(o.ctx)}
          <label for="reveal-reason">Alasan membuka identitas (wajib, dicatat di log aktivitas)</label>
          <input type="text" id="reveal-reason" name="reason" maxlength="500" required>
          <button type="submit" class="secondary small">Buka identitas pelapor</button></form>`
                : ''
            }`
          : html`${d.complainant.name ?? html`<em>tanpa nama</em>`}${d.complainant.phone ? html` · ${d.complainant.phone}` : ''}${d.complainant.nik ? html` · NIK ${d.complainant.nik}` : ''}`
      }${t.identityComplete ? '' : html` <span class="badge">tanpa identitas lengkap</span>`}</dd>
      <dt>Lampiran</dt><dd>${o.files ? ticketFilesView(t, o.files, ticketHref(t.number), o.chat) : t.attachments}</dd>
    </dl>
    <h2>Isi pengaduan</h2>
    <div class="msg user full">${t.body}</div>
  </div>
  <div class="panel">
    <h2>Riwayat</h2>
    <table id="ticket-history"><thead><tr><th>Waktu</th><th>Tahap</th><th>Oleh</th><th>Catatan</th></tr></thead>
    <tbody>${[
      ...t.history.map((h) => ({ at: h.at, row: html`<tr><td>${dateTime(h.at, time)}</td><td>${h.from ? `${STAGE_LABELS[h.from]} → ` : ''}${STAGE_LABELS[h.to]}</td><td>${h.actorName}</td><td>${h.note ?? ''}</td></tr>` })),
      ...(o.assignments ?? []).map((a) => ({ at: a.at, row: html`<tr class="assignment"><td>${dateTime(a.at, time)}</td><td>Penanggung jawab → ${a.assignee ?? 'belum ada'}</td><td>${a.actorName}</td><td></td></tr>` })),
    ]
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map((r) => r.row)}</tbody></table>
    ${t.responses.length ? html`<h2>Tanggapan</h2>${t.responses.map((r) => html`<div class="msg staff full"><span class="by">${r.actorName} · ${dateTime(r.at, time)}${r.sentToChat ? ' · terkirim ke chat pelapor' : ' · hanya dicatat'}</span>${r.text}</div>`)}` : ''}
    ${t.replies.length ? html`<h2>Balasan pelapor</h2>${t.replies.map((r) => html`<div class="msg user full"><span class="by">${dateTime(r.at, time)}</span>${r.text}</div>`)}` : ''}
  </div>
</div>
<div>
  ${
    finished
      ? html`<div class="panel"><p class="muted">Pengaduan ini sudah ${STAGE_LABELS[t.stage].toLowerCase()}.</p></div>
  <div class="panel">
    <h2>Buka kembali</h2>
    <p class="muted">Pengaduan kembali ke tahap "${STAGE_LABELS[REOPEN_STAGE]}" dan batas tanggapan dihitung ulang mulai sekarang.${d.answersOnChat ? ' Pelapor diberi tahu lewat WhatsApp.' : ''}</p>
    <form method="post" action="${action('reopen')}"${d.answersOnChat ? html` data-confirm="Pengaduan dibuka kembali dan pelapor diberi tahu lewat WhatsApp. Lanjutkan?"` : ''}>${csrfField(o.ctx)}
      <label for="reopen-reason">Alasan (wajib)</label>
      <textarea id="reopen-reason" name="reason" maxlength="1000" required></textarea>
      <p><button type="submit" class="secondary">Buka kembali</button></p>
    </form>
  </div>`
      : html`<div class="panel">
    <h2>Kirim tanggapan ke pelapor</h2>
    <p class="muted">${d.answersOnChat ? 'Tanggapan dikirim ke WhatsApp pelapor dan tahap berubah menjadi "Ditanggapi".' : 'Pelapor tidak dapat dihubungi lewat chat: tanggapan hanya dicatat. Tahap berubah menjadi "Ditanggapi".'}</p>
    <form method="post" action="${action('respond')}"${d.answersOnChat ? html` data-confirm="Tanggapan ini dikirim ke WhatsApp pelapor. Lanjutkan?"` : ''}>${csrfField(o.ctx)}
      <textarea name="text" id="response-text" maxlength="4000" data-draft="ticket_responded|ticket_response_recorded" required></textarea>
      <p><button type="submit">Kirim tanggapan</button></p>
    </form>
  </div>
  <div class="panel">
    <h2>Ubah tahap</h2>
    <form method="post" action="${action('transition')}">${csrfField(o.ctx)}
      <label for="to">Tahap berikutnya</label>
      <select id="to" name="to" required><option value="">Pilih tahap…</option>${moves.map((s) => html`<option value="${s}"${d.answersOnChat && stageChangeTells(t.stage, s, t.respondedAt !== null) ? html` data-confirm="Perubahan tahap ini dikirim ke WhatsApp pelapor${s === 'menunggu_pelapor' ? ' beserta catatannya' : ''}. Lanjutkan?"` : ''}>${STAGE_LABELS[s]}</option>`)}</select>
      <label for="note">Catatan (wajib untuk "Menunggu pelapor" dan "Ditutup")</label>
      <textarea id="note" name="note" maxlength="1000"></textarea>
      <p><button type="submit" class="secondary">Ubah tahap</button></p>
    </form>
  </div>
  <div class="panel">
    <h2>Penanggung jawab</h2>
    <form method="post" action="${action('assign')}" class="row">${csrfField(o.ctx)}
      <div><select name="assignee" aria-label="Penanggung jawab">
        <option value="">Belum ada</option>
        <option value="me">Saya sendiri</option>
        ${o.officers.map((p) => html`<option value="${p.id}"${t.assignee?.id === p.id ? html` selected` : ''}>${p.name}</option>`)}
      </select></div>
      <div class="shrink"><button type="submit" class="secondary">Simpan</button></div>
    </form>
  </div>`
  }
</div>
</div>`;
}

export interface NewTicketValues {
  channel?: string;
  topic?: string;
  body?: string;
  receivedAt?: string;
  name?: string;
  phone?: string;
  nik?: string;
  confidential?: boolean;
  attachments?: string;
  laporTrackingId?: string;
  assignToMe?: boolean;
}

export function newTicketBody(o: { ctx: PageContext; topics: Record<string, string>; values?: NewTicketValues; errors?: string[] }): SafeHtml {
  const v = o.values ?? { channel: 'complaint_box', assignToMe: true };
  const channels = LOGGED_CHANNELS.filter((c) => c !== 'whatsapp');
  return html`<p><a href="/dashboard/tickets">← Semua pengaduan</a></p>
<h1>Catat pengaduan dari kanal lain</h1>
${formErrors(o.errors)}
<form class="panel" method="post" action="/dashboard/tickets/new">${csrfField(o.ctx)}
  <div class="row">
    <div><label for="channel">Kanal</label><select id="channel" name="channel">${channels.map((c) => html`<option value="${c}"${v.channel === c ? html` selected` : ''}>${CHANNEL_LABELS[c]}</option>`)}</select></div>
    <div><label for="topic">Topik</label><select id="topic" name="topic">${COMPLAINT_TOPICS.map((c) => html`<option value="${c}"${v.topic === c ? html` selected` : ''}>${o.topics[c] ?? c}</option>`)}</select></div>
    <div><label for="receivedAt">Diterima pada (kosong = sekarang)</label><input type="datetime-local" id="receivedAt" name="receivedAt" value="${v.receivedAt ?? ''}"></div>
  </div>
  <label for="body">Isi pengaduan</label><textarea id="body" name="body" maxlength="8000" required>${v.body ?? ''}</textarea>
  <div class="row">
    <div><label for="name">Nama pelapor (kosong = tanpa nama)</label><input type="text" id="name" name="name" value="${v.name ?? ''}"></div>
    <div><label for="phone">Nomor HP/WhatsApp pelapor</label><input type="tel" id="phone" name="phone" value="${v.phone ?? ''}" placeholder="0812…"></div>
    <div><label for="nik">NIK pelapor (opsional)</label><input type="text" id="nik" name="nik" value="${v.nik ?? ''}" inputmode="numeric" autocomplete="off"></div>
  </div>
  <div class="row">
    <div><label for="attachments">Jumlah lampiran</label><input type="number" id="attachments" name="attachments" min="0" max="100" value="${v.attachments ?? '0'}"></div>
    <div><label for="laporTrackingId">Nomor pelacakan LAPOR! (bila ada)</label><input type="text" id="laporTrackingId" name="laporTrackingId" value="${v.laporTrackingId ?? ''}"></div>
  </div>
  <div class="checks">
    <label><input type="checkbox" name="confidential" value="1"${v.confidential ? html` checked` : ''}> Rahasiakan identitas pelapor</label>
    <label><input type="checkbox" name="assignToMe" value="1"${v.assignToMe ? html` checked` : ''}> Saya yang menangani</label>
  </div>
  <p><button type="submit">Simpan pengaduan</button></p>
</form>`;
}
