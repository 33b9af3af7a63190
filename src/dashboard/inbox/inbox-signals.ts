/**
 * What tells staff that something happened in a chat: how many of the applicant's messages
 * still have no answer from a person, and a one-line preview of the last one. "Unanswered"
 * is shared by the whole desk (the queue is worked together), counted from the handoff
 * request or the last staff / office-phone message, whichever is later.
 */
import type { EventEmitter } from 'node:events';
import type { LoggedMessage, MessageLog } from '../../conversation/message-log';
import type { Handoffs } from '../../handoff/handoff-service';
import type { Handoff } from '../../handoff/handoff-store';

export interface ChatSignal {
  unread: number;
  preview: string | null;
}

const PREVIEW_CHARS = 80;
/** Enough of a chat's end to count a long run of unanswered messages. */
const TAIL = 50;
/** A safety net only: events clear the cached count as soon as something changes. */
const COUNT_TTL_MS = 30_000;

export function signalOf(h: Pick<Handoff, 'requestedAt'>, messages: LoggedMessage[]): ChatSignal {
  let unread = 0;
  let preview: string | null = null;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (m.author === 'staff' || m.author === 'office_phone') break;
    if (m.author !== 'user') continue;
    if (preview === null) preview = previewOf(m);
    if (m.at.getTime() >= h.requestedAt.getTime()) unread++;
  }
  if (preview === null) {
    const last = [...messages].reverse().find((m) => m.author === 'user');
    preview = last ? previewOf(last) : null;
  }
  return { unread, preview };
}

function previewOf(m: LoggedMessage): string {
  const text = (m.type && m.type !== 'text' ? `[${m.type}] ${m.text}` : m.text).replace(/\s+/g, ' ').trim();
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
}

export class InboxSignals {
  private count: { value: Promise<number>; at: number } | null = null;

  constructor(private readonly handoffs: Handoffs, private readonly messageLog: MessageLog, private readonly nowMs: () => number = Date.now) {}

  /** Clears the cached count whenever the emitter reports a change that `matters` (default: all). */
  watch(source: EventEmitter, events: string[], matters: (payload: any) => boolean = () => true): void {
    for (const e of events) source.on(e, (payload) => void (matters(payload) && (this.count = null)));
  }

  async forQueue(queue: Handoff[]): Promise<Map<string, ChatSignal>> {
    const signals = await Promise.all(queue.map(async (h) => [h.chatKey, signalOf(h, await this.messageLog.history(h.chatKey, TAIL))] as const));
    return new Map(signals);
  }

  /**
   * Chats waiting for a person — every new request not yet claimed, and every chat with an
   * unanswered message from the applicant — the number in the top bar and the tab title. A
   * new request counts by itself: WhatsApp stamps a message to the second, so the "petugas"
   * that asked is often older than the request and its unread count is 0.
   */
  chatsWaitingForAnswer(): Promise<number> {
    if (!this.count || this.nowMs() - this.count.at > COUNT_TTL_MS) {
      const value = this.handoffs.queue().then(async (q) => {
        const signals = await this.forQueue(q);
        return q.filter((h) => h.status === 'waiting' || (signals.get(h.chatKey)?.unread ?? 0) > 0).length;
      });
      value.catch(() => (this.count = null));
      this.count = { value, at: this.nowMs() };
    }
    return this.count.value;
  }
}
