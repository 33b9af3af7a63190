/**
 * The monthly summary a head of office reads: applications received and decided, tickets
 * received, closed and late, the median time to a first response (tickets, in working hours;
 * chats, in minutes until a person took them), and chats answered by staff or returned to the
 * bot unclaimed; with the same figures per day for the chart and the CSV. Applications and
 * closures are counted from the audit log (one indexed range read), tickets from the complaints
 * module's own report, chats from the handoff records of the month.
 */
import { DateTime } from 'luxon';
import type { TimeZone } from '../../agency/profile-schema';
import { handoffStats } from '../../handoff/handoff-stats';
import type { Handoff } from '../../handoff/handoff-store';
import { localDate } from '../time';
import type { ActivityStore } from './activity-store';
import type { TicketReportSource } from './ticket-report';

/** Statuses that are a decision on an application (applications/transitions.ts). */
const DECISIONS = ['layak', 'tidak_layak', 'daftar_tunggu', 'ditolak'];
const CLOSED_STAGES = ['selesai', 'ditutup'];
const RECEIVED = ['application.create', 'application.import_create'];

export interface MonthlySummary {
  month: string;
  applications: { received: number; decided: number };
  tickets: { received: number; closed: number; late: number; medianFirstResponseWorkingHours: number | null } | null;
  handoffs: { requested: number; answered: number; unclaimed: number; medianWaitMinutes: number | null };
  perDay: { date: string; applications: number; tickets: number; handoffs: number }[];
}

export interface MonthlyDeps {
  activity: ActivityStore;
  tickets: TicketReportSource | null;
  handoffsBetween: (from: Date, to: Date) => Promise<Handoff[]>;
  tz: TimeZone;
  now: () => Date;
}

export function monthBounds(month: string, tz: TimeZone): { start: Date; end: Date; days: string[] } {
  const first = DateTime.fromISO(`${month}-01`, { zone: tz }).startOf('day');
  const next = first.plus({ months: 1 });
  const days: string[] = [];
  for (let d = first; d < next; d = d.plus({ days: 1 })) days.push(d.toISODate()!);
  return { start: first.toJSDate(), end: next.toJSDate(), days };
}

export async function monthlySummary(month: string, deps: MonthlyDeps): Promise<MonthlySummary> {
  const { start, end, days } = monthBounds(month, deps.tz);
  const [entries, handoffs, tickets] = await Promise.all([
    deps.activity.entries({ from: start, to: end, actions: [...RECEIVED, 'application.status', 'ticket.created', 'ticket.transition'] }),
    deps.handoffsBetween(start, end),
    deps.tickets ? deps.tickets.report({ from: start, to: end, now: deps.now() }) : Promise.resolve(null),
  ]);
  const day = (at: Date) => localDate(at, deps.tz);
  const to = (e: { details?: Record<string, unknown> }) => (typeof e.details?.to === 'string' ? e.details.to : '');
  const perDay = new Map(days.map((d) => [d, { date: d, applications: 0, tickets: 0, handoffs: 0 }]));
  let received = 0;
  let decided = 0;
  let closed = 0;
  for (const e of entries) {
    if (RECEIVED.includes(e.action)) {
      received += 1;
      perDay.get(day(e.at))!.applications += 1;
    } else if (e.action === 'application.status' && DECISIONS.includes(to(e))) decided += 1;
    else if (e.action === 'ticket.created') perDay.get(day(e.at))!.tickets += 1;
    else if (e.action === 'ticket.transition' && CLOSED_STAGES.includes(to(e))) closed += 1;
  }
  for (const h of handoffs) perDay.get(day(h.requestedAt))!.handoffs += 1;
  const stats = handoffStats(handoffs, day);
  return {
    month,
    applications: { received, decided },
    tickets: tickets && { received: tickets.received, closed, late: tickets.overdue, medianFirstResponseWorkingHours: tickets.firstResponse.medianWorkingHours },
    handoffs: { requested: stats.requested, answered: stats.claimed, unclaimed: stats.closedBy.unclaimed, medianWaitMinutes: stats.waitMinutes.median },
    perDay: [...perDay.values()],
  };
}
