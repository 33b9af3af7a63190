/**
 * The monthly summary page (supervisors and admins) and its CSV download, for a month chosen
 * as "YYYY-MM" (this month by default). A month that does not exist or lies in the future is
 * a bad link (400).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { Handoff } from '../../handoff/handoff-store';
import { parseQuery } from '../forms';
import { dash } from '../guard';
import { page } from '../layout';
import { localDate, type TimeFormat } from '../time';
import type { ActivityStore } from './activity-store';
import { monthlySummary } from './monthly-summary';
import { monthlyBody, monthlyCsv } from './monthly-views';
import type { TicketReportSource } from './ticket-report';

export function monthlyRoutes(deps: {
  activity: ActivityStore;
  tickets: TicketReportSource | null;
  handoffsBetween: (from: Date, to: Date) => Promise<Handoff[]>;
  officeName: string;
  time: TimeFormat;
}): Router {
  const { time } = deps;
  const router = Router();
  const thisMonth = () => localDate(time.now(), time.tz).slice(0, 7);
  const monthQuery = () =>
    z.object({
      month: z
        .preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Bulan harus berformat TTTT-BB.').optional())
        .refine((m) => !m || m <= thisMonth(), 'Bulan tersebut belum berjalan.'),
    });
  const summary = (month: string | undefined) =>
    monthlySummary(month ?? thisMonth(), { activity: deps.activity, tickets: deps.tickets, handoffsBetween: deps.handoffsBetween, tz: time.tz, now: time.now });

  router.get('/monthly', async (req, res) => {
    const { ctx } = dash(req);
    const s = await summary(parseQuery(monthQuery(), req).month);
    res.type('html').send(String(page(ctx, { title: 'Ringkasan bulanan', section: 'reports', body: monthlyBody(s, thisMonth()) })));
  });

  router.get('/monthly.csv', async (req, res) => {
    const s = await summary(parseQuery(monthQuery(), req).month);
    res
      .type('text/csv; charset=utf-8')
      .set('Content-Disposition', `attachment; filename="ringkasan-${s.month}.csv"`)
      .send(`\uFEFF${monthlyCsv(s, deps.officeName)}`);
  });

  return router;
}
