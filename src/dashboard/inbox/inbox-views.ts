/**
 * Inbox markup: the queue of chats waiting for or handled by staff, one chat's header with
 * its actions, its history (bot, person and staff turns alike) and the reply box.
 */
import { maskPhoneNumbersIn } from '../../applications/personal-numbers';
import { maskPhone } from '../../applications/sealing';
import type { LoggedMessage } from '../../conversation/message-log';
import type { AttachmentInfo } from '../../attachments';
import type { CannedReply } from '../../handoff/canned-replies';
import { MAX_REPLY_LENGTH } from '../../handoff/handoff-service';
import type { Handoff } from '../../handoff/handoff-store';
import { MAX_MESSAGE_LENGTH } from '../../conversation/split';
import { fileView } from '../files';
import { html, query, type SafeHtml } from '../html';
import type { ChatSignal } from './inbox-signals';
import { csrfField, type PageContext } from '../layout';
import { shortTime, since, type TimeFormat } from '../time';
import { whatsappText } from '../whatsapp-format';

export interface InboxView {
  ctx: PageContext;
  time: TimeFormat;
  names: Map<string, string>;
}

const REASONS: Record<Handoff['reason'], string> = {
  asked: 'minta petugas',
  misunderstood: 'bot tidak paham',
  complaint: 'pengaduan',
  office_phone: 'dibalas dari HP kantor',
};

const STATUS: Record<Handoff['status'], string> = { waiting: 'Menunggu', active: 'Ditangani', closed: 'Selesai' };

/** A chat's page, by its opaque ref (Handoff.ref): a link never carries the number. */
export const chatHref = (ref: string) => `/dashboard/inbox/chat/${ref}`;

/**
 * The queue and the chat header show the number masked for every role: the desk answers
 * through the dashboard and never needs to dial it (README, "Staff dashboard").
 */
export function chatTitle(h: Pick<Handoff, 'phone' | 'chatId' | 'channel'>): string {
  return `${h.phone ? maskPhone(h.phone) : maskPhoneNumbersIn(h.chatId)}${h.channel === 'simulator' ? ' (simulator)' : ''}`;
}

export function handlerName(id: string | null, v: InboxView): string {
  if (!id) return '–';
  if (id === 'office_phone') return 'HP kantor';
  if (id === v.ctx.actor.id) return 'Anda';
  return v.names.get(id) ?? 'petugas lain';
}

export type QueueTab = 'all' | 'mine' | 'waiting';
export const QUEUE_TABS: Record<QueueTab, string> = { all: 'Semua', mine: 'Milik saya', waiting: 'Menunggu' };
const inTab = (tab: QueueTab, h: Handoff, me: string) => tab === 'all' || (tab === 'mine' ? h.claimedBy === me : h.status === 'waiting');
const withTab = (href: string, tab: QueueTab) => (tab === 'all' ? href : `${href}?tab=${tab}`);

/** `selected`: the open chat's ref; `names`: who each chat is (by chat key), from applications and the WhatsApp profile. */
export function queueList(all: Handoff[], selected: string | null, v: InboxView, signals: Map<string, ChatSignal> = new Map(), tab: QueueTab = 'all', names: Map<string, string[]> = new Map()): SafeHtml {
  const me = v.ctx.actor.id;
  const waiting = all.filter((h) => h.status === 'waiting').length;
  const queue = all.filter((h) => inTab(tab, h, me));
  const tabs = (Object.keys(QUEUE_TABS) as QueueTab[]).map(
    (t) => html`<a href="${withTab(selected ? chatHref(selected) : '/dashboard/inbox', t)}"${t === tab ? html` class="active" aria-current="true"` : ''}>${QUEUE_TABS[t]} <span class="n">${all.filter((h) => inTab(t, h, me)).length}</span></a>`,
  );
  return html`<h2>Antrean <span class="badge waiting">${waiting} menunggu</span></h2>
<nav class="tabs" aria-label="Saring antrean">${tabs}</nav>
<nav class="desk-links" aria-label="Tampilan lain"><a href="/dashboard/inbox/closed">Percakapan selesai</a><a href="/dashboard/inbox/failed">Pesan gagal</a></nav>
${queue.length === 0 ? html`<p class="empty">${tab === 'mine' ? 'Belum ada percakapan yang Anda tangani.' : 'Tidak ada percakapan yang menunggu petugas.'}</p>` : ''}
<ul>${queue.map((h) => {
    const signal = signals.get(h.chatKey);
    const unread = signal?.unread ?? 0;
    return html`<li class="${[h.ref === selected ? 'selected' : '', unread ? 'unread' : ''].join(' ').trim()}" data-chat="${h.ref}" data-unread="${unread}">
  <a href="${withTab(chatHref(h.ref), tab)}">
    <span class="who">${chatTitle(h)}</span>${names.get(h.chatKey)?.length ? html` <span class="name">${names.get(h.chatKey)!.join(', ')}</span>` : ''} <span class="badge ${h.status}">${STATUS[h.status]}</span>
    ${unread ? html`<span class="badge unread" title="Pesan pemohon yang belum dibalas petugas">${unread} belum dibalas</span>` : ''}<br>
    ${signal?.preview ? html`<span class="preview">${whatsappText(signal.preview)}</span>` : ''}
    <span class="meta">${REASONS[h.reason]} ·
      ${h.status === 'waiting' ? html`menunggu ${since(h.requestedAt, v.time)}` : html`oleh ${handlerName(h.claimedBy, v)}`}</span>
  </a>
</li>`;
  })}</ul>`;
}

export function chatHeader(h: Handoff, v: InboxView): SafeHtml {
  const key = h.ref;
  const mine = h.claimedBy === v.ctx.actor.id;
  const claim = (takeOver: boolean, label: string) => html`<form class="inline" method="post" action="${chatHref(key)}/claim">${csrfField(v.ctx)}
    ${takeOver ? html`<input type="hidden" name="takeOver" value="1">` : ''}<button type="submit">${label}</button></form>`;
  const actions =
    h.status === 'closed'
      ? html`<span class="muted">Dikembalikan ke layanan otomatis ${h.closedAt ? shortTime(h.closedAt, v.time) : ''}</span>`
      : html`${h.status === 'waiting' ? claim(false, 'Ambil percakapan') : ''}
    ${h.status === 'active' && !mine ? claim(true, 'Ambil alih') : ''}
    <form class="inline" method="post" action="${chatHref(key)}/close" data-confirm="Tutup percakapan ini dan kembalikan ke layanan otomatis?">${csrfField(v.ctx)}
      <button type="submit" class="secondary">Tutup percakapan</button></form>`;
  return html`<span class="title">${chatTitle(h)}</span>
  <span class="badge ${h.status}" id="chat-status">${STATUS[h.status]}</span>
  <span class="muted">${REASONS[h.reason]} · diminta ${shortTime(h.requestedAt, v.time)}${
    h.status === 'waiting' ? html` · menunggu ${since(h.requestedAt, v.time)}` : h.claimedBy ? html` · ditangani ${handlerName(h.claimedBy, v)}` : ''
  }</span>
  ${actions}`;
}

const AUTHORS: Record<LoggedMessage['author'], string> = { user: 'Pemohon', bot: 'Bot', staff: 'Petugas', office_phone: 'HP kantor', system: 'Sistem' };

/** Message types that carry a file: shown as not kept when no file is under them. */
const FILE_TYPES = new Set(['image', 'audio', 'voice', 'document', 'video']);

export function historyList(
  messages: LoggedMessage[],
  v: InboxView,
  hidden: { count: number; tickets: string[]; restricted?: boolean } = { count: 0, tickets: [] },
  files: { ref: string; byMessage: Map<string, AttachmentInfo> } | null = null,
): SafeHtml {
  const notice = !hidden.count
    ? html``
    : hidden.restricted
      ? html`<p class="msg system confidential-hidden" id="history-hidden">${hidden.count} pesan sebelumnya disembunyikan: data pemohon ini dibatasi pemrosesannya atas permintaannya (UU No. 27 Tahun 2022), dan percakapan sampai pembatasan itu hanya dapat dibuka admin.</p>`
      : html`<p class="msg system confidential-hidden" id="history-hidden">${hidden.count} pesan sebelumnya disembunyikan: percakapan itu mengajukan pengaduan rahasia (${hidden.tickets.join(', ')}). Identitas pelapor hanya dapat dibuka supervisor atau admin di halaman pengaduan, dengan alasan yang dicatat.</p>`;
  if (messages.length === 0) return hidden.count ? notice : html`<p class="placeholder">Belum ada pesan.</p>`;
  return html`${notice}${messages.map((m) => {
    const by = m.author === 'staff' && m.staffUserId ? `${AUTHORS.staff} · ${handlerName(m.staffUserId, v)}` : AUTHORS[m.author];
    const file = m.direction === 'in' ? files?.byMessage.get(m.messageId) : undefined;
    if (file && files) return html`<div class="msg ${m.author} with-file"><span class="by">${by} · ${shortTime(m.at, v.time)}</span>${fileView(`${chatHref(files.ref)}/files/${file.id}`, file)}${m.text ? whatsappText(m.text) : ''}</div>`;
    const notKept = m.direction === 'in' && FILE_TYPES.has(m.type) ? ' (file tidak tersimpan)' : '';
    const body = m.type && m.type !== 'text' ? `[${m.type}${notKept}] ${m.text}`.trim() : m.text;
    return html`<div class="msg ${m.author}"><span class="by">${by} · ${shortTime(m.at, v.time)}</span>${whatsappText(body)}</div>`;
  })}`;
}

/**
 * No maxlength on the box: a browser cuts a pasted text at maxlength without a word. The counter
 * (page script, data-max) and the server refuse a reply over MAX_REPLY_LENGTH instead; one
 * over a WhatsApp message's length is split by the outbox and arrives whole.
 */
export function replyBox(h: Handoff, canned: CannedReply[], v: InboxView, error?: string, text = ''): SafeHtml {
  if (h.status === 'closed') return html``;
  const blocked = h.status === 'active' && h.claimedBy !== v.ctx.actor.id;
  return html`<form class="reply" method="post" action="${chatHref(h.ref)}/reply">
  ${csrfField(v.ctx)}
  ${error ? html`<div class="flash error" role="alert">${error}</div>` : ''}
  <label for="reply-text" class="muted">${blocked ? 'Percakapan ini ditangani orang lain; ambil alih dulu untuk membalas.' : h.status === 'waiting' ? 'Membalas akan mengambil percakapan ini.' : 'Balasan Anda'}</label>
  <textarea id="reply-text" name="text" data-max="${MAX_REPLY_LENGTH}" data-part="${MAX_MESSAGE_LENGTH}" data-counter="#reply-count" data-draft="replied" data-shortcuts="#canned-select" ${blocked ? 'disabled' : ''} placeholder="Tulis balasan… (ketik /pintasan lalu spasi atau Enter untuk balasan siap pakai; Ctrl+Enter untuk kirim)">${text}</textarea>
  <p class="muted char-count" id="reply-count" aria-live="polite">${text.length.toLocaleString('id-ID')} / ${MAX_REPLY_LENGTH.toLocaleString('id-ID')} karakter</p>
  <div class="row">
    <select name="canned" id="canned-select" data-canned="#reply-text" aria-label="Balasan siap pakai" ${blocked ? 'disabled' : ''}>
      <option value="">Balasan siap pakai…</option>
      ${canned.map((c) => html`<option value="${c.text}" data-shortcut="${c.shortcut}">${c.label} (/${c.shortcut})</option>`)}
    </select>
    <button type="submit" class="shrink" ${blocked ? 'disabled' : ''}>Kirim</button>
  </div>
</form>`;
}

export function inboxBody(o: { queue: SafeHtml; chat: SafeHtml | null; contact?: SafeHtml | null; selected: string | null; tab: QueueTab }): SafeHtml {
  return html`<div class="inbox${o.contact ? ' with-contact' : ''}">
  <aside class="queue" id="queue" data-live-src="/dashboard/inbox/queue${query({ selected: o.selected, tab: o.tab === 'all' ? null : o.tab })}" data-live-on="handoff message">${o.queue}</aside>
  ${o.chat ?? html`<section class="chat"><p class="placeholder">Pilih percakapan dari antrean di sebelah kiri.</p></section>`}
  ${o.contact ?? ''}
</div>`;
}

export function chatPanel(h: Handoff, parts: { header: SafeHtml; history: SafeHtml; reply: SafeHtml }): SafeHtml {
  const base = chatHref(h.ref);
  return html`<section class="chat" data-chat="${h.ref}">
  <header id="chat-header" data-live-src="${base}/header" data-live-on="handoff" data-live-chat="${h.ref}">${parts.header}</header>
  <div class="history" id="history" data-live-src="${base}/history" data-live-on="message handoff" data-live-chat="${h.ref}">${parts.history}</div>
  ${parts.reply}
</section>`;
}
