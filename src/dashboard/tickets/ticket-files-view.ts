/**
 * The "Lampiran" entry of a ticket page: the complaint's files to open (a photo inline on an
 * ordinary complaint; on a confidential one only links without the file's name, which may be the
 * complainant's, so nothing loads, and nothing is audited, until a supervisor or admin clicks),
 * what a viewer who may not open them is told, and a plain sentence for files no longer kept.
 */
import type { TicketDoc } from '../../complaints/ticket';
import { fileView, GONE_TEXT, kindWord } from '../files';
import { html, type SafeHtml } from '../html';
import type { TicketFiles } from './ticket-files';

export const ticketFileHref = (ticketHref: string, id: string) => `${ticketHref}/files/${id}`;

export function ticketFilesView(t: Pick<TicketDoc, 'attachments' | 'confidential'>, tf: TicketFiles, href: string): SafeHtml {
  if (!tf.fromChat) return html`${t.attachments ? html`${t.attachments} <span class="muted">(dicatat petugas; berkasnya tidak disimpan di aplikasi ini)</span>` : 'Tidak ada'}`;
  if (tf.files.length === 0 && tf.gone === 0) return html`Tidak ada`;
  const gone = tf.gone ? html`<p class="muted" id="ticket-files-gone">${tf.gone} file ${GONE_TEXT}</p>` : '';
  if (tf.files.length === 0) return html`${gone}`;
  if (!tf.mayOpen) {
    const kinds = [...new Set(tf.files.map((f) => kindWord(f.kind).toLowerCase()))].join(', ');
    return html`<p id="ticket-files">${tf.files.length} file (${kinds}). <span class="muted">Pengaduan ini dirahasiakan: lampirannya hanya dapat dibuka supervisor atau admin.</span></p>${gone}`;
  }
  return html`<div id="ticket-files">${tf.files.map((f) => (t.confidential ? fileView(ticketFileHref(href, f.id), { ...f, filename: null }, { inline: false }) : fileView(ticketFileHref(href, f.id), f)))}${
    t.confidential ? html`<p class="muted">Pengaduan rahasia: setiap pembukaan file dicatat di log aktivitas.</p>` : ''
  }</div>${gone}`;
}
