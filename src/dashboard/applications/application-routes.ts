/**
 * Application pages (verifiers, admins) over the applications module's use cases: search by
 * registration number, name or exact NIK; one record with its status history (full NIK/KK/
 * phones only on request, which the module audits); status change; visit scheduling; CSV
 * import with a dry run first. Rule checks that the module states in English for API clients
 * are made here first with the module's own rule tables, so staff read Indonesian.
 */
import express, { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AgencyProfile, StatusCode } from '../../agency/profile-schema';
import { parseNik } from '../../applications/nik';
import { AWAITING_VISIT, detailProblems, TRANSITIONS } from '../../applications/transitions';
import { isIsoDate } from '../../calendar/local-date';
import { AppError } from '../../http/errors';
import type { StaffUsers } from '../../staff/staff-users';
import { userError } from '../error-page';
import { flashFrom, parseForm, parseQuery } from '../forms';
import { csrfChecked, dash } from '../guard';
import { page } from '../layout';
import { localDate, type TimeFormat } from '../time';
import type { ApplicationPagesPort } from './application-port';
import { appHref, detailBody, importBody, searchBody, SEARCH_BY, type SearchBy } from './application-views';
import { fileRefusal } from './import-wording';
import { parseMultipart } from './multipart';

const searchSchema = z.object({
  q: z.string().trim().max(100, 'Kata pencarian maksimal 100 karakter.').default(''),
  by: z.enum(Object.keys(SEARCH_BY) as [SearchBy, ...SearchBy[]]).default('auto'),
});

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = (max: number) => z.preprocess(blank, z.string().trim().max(max, `Maksimal ${max} karakter.`).optional());
const optionalDate = z.preprocess(blank, z.string().refine(isIsoDate, 'Tanggal tidak valid.').optional());

const FIELD_LABELS: Record<string, string> = {
  reason: 'Alasan', waitingListPosition: 'Nomor urut daftar tunggu', quotaPeriod: 'Periode kuota', funding: 'Pembiayaan',
  proposalBatchDate: 'Tanggal pengusulan', bpjsActivationDate: 'Tanggal aktif BPJS', deactivationReason: 'Alasan nonaktif',
};

const statusForm = z.object({
  status: z.string().min(1, 'Pilih status baru.'),
  note: optionalText(1000),
  reason: optionalText(500),
  waitingListPosition: z.preprocess(blank, z.coerce.number({ error: 'Nomor urut harus angka.' }).int('Nomor urut harus bilangan bulat.').min(1, 'Nomor urut minimal 1.').optional()),
  quotaPeriod: optionalText(100),
  funding: z.preprocess(blank, z.enum(['APBD', 'APBN'], { error: 'Pembiayaan harus APBD atau APBN.' }).optional()),
  proposalBatchDate: optionalDate,
  bpjsActivationDate: optionalDate,
  deactivationReason: optionalText(500),
});

const TIME_WINDOW = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;
/**
 * Staff write times the Indonesian way — "09.00-11.00", "9.00 – 11.00", "09.00 s/d 11.00" —
 * and the module stores "09:00-11:00": the form accepts the ways people write and normalises.
 */
export function normaliseTimeWindow(input: string): string {
  const [from, to, ...rest] = input
    .trim()
    .replace(/\s*(?:s\.?\/d\.?|sampai|hingga|[-–—])\s*/gi, '-')
    .split('-');
  if (from === undefined || to === undefined || rest.length) return input.trim();
  const time = (t: string) => {
    const m = /^(\d{1,2})(?:[.:](\d{2}))?$/.exec(t.trim());
    return m ? `${m[1].padStart(2, '0')}:${m[2] ?? '00'}` : t.trim();
  };
  return `${time(from)}-${time(to)}`;
}
const visitForm = z.object({
  date: z.string().refine(isIsoDate, 'Tanggal kunjungan tidak valid.'),
  timeWindow: z
    .string()
    .transform(normaliseTimeWindow)
    .pipe(z.string().regex(TIME_WINDOW, 'Jam kunjungan ditulis JJ.MM-JJ.MM, misalnya 09.00-12.00.'))
    .refine((v) => v.slice(0, 5) < v.slice(6), 'Jam mulai harus sebelum jam selesai.'),
});

const importForm = z.object({ dryRun: z.preprocess((v) => v === '1', z.boolean()), notify: z.preprocess((v) => v === '1', z.boolean()) });

const MODULE_ERRORS: Record<string, string> = {
  conflict: 'Permohonan ini baru saja diubah orang lain atau perubahan tidak diizinkan. Muat ulang lalu coba lagi.',
  invalid_request: 'Isian tidak valid.',
  invalid_csv: 'Berkas bukan CSV yang dapat dibaca atau judul kolomnya tidak sesuai.',
};

/** Registration numbers carry a digit; 16 digits is a NIK; anything else is a name. */
function searchQuery(q: string, by: SearchBy): { registrationNumber?: string; name?: string; nik?: string } | string {
  const kind = by !== 'auto' ? by : /^\d{16}$/.test(q.replace(/[\s.-]/g, '')) ? 'nik' : /\d/.test(q) ? 'registrationNumber' : 'name';
  if (kind === 'nik') {
    const nik = parseNik(q);
    return nik.ok ? { nik: nik.nik } : nik.message;
  }
  if (kind === 'registrationNumber') return /^[A-Za-z0-9][A-Za-z0-9/.-]{2,39}$/.test(q) ? { registrationNumber: q.toUpperCase() } : 'Nomor registrasi 3–40 huruf/angka seperti tertulis di tanda terima, misalnya BJM/2026/00123.';
  return q.length >= 2 ? { name: q } : 'Nama minimal 2 huruf.';
}

export function applicationRoutes(deps: ApplicationPagesPort & { profile: AgencyProfile; users: StaffUsers; time: TimeFormat }): Router {
  const { records, importCsv, profile, time } = deps;
  const router = Router();
  const actorOf = (req: Request) => ({ id: dash(req).ctx.actor.id, name: dash(req).ctx.actor.name });

  router.get('/', async (req, res) => {
    const { ctx } = dash(req);
    const { q, by } = parseQuery(searchSchema, req);
    let results = null;
    let errors: string[] | undefined;
    if (q) {
      const query = searchQuery(q, by);
      if (typeof query === 'string') errors = [query];
      else results = await records.search({ ...query, limit: 50 }, actorOf(req));
    }
    res.status(errors ? 400 : 200).type('html').send(String(page(ctx, { title: 'Permohonan', section: 'applications', flash: flashFrom(req), body: searchBody({ ctx, q, by, results, errors }) })));
  });

  const importPage = (req: Request, res: Response, o: { status?: number; report?: Awaited<ReturnType<typeof importCsv>>; errors?: string[]; checked?: string } = {}) => {
    const { ctx } = dash(req);
    res.status(o.status ?? 200).type('html').send(String(page(ctx, { title: 'Impor CSV', section: 'applications', body: importBody({ ctx, report: o.report, errors: o.errors, checked: o.checked }) })));
  };

  router.get('/import', (req, res) => importPage(req, res));

  // The upload's CSRF token is inside the multipart body: read the body (10 MB at most), then check.
  router.post(
    '/import',
    express.raw({ type: 'multipart/form-data', limit: '10mb' }),
    (req, _res, next) => {
      const form = parseMultipart(req.body as Buffer, req.get('content-type'));
      req.body = form ? { ...form.fields, _files: form.files } : {};
      next();
    },
    csrfChecked,
    async (req, res) => {
      const file = (req.body._files as Record<string, { data: Buffer }> | undefined)?.file;
      // After a dry run the page carries the checked file's text, so importing it needs no second pick.
      const carried = typeof req.body.csv === 'string' && req.body.csv.length > 0 ? req.body.csv : null;
      if ((!file || file.data.length === 0) && !carried) return importPage(req, res, { status: 400, errors: ['Pilih berkas CSV terlebih dahulu.'] });
      const options = parseForm(importForm, req.body);
      if (!options.ok) return importPage(req, res, { status: 400, errors: options.messages });
      const text = file && file.data.length > 0 ? file.data.toString('utf8') : carried!;
      try {
        const report = await importCsv(text, options.data, actorOf(req));
        importPage(req, res, { report, checked: report.dryRun ? text : undefined });
      } catch (err) {
        if (err instanceof AppError && err.code === 'invalid_csv') return importPage(req, res, { status: 400, errors: fileRefusal(err.message, text) });
        throw err;
      }
    },
  );

  const detailPage = async (req: Request, res: Response, id: string, o: { status?: number; errors?: string[]; values?: Record<string, string> } = {}) => {
    const { ctx } = dash(req);
    const revealed = req.query.reveal === '1' && req.method === 'GET';
    const app = await records.get(id, revealed ? ['nik', 'kk', 'phones'] : [], actorOf(req)).catch((err) => {
      throw err instanceof AppError && err.code === 'not_found' ? userError('not_found', 'Permohonan tidak ditemukan.', 404) : err;
    });
    const names = await deps.users.names(app.history.map((h) => h.actor));
    const body = detailBody({ ctx, app, profile, names, time, revealed, ...o });
    res.status(o.status ?? 200).type('html').send(String(page(ctx, { title: app.registrationNumber, section: 'applications', flash: flashFrom(req), body })));
  };

  const idOf = (req: Request) => {
    const id = String(req.params.id);
    if (!/^[\w-]{1,64}$/.test(id)) throw userError('not_found', 'Permohonan tidak ditemukan.', 404);
    return id;
  };

  router.get('/:id', (req, res) => detailPage(req, res, idOf(req)));

  const attempt = async (req: Request, res: Response, id: string, values: Record<string, string>, run: () => Promise<unknown>, ok: string) => {
    try {
      await run();
    } catch (err) {
      if (err instanceof AppError && MODULE_ERRORS[err.code]) return detailPage(req, res, id, { status: err.status, errors: [MODULE_ERRORS[err.code]], values });
      throw err;
    }
    res.redirect(303, `${appHref(id)}?ok=${ok}`);
  };

  router.post('/:id/status', async (req, res) => {
    const id = idOf(req);
    const values = req.body as Record<string, string>;
    const parsed = parseForm(statusForm, req.body);
    if (!parsed.ok) return detailPage(req, res, id, { status: 400, errors: parsed.messages, values });
    const { status, note, ...details } = parsed.data;
    const current = await records.get(id, [], actorOf(req));
    const to = status as StatusCode;
    if (!(to in profile.statuses) || !TRANSITIONS[current.status].includes(to)) {
      return detailPage(req, res, id, { status: 409, errors: [`Status tidak dapat diubah dari "${current.statusLabel}" ke "${profile.statuses[to]?.label ?? status}".`], values });
    }
    const problems = detailProblems(to, details).map((p) =>
      /required/.test(p.message) ? `${FIELD_LABELS[p.field] ?? p.field} wajib diisi untuk status ini.` : `${FIELD_LABELS[p.field] ?? p.field} tidak dipakai untuk status ini; kosongkan.`,
    );
    if (problems.length) return detailPage(req, res, id, { status: 400, errors: problems, values });
    await attempt(req, res, id, values, () => records.changeStatus(id, { status: to, note, ...details }, actorOf(req)), 'status_changed');
  });

  router.post('/:id/visit', async (req, res) => {
    const id = idOf(req);
    const values = req.body as Record<string, string>;
    const parsed = parseForm(visitForm, req.body);
    if (!parsed.ok) return detailPage(req, res, id, { status: 400, errors: parsed.messages, values });
    if (parsed.data.date < localDate(time.now(), time.tz)) return detailPage(req, res, id, { status: 400, errors: ['Tanggal kunjungan sudah lewat.'], values });
    const current = await records.get(id, [], actorOf(req));
    if (!AWAITING_VISIT.includes(current.status)) return detailPage(req, res, id, { status: 409, errors: ['Kunjungan hanya dapat dijadwalkan sebelum ada keputusan verifikasi.'], values });
    await attempt(req, res, id, values, () => records.scheduleVisit(id, parsed.data, actorOf(req)), 'visit_scheduled');
  });

  return router;
}
