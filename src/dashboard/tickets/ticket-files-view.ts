/**
 * The "Lampiran" entry of a ticket page: the complaint's files to open (a photo inline on an
 * ordinary complaint; on a confidential one only links without the file's name, which may be the
 * complainant's, so nothing loads, and nothing is audited, until a supervisor or admin clicks),
 * what a viewer who may not open them is told, a plain sentence for files no longer kept, and one
 * for files a form counted before tickets named their files (they are in the chat: why no
 * migration links them is in src/complaints/ticket-files.ts).
 */
import type { TicketDoc } from '../../complaints/ticket';
import { fileView, GONE_TEXT, kindWord } from '../files';
import { html, type SafeHtml } from '../html';
import type { TicketFiles } from '../../complaints/ticket-files';

export const ticketFileHref = (ticketHref: string, id: string) => `${ticketHref}/files/${id}`;

/** `chatHref`: the ticket's chat, when this viewer may open it. */
export function ticketFilesView(t: Pick<TicketDoc, 'attachments' | 'confidential'>, tf: TicketFiles, href: string, chatHref?: string | null): SafeHtml {
  if (!tf.fromChat) return html`${t.attachments ? html`${t.attachments} <span class="muted">(dicatat petugas; berkasnya tidak disimpan di aplikasi ini)</span>` : 'Tidak ada'}`;
  if (tf.files.length === 0 && tf.gone === 0 && tf.inChat === 0) return html`Tidak ada`;
  const inChat = tf.inChat
    ? html`<p class="muted" id="ticket-files-in-chat">${tf.inChat} file dari pengaduan ini dikirim sebelum lampiran ditautkan ke tiket, jadi tidak tampil di sini. Silakan lihat di percakapan pemohon${chatHref ? html` (<a href="${chatHref}">buka percakapan</a>)` : ''}.</p>`
    : '';
  const notes = html`${tf.gone ? html`<p class="muted" id="ticket-files-gone">${tf.gone} file ${GONE_TEXT}</p>` : ''}${inChat}`;
  if (tf.files.length === 0) return notes;
  if (!tf.mayOpen) {
    const kinds = [...new Set(tf.files.map((f) => kindWord(f.kind).toLowerCase()))].join(', ');
    return html`<p id="ticket-files">${tf.files.length} file (${kinds}). <span class="muted">Pengaduan ini dirahasiakan: lampirannya hanya dapat dibuka supervisor atau admin.</span></p>${notes}`;
  }
  return html`<div id="ticket-files">${tf.files.map((f) => (t.confidential ? fileView(ticketFileHref(href, f.id), { ...f, filename: null }, { inline: false }) : fileView(ticketFileHref(href, f.id), f)))}${
    t.confidential ? html`<p class="muted">Pengaduan rahasia: setiap pembukaan file dicatat di log aktivitas.</p>` : ''
  }</div>${notes}`;
}
