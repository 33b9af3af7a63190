/**
 * Canned replies (admins only): the list, adding one, editing or deleting one. The inbox's
 * reply box reads the same store, so a change shows in the next chat opened. Every change is
 * audited (canned.created / canned.updated / canned.deleted).
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { Catalogue } from '../../conversation/catalogue';
import { cannedDefaults, PLACEHOLDERS, SHORTCUT, unknownPlaceholders } from '../../handoff/canned-replies';
import type { CannedReplyStore, SaveResult, StoredCannedReply } from '../../handoff/canned-reply-store';
import type { AuditLog } from '../../staff/audit-log';
import { userError } from '../error-page';
import { flashFrom, parseForm } from '../forms';
import { dash } from '../guard';
import { page } from '../layout';
import type { TimeFormat } from '../time';
import { cannedEditBody, cannedListBody, type CannedFormValues } from './canned-views';

export const cannedForm = z.object({
  shortcut: z
    .string()
    .trim()
    .toLowerCase()
    .transform((s) => s.replace(/^\//, ''))
    .pipe(z.string().regex(SHORTCUT, 'Pintasan harus 1–30 huruf kecil, angka, - atau _, tanpa spasi (mis. salam).')),
  label: z.string().trim().min(1, 'Nama balasan tidak boleh kosong.').max(60, 'Nama balasan maksimal 60 karakter.'),
  text: z
    .string()
    .trim()
    .min(1, 'Isi balasan tidak boleh kosong.')
    .max(1000, 'Isi balasan maksimal 1.000 karakter.')
    .superRefine((text, ctx) => {
      const unknown = unknownPlaceholders(text);
      if (unknown.length === 0) return;
      const allowed = Object.keys(PLACEHOLDERS).map((p) => `{${p}}`).join(', ');
      ctx.addIssue({ code: 'custom', message: `Penanda ${unknown.map((u) => `{${u}}`).join(', ')} tidak dikenal dan akan terkirim apa adanya ke pemohon. Penanda yang boleh dipakai: ${allowed}.` });
    }),
});

const DUPLICATE = 'Pintasan ini sudah dipakai balasan lain. Pilih pintasan yang berbeda.';

const valuesOf = (body: Record<string, unknown> | undefined): CannedFormValues => ({
  shortcut: typeof body?.shortcut === 'string' ? body.shortcut : '',
  label: typeof body?.label === 'string' ? body.label : '',
  text: typeof body?.text === 'string' ? body.text : '',
});

export function cannedRoutes(deps: { store: CannedReplyStore; catalogue: Catalogue; audit: AuditLog; time: TimeFormat }): Router {
  const { store, audit, time } = deps;
  const router = Router();
  const list = () => store.list(() => cannedDefaults(deps.catalogue), time.now());

  const listPage = async (req: Request, res: Response, status = 200, values?: CannedFormValues, errors?: string[]) => {
    const { ctx } = dash(req);
    const body = cannedListBody({ ctx, replies: await list(), time, values, errors });
    res.status(status).type('html').send(String(page(ctx, { title: 'Balasan siap pakai', section: 'canned', flash: flashFrom(req), body })));
  };
  const editPage = async (req: Request, res: Response, reply: StoredCannedReply, status = 200, values?: CannedFormValues, errors?: string[]) => {
    const { ctx } = dash(req);
    const body = cannedEditBody({ ctx, reply, values, errors });
    res.status(status).type('html').send(String(page(ctx, { title: `Ubah balasan /${reply.shortcut}`, section: 'canned', body })));
  };
  const replyOf = async (req: Request): Promise<StoredCannedReply> => {
    await list(); // a first visit straight to an edit link still finds the seeded defaults
    const reply = await store.get(String(req.params.id));
    if (!reply) throw userError('not_found', 'Balasan siap pakai ini tidak ditemukan atau sudah dihapus.', 404);
    return reply;
  };

  router.get('/', (req, res) => listPage(req, res));

  router.post('/', async (req, res) => {
    const parsed = parseForm(cannedForm, req.body);
    if (!parsed.ok) return listPage(req, res, 400, valuesOf(req.body), parsed.messages);
    const actor = dash(req).ctx.actor;
    await list();
    const result: SaveResult = await store.add(parsed.data, actor.name, time.now());
    if (result === 'duplicate') return listPage(req, res, 409, valuesOf(req.body), [DUPLICATE]);
    await audit.record(actor, 'canned.created', `canned_reply:${parsed.data.shortcut}`, { label: parsed.data.label });
    res.redirect(303, '/dashboard/admin/canned?ok=canned_created');
  });

  router.get('/:id', async (req, res) => editPage(req, res, await replyOf(req)));

  router.post('/:id', async (req, res) => {
    const reply = await replyOf(req);
    const parsed = parseForm(cannedForm, req.body);
    if (!parsed.ok) return editPage(req, res, reply, 400, valuesOf(req.body), parsed.messages);
    const actor = dash(req).ctx.actor;
    const result = await store.update(reply.id, parsed.data, actor.name, time.now());
    if (result === 'duplicate') return editPage(req, res, reply, 409, valuesOf(req.body), [DUPLICATE]);
    if (result === 'not_found') throw userError('not_found', 'Balasan siap pakai ini tidak ditemukan atau sudah dihapus.', 404);
    await audit.record(actor, 'canned.updated', `canned_reply:${parsed.data.shortcut}`, { label: parsed.data.label, shortcutFrom: reply.shortcut });
    res.redirect(303, '/dashboard/admin/canned?ok=canned_updated');
  });

  router.post('/:id/delete', async (req, res) => {
    const reply = await replyOf(req);
    const actor = dash(req).ctx.actor;
    if (await store.remove(reply.id, actor.name, time.now())) await audit.record(actor, 'canned.deleted', `canned_reply:${reply.shortcut}`, { label: reply.label });
    res.redirect(303, '/dashboard/admin/canned?ok=canned_deleted');
  });

  return router;
}
