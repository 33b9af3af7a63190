/**
 * Reports (supervisors and admins): handoff volume and waiting times, and — when the
 * complaints module provides them — tickets per stage, overdue tickets and the median time to
 * a first response, for a chosen period of office-local dates.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Handoffs } from '../../handoff/handoff-service';
import { handoffStats } from '../../handoff/handoff-stats';
import { addDaysIso, isIsoDate, isoToDate } from '../../calendar/local-date';
import { parseQuery } from '../forms';
import { dash } from '../guard';
import { html } from '../html';
import { page } from '../layout';
import { localDate, type TimeFormat } from '../time';
import { handoffSection, periodForm, reportLinks, ticketSection } from './reports-views';
import type { TicketReportSource } from './ticket-report';

// A real calendar date, not only its shape: "2026-02-31" is a bad link (400), never a 500.
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Tanggal harus berformat TTTT-BB-HH.').refine(isIsoDate, 'Tanggal tersebut tidak ada di kalender.');
const periodSchema = z
  .object({ from: isoDate.optional(), to: isoDate.optional() })
  .refine((p) => !p.from || !p.to || p.from <= p.to, 'Tanggal awal harus sebelum atau sama dengan tanggal akhir.');

export function reportRoutes(deps: { handoffs: Handoffs; tickets: TicketReportSource | null; time: TimeFormat }): Router {
  const { handoffs, time } = deps;
  const router = Router();

  router.get('/', async (req, res) => {
    const { ctx } = dash(req);
    const q = parseQuery(periodSchema, req);
    const today = localDate(time.now(), time.tz);
    const to = q.to ?? today;
    const from = q.from ?? addDaysIso(to, -29, time.tz);
    // The period is whole office-local days: [from 00:00, to+1 00:00).
    const start = isoToDate(from, time.tz);
    const end = isoToDate(addDaysIso(to, 1, time.tz), time.tz);
    const stats = handoffStats(await handoffs.requestedBetween(start, end), (at) => localDate(at, time.tz));
    const tickets = deps.tickets ? await deps.tickets.report({ from: start, to: end, now: time.now() }) : null;
    const body = html`${reportLinks('overview')}
<h1>Laporan</h1>
${periodForm(from, to)}
${ticketSection(tickets)}
${handoffSection(stats)}`;
    res.type('html').send(String(page(ctx, { title: 'Laporan', section: 'reports', body })));
  });

  return router;
}
