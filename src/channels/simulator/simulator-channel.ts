/**
 * The simulator channel: a WhatsApp stand-in for the demo and the tests. It keeps each
 * simulated chat's transcript in memory and streams new messages to the web chat page.
 */
import { EventEmitter } from 'node:events';
import type { Channel, OutboundMessage } from '../port';

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

export class SimulatorChannel extends EventEmitter implements Channel {
  readonly name = 'simulator' as const;
  private readonly transcripts = new Map<string, TranscriptEntry[]>();
  private readonly sentIds = new Set<string>();

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
