/**
 * The complaint report: tickets per stage and channel, overdue tickets, the median time to
 * first response in office working hours, and the satisfaction ratings (SKM scale 1–4); and
 * the same tickets as CSV rows. No personal data leaves through either.
 */
import { spreadsheetSafe } from '../http/spreadsheet-cell';
import { stringify } from 'csv-stringify/sync';
import type { TimeZone } from '../agency/profile-schema';
import type { OfficeCalendar } from '../calendar/working-days';
import { LAPOR_CLASSIFICATION } from './lapor';
import { firstResponseOf, STAGES, TICKET_CHANNELS, type TicketDoc } from './ticket';
import { isOverdue } from './overdue';
import { isoLocal } from './ticket-view';

export interface ReportContext {
  calendar: OfficeCalendar;
  tz: TimeZone;
  now: Date;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Timed from the first response ever: a reopened ticket was still answered (ticket.ts firstResponseOf). */
const hoursToFirstResponse = (t: TicketDoc, calendar: OfficeCalendar) => {
  const first = firstResponseOf(t);
  return first ? calendar.workingHoursBetween(t.receivedAt, first.at) : null;
};

export function ticketReport(tickets: TicketDoc[], ctx: ReportContext) {
  const count = <K extends string>(keys: readonly K[], of: (t: TicketDoc) => K) => {
    const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
    for (const t of tickets) out[of(t)] += 1;
    return out;
  };
  const responded = tickets.filter((t) => firstResponseOf(t) !== null);
  const hours = responded.map((t) => hoursToFirstResponse(t, ctx.calendar)!);
  const rated = tickets.filter((t) => t.rating);
  const overdue = tickets.filter((t) => isOverdue(t, ctx.now));
  const med = median(hours);
  return {
    total: tickets.length,
    byStage: count(STAGES, (t) => t.stage),
    byChannel: count(TICKET_CHANNELS, (t) => t.channel),
    overdue: {
      count: overdue.length,
      tickets: overdue.map((t) => ({
        number: t.number,
        stage: t.stage,
        responseDueAt: isoLocal(t.responseDueAt, ctx.tz),
        respondedAt: isoLocal(t.respondedAt, ctx.tz),
        assignee: t.assignee,
      })),
    },
    firstResponse: {
      responded: responded.length,
      withinDeadline: responded.filter((t) => firstResponseOf(t)!.at <= firstResponseOf(t)!.dueAt).length,
      medianWorkingHours: med === null ? null : round2(med),
    },
    rating: {
      count: rated.length,
      average: rated.length ? round2(rated.reduce((sum, t) => sum + t.rating!.score, 0) / rated.length) : null,
      distribution: { 1: 0, 2: 0, 3: 0, 4: 0, ...countScores(rated) },
      withComment: rated.filter((t) => t.rating!.comment).length,
    },
  };
}

function countScores(rated: TicketDoc[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const t of rated) out[t.rating!.score] = (out[t.rating!.score] ?? 0) + 1;
  return out;
}

/** Free text typed by staff must not run as a formula when the CSV is opened in a spreadsheet. */
const cell = spreadsheetSafe;

const CSV_COLUMNS = [
  'number', 'received_at', 'channel', 'topic', 'lapor_category', 'lapor_tracking_id', 'stage', 'response_due_at', 'provisional',
  'responded_at', 'working_hours_to_first_response', 'overdue', 'assignee', 'confidential', 'identity_complete', 'rating',
];

export function ticketsCsv(tickets: TicketDoc[], ctx: ReportContext): string {
  const rows = tickets.map((t) => {
    const hours = hoursToFirstResponse(t, ctx.calendar);
    return [
      t.number,
      isoLocal(t.receivedAt, ctx.tz),
      t.channel,
      t.topic,
      LAPOR_CLASSIFICATION[t.topic].category,
      cell(t.laporTrackingId ?? ''),
      t.stage,
      isoLocal(t.responseDueAt, ctx.tz),
      t.provisional ? 'yes' : 'no',
      isoLocal(firstResponseOf(t)?.at ?? null, ctx.tz) ?? '',
      hours === null ? '' : round2(hours).toFixed(2),
      isOverdue(t, ctx.now) ? 'yes' : 'no',
      cell(t.assignee?.name ?? ''),
      t.confidential ? 'yes' : 'no',
      t.identityComplete ? 'yes' : 'no',
      t.rating?.score ?? '',
    ];
  });
  return stringify([CSV_COLUMNS, ...rows]);
}
