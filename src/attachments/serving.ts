/**
 * How a kept file's bytes are handed to a staff browser or API client, wherever it is served
 * (the inbox, the ticket page, the API): typed by what the bytes are (the policy sniffed them),
 * never cached, never sniffed again, running nothing when opened on its own, and a document only
 * ever downloaded. One set of headers, so no route serves a file more loosely than another.
 */
import type { AttachmentInfo } from './attachment-store';
import { safeFilename } from './policy';

export function servedHeaders(info: Pick<AttachmentInfo, 'id' | 'kind' | 'mimeType' | 'filename'>): Record<string, string> {
  const name = safeFilename(info.filename, info.mimeType, `lampiran-${info.id.slice(-6)}`);
  return {
    'Content-Type': info.mimeType,
    // Photos and voice notes show in the page; a document is only ever downloaded.
    'Content-Disposition': `${info.kind === 'document' ? 'attachment' : 'inline'}; filename="${name}"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    // Opened on its own, the file runs nothing.
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
