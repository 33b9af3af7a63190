/**
 * Files in tests: one posted with a simulator message as a phone would send it, and a dashboard
 * GET whose answer is kept as bytes (to compare what staff receive with what was sent).
 */
import type { WebClient } from '../dashboard/support';
import type { TestService } from './service';

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
