/**
 * Retention: the records that only grow — outbox entries already sent (or expired unsent), the
 * staff audit log, closed handoffs, complaint SLA alerts — are removed once older than their
 * configured number of days, by a scheduled job on the service's clock (a TTL index would run on
 * the database server's clock and could not honour a setting that changes). Each delete is an
 * index range: outbox {status, nextAttemptAt} (an entry is sent only once due, so its
 * nextAttemptAt is never after its sentAt; sentAt is checked too), audit_log {at},
 * handoffs {status, closedAt}, alerts {createdAt}. Entries still waiting or failed, and open
 * handoffs, are never touched.
 */
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Clock } from '../calendar/clock';
import type { ScheduledJob } from './scheduler';

export interface RetentionDays {
  /** Sent or expired outbox entries. */
  outbox: number;
  audit: number;
  /** Closed handoffs, counted from when they were closed. */
  handoffs: number;
  alerts: number;
}

const DAY_MS = 24 * 3_600_000;

/** What goes, per collection, for a cutoff date: each filter led by an index's fields. */
const RULES: { kind: keyof RetentionDays; collection: string; filter: (cutoff: Date) => Record<string, unknown> }[] = [
  { kind: 'outbox', collection: 'outbox', filter: (cutoff) => ({ status: { $in: ['sent', 'expired'] }, nextAttemptAt: { $lt: cutoff }, sentAt: { $not: { $gte: cutoff } } }) },
  { kind: 'audit', collection: 'audit_log', filter: (cutoff) => ({ at: { $lt: cutoff } }) },
  { kind: 'handoffs', collection: 'handoffs', filter: (cutoff) => ({ status: 'closed', closedAt: { $lt: cutoff } }) },
  { kind: 'alerts', collection: 'alerts', filter: (cutoff) => ({ createdAt: { $lt: cutoff } }) },
];

export class RetentionStore {
  constructor(
    private readonly connection: Connection,
    private readonly deps: { days: RetentionDays; clock: Clock; logger: Logger },
  ) {}

  /** Deletes what is past its retention; returns how many of each (a kind with 0 days is kept forever). */
  async purge(): Promise<Partial<Record<keyof RetentionDays, number>>> {
    const now = this.deps.clock.now().getTime();
    const removed: Partial<Record<keyof RetentionDays, number>> = {};
    for (const rule of RULES) {
      const days = this.deps.days[rule.kind];
      if (days <= 0) continue;
      const { deletedCount } = await this.connection.collection(rule.collection).deleteMany(rule.filter(new Date(now - days * DAY_MS)));
      removed[rule.kind] = deletedCount;
    }
    if (Object.values(removed).some((n) => n > 0)) this.deps.logger.info({ removed }, 'retention: old records removed');
    return removed;
  }

  job(schedule: string, timeZone: string): ScheduledJob {
    return { name: 'retention', schedule, timeZone, run: async () => void (await this.purge()) };
  }
}
