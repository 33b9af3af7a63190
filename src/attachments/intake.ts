/**
 * Taking a file in: when a message carries a photo, voice note or document by the channel's
 * reference, its bytes are fetched through that channel (with a deadline, so a download that
 * never ends holds the chat's queue for at most `fetchTimeoutMs`), checked against the policy
 * and kept sealed. The answer says what happened, for the reply the person gets; it never
 * throws for the file's sake (a failed download must not lose the message's text), only for a
 * database outage, which the engine holds and retries like any other step.
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Channel, FetchedMedia } from '../channels/port';
import type { ChannelName, InboundMessage, MessageType } from '../conversation/inbound';
import { isTransientDbError } from '../db/transient';
import type { AttachmentInfo, AttachmentStore } from './attachment-store';
import { checkFile, refusedByDeclaredType, type Refusal } from './policy';

/** What became of a message's file. */
export type AttachmentOutcome =
  | { status: 'kept'; file: AttachmentInfo }
  | { status: 'refused'; reason: Refusal }
  /** The channel could not give the bytes (gone, timed out, refused by the provider). */
  | { status: 'failed' };

/** Message types that carry a file the desk may keep; stickers and the rest are answered as before. */
const FILE_TYPES: ReadonlySet<MessageType> = new Set(['image', 'audio', 'voice', 'document', 'video']);

export const intakeSettingsSchema = z.object({
  fetchTimeoutMs: z.number().int().positive().default(30_000),
});

export interface IntakeDeps {
  store: AttachmentStore;
  channel: (name: ChannelName) => Pick<Channel, 'fetchMedia'> | undefined;
  logger: Logger;
  settings?: z.input<typeof intakeSettingsSchema>;
}

export class AttachmentIntake {
  private readonly settings;
  constructor(private readonly deps: IntakeDeps) {
    this.settings = intakeSettingsSchema.parse(deps.settings ?? {});
  }

  /** Does this message carry a file to take in? */
  carriesFile(msg: InboundMessage): boolean {
    return !msg.fromMe && Boolean(msg.media) && FILE_TYPES.has(msg.type);
  }

  /** The message's file fetched and kept, or why not; null when the message carries none. */
  async take(msg: InboundMessage, chatKey: string): Promise<AttachmentOutcome | null> {
    if (!this.carriesFile(msg) || !msg.media) return null;
    const { store, logger } = this.deps;
    const log = logger.child({ component: 'attachments', messageType: msg.type });
    const already = await store.keptFor(msg.channel, msg.messageId);
    if (already) return { status: 'kept', file: already };
    if (msg.type === 'video' || refusedByDeclaredType(msg.media.mimeType)) return { status: 'refused', reason: 'type' };
    const fetched = await this.fetch(msg.channel, msg.media.id).catch((err: unknown) => {
      log.warn({ err: String((err as Error)?.message ?? err) }, 'attachment not fetched');
      return null;
    });
    if (!fetched) return { status: 'failed' };
    if (fetched === 'too_large') return { status: 'refused', reason: 'size' };
    const checked = checkFile({ bytes: fetched.bytes, declaredType: fetched.mimeType, saidAudio: msg.type === 'audio' || msg.type === 'voice' });
    if (!checked.ok) {
      log.info({ reason: checked.reason, size: fetched.bytes.length }, 'attachment refused');
      return { status: 'refused', reason: checked.reason };
    }
    try {
      const file = await store.keep({
        channel: msg.channel, messageId: msg.messageId, chatKey, at: msg.receivedAt, kind: checked.kind, mimeType: checked.mimeType,
        filename: fetched.filename ?? msg.media.filename ?? null, bytes: fetched.bytes,
      });
      log.info({ kind: file.kind, size: file.size }, 'attachment kept');
      return { status: 'kept', file };
    } catch (err) {
      if (isTransientDbError(err)) throw err;
      log.error({ err }, 'attachment not stored');
      return { status: 'failed' };
    }
  }

  /** The bytes, or 'too_large' when the channel refused them for their size; throws on anything else. */
  private async fetch(name: ChannelName, mediaId: string): Promise<FetchedMedia | 'too_large'> {
    const channel = this.deps.channel(name);
    if (!channel?.fetchMedia) throw new Error(`channel ${name} cannot fetch media`);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`media fetch timed out after ${this.settings.fetchTimeoutMs} ms`)), this.settings.fetchTimeoutMs);
    });
    try {
      return await Promise.race([channel.fetchMedia(mediaId), deadline]);
    } catch (err) {
      if (/too large/i.test(String((err as Error)?.message))) return 'too_large';
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }
}
