/**
 * The activity page (supervisors and admins): the audit log in Indonesian sentences, newest
 * first, 50 to a page, filtered by kind of activity or one action and by office-local dates
 * (the last 7 days unless chosen). Bad filters in the address are a 400, never a 500.
 */
import { Router } from 'express';
import { z } from 'zod';
import { addDaysIso, isIsoDate, isoToDate } from '../../calendar/local-date';
import { parseQuery } from '../forms';
import { dash } from '../guard';
import { page } from '../layout';
import { localDate, type TimeFormat } from '../time';
import type { ActivityStore } from './activity-store';
import { targetNames, type TargetSources } from './activity-targets';
import { activityBody } from './activity-views';
import { ACTIONS, ACTIVITY_GROUPS, actionsIn, ROUTINE_READS, type ActivityGroup } from './activity-wording';

export const ACTIVITY_PER_PAGE = 50;
const blank = (v: unknown) => (v === '' ? undefined : v);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Tanggal harus berformat TTTT-BB-HH.').refine(isIsoDate, 'Tanggal tersebut tidak ada di kalender.');
const activityQuery = z
  .object({
    from: z.preprocess(blank, isoDate.optional()),
    to: z.preprocess(blank, isoDate.optional()),
    action: z.preprocess(
      blank,
      z
        .string()
        .refine((a) => Object.hasOwn(ACTIONS, a) || (a.startsWith('group:') && Object.hasOwn(ACTIVITY_GROUPS, a.slice(6))), 'Jenis kegiatan tidak dikenal.')
        .optional(),
    ),
    page: z.preprocess(blank, z.coerce.number({ error: 'Halaman harus angka.' }).int('Halaman harus bilangan bulat.').min(1, 'Halaman minimal 1.').max(10_000).default(1)),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, 'Tanggal awal harus sebelum atau sama dengan tanggal akhir.');

export function activityRoutes(deps: { activity: ActivityStore; targets: TargetSources; time: TimeFormat }): Router {
  const { time } = deps;
  const router = Router();
  router.get('/', async (req, res) => {
    const { ctx } = dash(req);
    const q = parseQuery(activityQuery, req);
    const to = q.to ?? localDate(time.now(), time.tz);
    const from = q.from ?? addDaysIso(to, -6, time.tz);
    const actions = !q.action ? null : q.action.startsWith('group:') ? actionsIn(q.action.slice(6) as ActivityGroup) : [q.action];
    const { rows, total } = await deps.activity.page(
      { from: isoToDate(from, time.tz), to: isoToDate(addDaysIso(to, 1, time.tz), time.tz), actions, except: ROUTINE_READS },
      (q.page - 1) * ACTIVITY_PER_PAGE,
      ACTIVITY_PER_PAGE,
    );
    const names = await targetNames(rows, deps.targets);
    const body = activityBody({ rows, total, page: q.page, perPage: ACTIVITY_PER_PAGE, from, to, action: q.action ?? '', names, time });
    res.type('html').send(String(page(ctx, { title: 'Log aktivitas', section: 'reports', body })));
  });
  return router;
}
