/**
 * Inbound media on whatsapp-web.js: the library gives no media id, only the live message and
 * its downloadMedia() (which answers undefined when WhatsApp no longer has the file). The
 * transport keeps the latest media messages by their id for a short while, so the engine's
 * fetchMedia(id) can download one; an id no longer held is asked of the page again
 * (getMessageById). The message's declared size is checked before downloading: the library
 * reads a file whole into the page and back, so one over the cap is refused unread.
 */
import { z } from 'zod';
import type { FetchedMedia } from '../port';
import type { WaClient, WaMessage } from './client-port';

const KEEP = 200;
const declaredSchema = z.object({ size: z.number().nonnegative().optional(), mimetype: z.string().optional(), filename: z.string().optional() }).passthrough();

/** What the message itself says about its file (the library's rawData), before any download. */
export function declaredMedia(msg: WaMessage): { size?: number; mimetype?: string; filename?: string } {
  return declaredSchema.safeParse(msg.rawData).data ?? {};
}

export class MediaMessages {
  private readonly held = new Map<string, WaMessage>();

  constructor(private readonly maxBytes: number) {}

  remember(id: string, msg: WaMessage): void {
    this.held.delete(id);
    this.held.set(id, msg);
    if (this.held.size > KEEP) this.held.delete(this.held.keys().next().value as string);
  }

  async fetch(id: string, client: WaClient | null): Promise<FetchedMedia> {
    const msg = this.held.get(id) ?? (await client?.getMessageById(id)) ?? null;
    if (!msg?.hasMedia) throw new Error('WhatsApp media not available: no such message with media');
    const tooLarge = () => new Error(`media too large (over ${Math.round(this.maxBytes / 1024 / 1024)} MB): refused`);
    if ((declaredMedia(msg).size ?? 0) > this.maxBytes) throw tooLarge();
    const media = await msg.downloadMedia();
    if (!media?.data) throw new Error('WhatsApp media not available: the file is gone from WhatsApp');
    // base64: 4 characters for every 3 bytes; checked before decoding.
    if (media.data.length > Math.ceil(this.maxBytes / 3) * 4 + 4) throw tooLarge();
    const bytes = Buffer.from(media.data, 'base64');
    if (bytes.length > this.maxBytes) throw tooLarge();
    this.held.delete(id);
    return { bytes, mimeType: media.mimetype, ...(media.filename ? { filename: media.filename } : {}) };
  }
}
