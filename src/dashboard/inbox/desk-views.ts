/**
 * Markup for the desk around a chat: the contact panel beside it (number masked, applications,
 * tickets, messages that did not arrive, staff notes), the closed-chats list with its search
 * and pages, and the failed-messages list with "Kirim ulang".
 */
import type { Handoff } from '../../handoff/handoff-store';
import type { Resend } from '../../handoff/undelivered-store';
import { canOpen } from '../nav';
import { html, query, type SafeHtml } from '../html';
import { csrfField } from '../layout';
import { STAGE_LABELS } from '../tickets/ticket-labels';
import { ticketHref } from '../tickets/ticket-views';
import { dateTime, shortTime } from '../time';
import type { Contact, Undelivered } from './contact';
import { chatHref, handlerName, type InboxView } from './inbox-views';

const CLOSE_REASONS: Record<NonNullable<Handoff['closeReason']>, string> = {
  staff: 'ditutup petugas',
  idle: 'tanpa aktivitas petugas',
  withdrawn: 'dibatalkan pemohon',
  unclaimed: 'tidak sempat diambil petugas',
};

const SOURCES: Record<string, string> = { bot: 'Bot', staff: 'Petugas', reminder: 'Pengingat', notification: 'Pemberitahuan', alert: 'Peringatan petugas' };

const PREVIEW = 120;
const preview = (text: string) => (text.length > PREVIEW ? `${text.slice(0, PREVIEW - 1)}…` : text);

function deliveryState(u: Undelivered): string {
  if (u.status === 'failed') return 'Gagal terkirim';
  return u.heldReason ? 'Ditahan' : 'Menunggu dikirim';
}

/** One message that did not arrive; a failed one can be sent again (a new outbox entry). */
function undeliveredItem(u: Undelivered, ref: string, resent: Resend | undefined, v: InboxView, back: 'chat' | 'list'): SafeHtml {
  const id = String(u._id);
  const action =
    u.status !== 'failed'
      ? ''
      : resent
        ? html`<span class="muted resent">Dikirim ulang oleh ${handlerName(resent.staffUserId, v)} · ${shortTime(resent.at, v.time)}</span>`
        : html`<form class="inline" method="post" action="/dashboard/inbox/failed/resend" data-confirm="Kirim ulang pesan ini ke pemohon?">${csrfField(v.ctx)}
      <input type="hidden" name="chatKey" value="${ref}"><input type="hidden" name="outboxId" value="${id}"><input type="hidden" name="back" value="${back}">
      <button type="submit" class="secondary small">Kirim ulang</button></form>`;
  return html`<li data-outbox="${id}" class="${u.status}">
  <span class="text">${preview(u.text)}</span>
  <span class="meta">${deliveryState(u)} · ${SOURCES[u.source] ?? u.source} · ${shortTime(u.createdAt, v.time)}</span>
  ${u.error || u.heldReason ? html`<span class="reason">${u.heldReason ?? u.error}</span>` : ''}
  ${action}
</li>`;
}

/**
 * `reveal`: whether this viewer may ask for the full number (supervisor, admin: the roles that
 * see it on a ticket), and the number when they just did (the reveal is audited by the route).
 */
export function contactPanel(c: Contact, v: InboxView, reveal: { allowed: boolean; phone?: string | null } = { allowed: false }): SafeHtml {
  const actor = v.ctx.actor;
  const seesTickets = canOpen(actor, 'tickets');
  const seesApplications = canOpen(actor, 'applications');
  const number = reveal.phone
    ? html`<span id="contact-number" class="revealed">${reveal.phone}</span> <span class="muted">(dibuka, dicatat di log aktivitas)</span>`
    : html`<span id="contact-number">${c.masked ?? 'tanpa nomor (ID WhatsApp)'}</span>${
        reveal.allowed && c.masked
          ? html`<form class="inline" method="post" action="${chatHref(c.ref)}/reveal-phone" id="reveal-phone">${csrfField(v.ctx)}<button type="submit" class="link small" title="Nomor lengkap hanya untuk supervisor dan admin; setiap pembukaan dicatat">Tampilkan nomor lengkap</button></form>`
          : ''
      }`;
  return html`<aside class="contact" id="contact" aria-label="Kontak">
  <h2>Kontak</h2>
  <p class="who">${number}${c.names.length ? html`<br><span id="contact-name">${c.names.join(', ')}</span>` : ''}</p>
  <h3>Permohonan</h3>
  ${
    c.applications.length === 0
      ? html`<p class="muted">Tidak ada permohonan dengan nomor ini.</p>`
      : html`<ul id="contact-applications">${c.applications.map(
          (a) => html`<li>${seesApplications ? html`<a href="/dashboard/applications/${encodeURIComponent(a.id)}">${a.registrationNumber}</a>` : a.registrationNumber}
      <span class="badge">${a.statusLabel}</span><br><span class="muted">${a.name} · NIK ${a.nik}</span></li>`,
        )}</ul>`
  }
  <h3>Pengaduan</h3>
  ${
    c.tickets.length === 0
      ? html`<p class="muted">Tidak ada pengaduan dari nomor ini.</p>`
      : html`<ul id="contact-tickets">${c.tickets.map(
          (t) => html`<li data-ticket="${t.number}">${seesTickets ? html`<a href="${ticketHref(t.number)}">${t.number}</a>` : t.number} <span class="badge">${STAGE_LABELS[t.stage]}</span></li>`,
        )}</ul>`
  }
  ${
    c.undelivered.length
      ? html`<h3>Pesan belum sampai</h3><ul class="undelivered" id="contact-undelivered">${c.undelivered.map((u) => undeliveredItem(u, c.ref, c.resends.get(String(u._id)), v, 'chat'))}</ul>`
      : ''
  }
  <h3>Catatan petugas</h3>
  <form method="post" action="${chatHref(c.ref)}/notes" class="note-form">${csrfField(v.ctx)}
    <label for="note-text" class="muted">Hanya terlihat oleh petugas, tidak dikirim ke pemohon.</label>
    <textarea id="note-text" name="text" maxlength="1000" required data-draft="note_added"></textarea>
    <button type="submit" class="secondary small">Simpan catatan</button>
  </form>
  <ul class="notes" id="contact-notes">${c.notes.map(
    (n) => html`<li><span class="by">${n.authorName} · ${dateTime(n.at, v.time)}</span>${n.text}</li>`,
  )}</ul>
</aside>`;
}

/** The links above the queue to the desk's other views. */
export function deskLinks(current: 'closed' | 'failed' | null): SafeHtml {
  const link = (href: string, id: 'closed' | 'failed', label: string) => html`<a href="${href}"${current === id ? html` class="active" aria-current="page"` : ''}>${label}</a>`;
  return html`<nav class="desk-links" aria-label="Tampilan kotak masuk"><a href="/dashboard/inbox"${current === null ? html` class="active"` : ''}>Antrean</a>
  ${link('/dashboard/inbox/closed', 'closed', 'Percakapan selesai')} ${link('/dashboard/inbox/failed', 'failed', 'Pesan gagal')}</nav>`;
}

export interface ClosedRow {
  handoff: Handoff;
  masked: string | null;
  names: string[];
}

/** What a closed-chats count covers: everything kept, the name search's recent window, or nothing (digits too few). */
export type ClosedScope = 'kept' | 'recent' | 'too_short';

/** Who a row is: the names the office has, else the masked number; never blank. */
function whoCell(r: ClosedRow): SafeHtml {
  if (r.names.length) return html`${r.names.join(', ')}`;
  return html`<span class="muted" title="Nama WhatsApp tidak tercatat dan nomor ini tidak ada pada permohonan">${r.masked ?? 'tanpa nomor (ID WhatsApp)'}</span>`;
}

export function closedBody(o: { rows: ClosedRow[]; total: number; page: number; perPage: number; q: string; days: number; scope: ClosedScope }, v: InboxView): SafeHtml {
  const pages = Math.max(1, Math.ceil(o.total / o.perPage));
  const link = (to: number, label: string, rel: string) => html`<a href="/dashboard/inbox/closed${query({ q: o.q, page: to === 1 ? undefined : to })}" rel="${rel}">${label}</a>`;
  const among = o.scope === 'recent' ? html`percakapan selesai dalam ${o.days} hari terakhir (nama dicari ${o.days} hari ke belakang)` : html`percakapan selesai yang masih disimpan`;
  return html`${deskLinks('closed')}
<h1>Percakapan selesai</h1>
<form class="panel row" method="get" action="/dashboard/inbox/closed">
  <div><label for="closed-q">Cari 4 digit terakhir nomor (atau lebih), atau nama</label><input type="search" id="closed-q" name="q" value="${o.q}" maxlength="100" autocomplete="off" placeholder="mis. 0001 atau Siti"></div>
  <div class="shrink"><button type="submit">Cari</button> <a href="/dashboard/inbox/closed">Hapus</a></div>
</form>
${o.scope === 'too_short' ? html`<p class="flash error" role="alert" id="closed-too-short">Ketik paling sedikit 4 digit terakhir nomor, mis. 0001.</p>` : ''}
<p class="pager" id="closed-count">Menampilkan ${o.rows.length} dari ${o.total} ${among}
  ${pages > 1 ? html`<span class="pages">${o.page > 1 ? link(o.page - 1, '‹ Sebelumnya', 'prev') : ''} Halaman ${o.page} dari ${pages} ${o.page < pages ? link(o.page + 1, 'Berikutnya ›', 'next') : ''}</span>` : ''}</p>
${
  o.rows.length === 0
    ? html`<p class="panel muted">Tidak ada percakapan selesai yang cocok.</p>`
    : html`<table id="closed-table"><thead><tr><th>Nomor</th><th>Nama</th><th>Diminta</th><th>Selesai</th><th>Cara selesai</th><th>Ditangani</th></tr></thead>
<tbody>${o.rows.map(
        (r) => html`<tr data-chat="${r.handoff.ref}">
  <td><a href="${chatHref(r.handoff.ref)}">${r.masked ?? 'tanpa nomor'}</a>${r.handoff.channel === 'simulator' ? html` <span class="muted">(simulator)</span>` : ''}</td>
  <td class="who">${whoCell(r)}</td>
  <td>${dateTime(r.handoff.requestedAt, v.time)}</td>
  <td>${dateTime(r.handoff.closedAt, v.time)}</td>
  <td>${r.handoff.closeReason ? CLOSE_REASONS[r.handoff.closeReason] : '–'}</td>
  <td>${handlerName(r.handoff.claimedBy, v)}</td>
</tr>`,
      )}</tbody></table>`
}`;
}

export interface FailedRow {
  /** The chat's opaque ref (Handoff.ref), also when the desk has no handoff for it. */
  ref: string;
  masked: string | null;
  names: string[];
  /** Whether the inbox has this chat (a handoff), so it can be opened. */
  hasChat: boolean;
  message: Undelivered;
  resent?: Resend;
}

export function failedBody(o: { rows: FailedRow[]; days: number }, v: InboxView): SafeHtml {
  return html`${deskLinks('failed')}
<h1>Pesan gagal</h1>
<p class="muted">Pesan yang akhirnya tidak dapat dikirim dalam ${o.days} hari terakhir. "Kirim ulang" menaruh pesan yang sama di antrean kirim sekali lagi.</p>
${
  o.rows.length === 0
    ? html`<p class="panel muted" id="failed-empty">Tidak ada pesan gagal.</p>`
    : html`<table id="failed-table"><thead><tr><th>Percakapan</th><th>Pesan</th><th>Alasan</th><th>Waktu</th><th></th></tr></thead>
<tbody>${o.rows.map((r) => {
        const id = String(r.message._id);
        return html`<tr data-outbox="${id}">
  <td>${r.hasChat ? html`<a href="${chatHref(r.ref)}">${r.masked ?? 'tanpa nomor'}</a>` : (r.masked ?? 'tanpa nomor')}${r.names.length ? html`<br><span class="muted">${r.names.join(', ')}</span>` : ''}</td>
  <td class="text">${preview(r.message.text)}<br><span class="muted">${SOURCES[r.message.source] ?? r.message.source}</span></td>
  <td class="reason">${r.message.error ?? '–'}</td>
  <td>${dateTime(r.message.createdAt, v.time)}</td>
  <td>${
    r.resent
      ? html`<span class="muted resent">Dikirim ulang oleh ${handlerName(r.resent.staffUserId, v)} · ${shortTime(r.resent.at, v.time)}</span>`
      : html`<form method="post" action="/dashboard/inbox/failed/resend" data-confirm="Kirim ulang pesan ini ke pemohon?">${csrfField(v.ctx)}
    <input type="hidden" name="chatKey" value="${r.ref}"><input type="hidden" name="outboxId" value="${id}"><input type="hidden" name="back" value="list">
    <button type="submit" class="secondary">Kirim ulang</button></form>`
  }</td>
</tr>`;
      })}</tbody></table>`
}`;
}
