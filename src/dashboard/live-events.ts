/**
 * Server-sent events for the dashboard. Handoff queue changes and chat messages reach only
 * people who may work the inbox; every stream re-checks its session on each heartbeat, so
 * signing out (or being deactivated) ends the stream within one interval.
 */
import type { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import type { SessionHttp } from '../staff/session-http';
import { canOpen, type SectionId } from './nav';

export type LiveKind = 'handoff' | 'message' | 'ticket';

interface Client {
  res: Response;
  sections: Set<SectionId>;
}

const KIND_SECTION: Record<LiveKind, SectionId> = { handoff: 'inbox', message: 'inbox', ticket: 'tickets' };

export class LiveEvents {
  private readonly clients = new Set<Client>();

  constructor(private readonly http: SessionHttp, private readonly heartbeatMs = 25_000) {}

  /** Forwards an emitter's events; `map` picks the payload (never more than the page needs). */
  forward(source: EventEmitter, event: string, kind: LiveKind, map: (payload: any) => Record<string, unknown> | null): void {
    source.on(event, (payload) => {
      const data = map(payload);
      if (data) this.publish(kind, data);
    });
  }

  publish(kind: LiveKind, data: Record<string, unknown>): void {
    const frame = `event: ${kind}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const c of this.clients) if (c.sections.has(KIND_SECTION[kind])) c.res.write(frame);
  }

  get size(): number {
    return this.clients.size;
  }

  /** The GET handler: the request already passed the sign-in gate. */
  async stream(req: Request, res: Response): Promise<void> {
    const actor = req.dash!.who.actor;
    const client: Client = { res, sections: new Set((['inbox', 'tickets'] as SectionId[]).filter((s) => canOpen(actor, s))) };
    res.set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache, no-transform', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    res.flushHeaders();
    res.write('retry: 3000\n\n');
    this.clients.add(client);
    const beat = setInterval(() => {
      void this.http.stillSignedIn(req).then(
        (still) => (still ? res.write(': ping\n\n') : res.end()),
        () => res.end(),
      );
    }, this.heartbeatMs);
    beat.unref();
    req.on('close', () => {
      clearInterval(beat);
      this.clients.delete(client);
    });
  }
}
