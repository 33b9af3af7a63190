/**
 * Files in tests: one posted with a simulator message as a phone would send it, a complaint filed
 * with files, and a dashboard GET whose answer is kept as bytes (to compare what staff receive
 * with what was sent).
 */
import fs from 'fs';
import path from 'path';
import type { WebClient } from '../dashboard/support';
import type { TestService } from './service';

/** A real photo (a KTP-sized card) and a minimal valid PDF, as applicants send them. */
export const SAMPLE_JPEG = fs.readFileSync(path.join(__dirname, '..', 'attachments', 'fixtures', 'sample-card.jpg'));
export const SAMPLE_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

export interface SentFile {
  bytes: Buffer;
  mimeType: string;
  filename?: string;
}

/** Posts a message with a file; answers the texts the bot sent back. */
export async function sendFile(t: TestService, from: string, type: string, file: SentFile, text = ''): Promise<string[]> {
  const res = await t.api('POST', '/simulator/messages', { from, type, text, media: { data: file.bytes.toString('base64'), mimeType: file.mimeType, ...(file.filename ? { filename: file.filename } : {}) } }, null);
  if (res.status !== 200) throw new Error(`simulator answered ${res.status}: ${res.text}`);
  return (res.body.replies as { text: string }[]).map((r) => r.text);
}

/** A GET with the client's cookies (none for null), bytes kept as bytes, redirects not followed. */
export async function getBytes(t: TestService, client: WebClient | null, urlPath: string) {
  const headers: Record<string, string> = {};
  if (client?.cookies.size) headers.cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await fetch(t.baseUrl + urlPath, { headers, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/**
 * Files a complaint with these files on the simulator chat, as a person would (menu 5, topic 1,
 * the text, each file, "selesai", a name, no NIK, confidential or not, send); the ticket number.
 */
export async function complainWith(t: TestService, from: string, files: (SentFile & { type?: string })[], o: { confidential: boolean; body?: string }): Promise<string> {
  for (const text of ['5', '1', o.body ?? 'Petugas loket meminta uang pelicin, ini buktinya.']) await t.send(from, text);
  for (const f of files) {
    const replies = (await sendFile(t, from, f.type ?? 'image', f)).join('\n');
    if (!replies.includes('Lampiran diterima')) throw new Error(`file not taken: ${replies}`);
  }
  for (const text of ['selesai', 'Siti Rahmawati', 'lewati', o.confidential ? '1' : '2']) await t.send(from, text);
  const replies = (await t.send(from, '1')).join('\n');
  const number = /ADU-[A-Z]+-\d{4}-\d{4}/.exec(replies)?.[0];
  if (!number) throw new Error(`no ticket number in: ${replies}`);
  return number;
}
