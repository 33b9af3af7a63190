/**
 * A file an applicant sent, as every desk page shows and serves it: the markup (a photo inline,
 * a voice note to play, a PDF to download, or only a link when opening must be a deliberate,
 * audited act) and the response that hands its bytes to a staff browser — typed by what the
 * bytes are, never cached, never sniffed, run in a sandbox when opened on its own, a document
 * only ever downloaded. The routes decide who may open it and write the audit entry first.
 */
import type { Response } from 'express';
import { isMissingBlob, servedHeaders, type AttachmentInfo } from '../attachments';
import { userError } from './error-page';
import { html, type SafeHtml } from './html';

/** Why a file the desk knew of is not there: said the same way on every page. */
export const GONE_TEXT = 'sudah tidak tersimpan: file dari chat dihapus setelah masa simpan riwayat chat (365 hari) atau atas permintaan penghapusan data pribadi.';
export const fileGone = () => userError('gone', `File ini ${GONE_TEXT}`, 410);

/** The file's bytes; a file removed between the listing and this read (retention, erasure) is a 410 page, not a 500. */
export async function readKept(found: { read(): Promise<Buffer> }): Promise<Buffer> {
  return found.read().catch((err: unknown) => {
    throw isMissingBlob(err) ? fileGone() : err;
  });
}

export const sizeText = (bytes: number) =>
  bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024)).toLocaleString('id-ID')} KB` : `${(bytes / 1024 / 1024).toLocaleString('id-ID', { maximumFractionDigits: 1 })} MB`;

const KIND_WORDS: Record<AttachmentInfo['kind'], string> = { image: 'Foto', audio: 'Pesan suara', document: 'Dokumen PDF' };
export const kindWord = (kind: AttachmentInfo['kind']) => KIND_WORDS[kind];

/**
 * A kept file at `url`. `inline: false` loads nothing by itself (no image, no player): the file is
 * fetched, and its opening audited, only when staff click.
 */
export function fileView(url: string, f: AttachmentInfo, o: { inline?: boolean } = {}): SafeHtml {
  const about = `${f.filename ? `${f.filename} · ` : ''}${sizeText(f.size)}`;
  if (o.inline === false && f.kind !== 'document') {
    return html`<p class="file ${f.kind}"><a href="${url}" target="_blank" rel="noopener">${f.kind === 'image' ? 'Buka foto' : 'Buka pesan suara'}</a> <span class="muted">${about}</span></p>`;
  }
  if (f.kind === 'image') {
    return html`<figure class="file image"><a href="${url}" target="_blank" rel="noopener"><img src="${url}" alt="Foto dari pemohon${f.filename ? `: ${f.filename}` : ''}"></a><figcaption>Foto · ${about}</figcaption></figure>`;
  }
  if (f.kind === 'audio') {
    return html`<figure class="file audio"><audio controls preload="metadata" src="${url}"></audio><figcaption>Pesan suara · ${about} · <a href="${url}" download>Unduh</a></figcaption></figure>`;
  }
  return html`<p class="file document"><a href="${url}" download>📄 Unduh dokumen PDF</a> <span class="muted">${about}</span></p>`;
}

/** Sends the file's bytes as the type they were kept as (src/attachments/serving.ts). */
export function sendFile(res: Response, info: AttachmentInfo, bytes: Buffer): void {
  res.set(servedHeaders(info));
  res.status(200).end(bytes);
}
