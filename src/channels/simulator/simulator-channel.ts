/**
 * The simulator channel: a WhatsApp stand-in for the demo and the tests. It keeps each
 * simulated chat's transcript in memory and streams new messages to the web chat page. A small
 * file posted with a message is held here by a media id until the engine fetches it, as a
 * phone's media waits on WhatsApp's servers.
 */
import { EventEmitter } from 'node:events';
import type { Channel, FetchedMedia, OutboundMessage } from '../port';

export interface TranscriptEntry {
  id: string;
  direction: 'in' | 'out';
  text: string;
  at: string;
  /** Outbound: the inbound message id it answers, if any. */
  inReplyTo: string | null;
  source?: string;
}

const MAX_ENTRIES_PER_CHAT = 500;
const MAX_CHATS = 10_000;
const MAX_UPLOADS = 100;

export class SimulatorChannel extends EventEmitter implements Channel {
  readonly name = 'simulator' as const;
  private readonly transcripts = new Map<string, TranscriptEntry[]>();
  private readonly sentIds = new Set<string>();
  private readonly uploads = new Map<string, FetchedMedia>();

  constructor(private readonly now: () => Date) {
    super();
    this.setMaxListeners(0);
  }

  async send(message: OutboundMessage): Promise<void> {
    // The outbox id is stable across retries: never show the same message twice.
    if (this.sentIds.has(message.id)) return;
    this.sentIds.add(message.id);
    this.append(message.chatId, { id: message.id, direction: 'out', text: message.text, at: this.now().toISOString(), inReplyTo: message.correlationId, source: message.source });
  }

  /** Holds a posted file until fetchMedia takes it (the oldest go past MAX_UPLOADS). */
  holdUpload(id: string, media: FetchedMedia): void {
    this.uploads.set(id, media);
    if (this.uploads.size > MAX_UPLOADS) this.uploads.delete(this.uploads.keys().next().value as string);
  }

  async fetchMedia(mediaId: string): Promise<FetchedMedia> {
    const media = this.uploads.get(mediaId);
    if (!media) throw new Error('simulator media not available');
    return media;
  }

  recordInbound(chatId: string, id: string, text: string): void {
    this.append(chatId, { id, direction: 'in', text, at: this.now().toISOString(), inReplyTo: null });
  }

  transcript(chatId: string): TranscriptEntry[] {
    return this.transcripts.get(chatId) ?? [];
  }

  repliesTo(chatId: string, messageId: string): TranscriptEntry[] {
    return this.transcript(chatId).filter((e) => e.direction === 'out' && e.inReplyTo === messageId);
  }

  chats(): string[] {
    return [...this.transcripts.keys()];
  }

  private append(chatId: string, entry: TranscriptEntry): void {
    if (!this.transcripts.has(chatId) && this.transcripts.size >= MAX_CHATS) {
      const oldest = this.transcripts.keys().next().value as string;
      this.transcripts.delete(oldest);
    }
    const list = this.transcripts.get(chatId) ?? [];
    list.push(entry);
    if (list.length > MAX_ENTRIES_PER_CHAT) list.splice(0, list.length - MAX_ENTRIES_PER_CHAT);
    this.transcripts.set(chatId, list);
    this.emit('message', { chatId, entry });
  }
}
