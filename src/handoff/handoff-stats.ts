/**
 * Handoff figures for the reports page: how many chats asked for a person, why, how long they
 * waited for one, and how they ended. Computed in memory from the period's records (an
 * office has tens of handoffs a day, not millions).
 */
import type { Handoff } from './handoff-store';

export interface HandoffStats {
  requested: number;
  byReason: Record<Handoff['reason'], number>;
  claimed: number;
  /** Minutes from request to a person taking the chat (office-phone chats excluded: nobody waited). */
  waitMinutes: { median: number | null; p90: number | null; max: number | null };
  stillWaiting: number;
  closedBy: Record<NonNullable<Handoff['closeReason']>, number>;
  /** Per office-local day, oldest first. */
  perDay: { date: string; requested: number; medianWaitMinutes: number | null }[];
}

export function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[i];
}

/** The middle value (mean of the two middle values for an even count). */
export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const waitMinutes = (h: Handoff) => (h.claimedAt!.getTime() - h.requestedAt.getTime()) / 60_000;
const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

export function handoffStats(rows: Handoff[], localDate: (at: Date) => string): HandoffStats {
  const byReason = { asked: 0, misunderstood: 0, complaint: 0, office_phone: 0 };
  const closedBy = { staff: 0, idle: 0, withdrawn: 0, unclaimed: 0 };
  const days = new Map<string, Handoff[]>();
  for (const h of rows) {
    byReason[h.reason] = (byReason[h.reason] ?? 0) + 1;
    if (h.closeReason) closedBy[h.closeReason] = (closedBy[h.closeReason] ?? 0) + 1;
    const day = localDate(h.requestedAt);
    days.set(day, [...(days.get(day) ?? []), h]);
  }
  const waited = (list: Handoff[]) => list.filter((h) => h.claimedAt && h.reason !== 'office_phone').map(waitMinutes).sort((a, b) => a - b);
  const waits = waited(rows);
  return {
    requested: rows.length,
    byReason,
    claimed: rows.filter((h) => h.claimedAt).length,
    waitMinutes: { median: round1(median(waits)), p90: round1(percentile(waits, 0.9)), max: round1(waits.at(-1) ?? null) },
    stillWaiting: rows.filter((h) => h.status === 'waiting').length,
    closedBy,
    perDay: [...days.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([date, list]) => ({ date, requested: list.length, medianWaitMinutes: round1(median(waited(list))) })),
  };
}
