/**
 * Retention of closed complaint tickets (UU 27/2022: delete when the retention period ends):
 * a ticket finished (selesai or ditutup) more than RETENTION_TICKET_DAYS ago keeps what the
 * office's reports count — its number, channel, topic, stages and their times, deadlines,
 * score — and loses everything that is about the person: the complainant's name, phone number
 * and NIK (ciphertexts and hashes), the chat it came from, the complaint's text, the office's
 * responses, the complainant's replies, stage notes and the rating's comment. A finished ticket
 * changes no more, so its last change (updatedAt) is when it was finished or later: the period
 * never starts early. Done by the retention job on the service's clock; 0 days keeps forever.
 */
import type { Logger } from 'pino';
import type { Clock } from '../calendar/clock';
import { TERMINAL } from '../complaints/ticket';
import type { TicketStore } from '../complaints/ticket-store';
import type { ScheduledJob } from '../jobs';

const DAY_MS = 24 * 3_600_000;
const BATCH = 200;

/** What replaces a text that is gone, so a page reads why it is empty. */
export const ERASED_TEXT = '[dihapus: masa simpan data berakhir]';

export interface TicketRetentionDeps {
  tickets: Pick<TicketStore, 'tickets'>;
  days: number;
  clock: Clock;
  logger: Logger;
}

interface Texts {
  _id: unknown;
  responses?: { text: string }[];
  replies?: { text: string }[];
  history?: { note: string | null }[];
  rating?: { comment: string | null } | null;
}

export class TicketRetention {
  constructor(private readonly deps: TicketRetentionDeps) {}

  /** Anonymises the tickets finished before the period; answers how many. */
  async purge(): Promise<number> {
    const { days, clock, logger } = this.deps;
    if (days <= 0) return 0;
    const now = clock.now();
    const cutoff = new Date(now.getTime() - days * DAY_MS);
    // The native collection: `anonymisedAt` is this job's mark, not a field of the ticket's schema.
    const tickets = this.deps.tickets.tickets.collection;
    let done = 0;
    for (;;) {
      const batch = (await tickets
        .find({ stage: { $in: [...TERMINAL] }, updatedAt: { $lt: cutoff }, anonymisedAt: null }, { projection: { responses: 1, replies: 1, history: 1, rating: 1 } })
        .limit(BATCH)
        .toArray()) as unknown as Texts[];
      for (const t of batch) {
        await tickets.updateOne(
          { _id: t._id as never },
          {
            $set: {
              body: ERASED_TEXT,
              complainant: { name: null, phoneHash: null, phoneSealed: null, nikHash: null, nikSealed: null },
              chatHash: null,
              chatSealed: null,
              fingerprint: null,
              pause: null,
              responses: (t.responses ?? []).map((r) => ({ ...r, text: ERASED_TEXT })),
              replies: (t.replies ?? []).map((r) => ({ ...r, text: '' })),
              history: (t.history ?? []).map((h) => ({ ...h, note: null })),
              ...(t.rating ? { rating: { ...t.rating, comment: null } } : {}),
              anonymisedAt: now,
            },
            $inc: { rev: 1 },
          },
        );
      }
      done += batch.length;
      if (batch.length < BATCH) break;
    }
    if (done > 0) logger.info({ tickets: done }, 'retention: closed tickets anonymised');
    return done;
  }

  job(schedule: string, timeZone: string): ScheduledJob {
    return { name: 'ticket-retention', schedule, timeZone, run: async () => void (await this.purge()) };
  }
}
