/**
 * The data-subject request page, mounted by the dashboard at /dashboard/admin/privacy behind
 * the sign-in gate, the CSRF check and the admin-only section check. Everything that names the
 * person is POSTed (a NIK in a URL would reach logs and browser history); a body that does not
 * parse — a missing reason above all — is refused with 400 and its reasons, and nothing is read.
 * Pages are no-store (the dashboard sets it for every page; the copy sets it itself).
 */
import { Router, type Request, type Response } from 'express';
import type { z } from 'zod';
import type { AgencyProfile } from '../agency/profile-schema';
import type { PiiCipher } from '../applications/pii-crypto';
import type { Catalogue } from '../conversation/catalogue';
import { userError } from '../dashboard/error-page';
import { flashFrom, parseForm } from '../dashboard/forms';
import { dash } from '../dashboard/guard';
import { page } from '../dashboard/layout';
import { localDate, type TimeFormat } from '../dashboard/time';
import { exportDocument } from './export';
import type { Findings, PrivacyService } from './privacy-service';
import { closeRequestForm, correctionForm, eraseForm, exportForm, lookupForm, registerRequestForm, restrictionForm } from './privacy-schemas';
import { privacyHomeBody, privacyResultsBody, type SearchValues } from './privacy-views';
import { registerBody, REGISTER_PATH, registerSummary, type RegisterValues } from './request-views';
import type { RetentionDays } from './retention';

export interface PrivacyPagesDeps {
  service: PrivacyService;
  cipher: PiiCipher;
  profile: AgencyProfile;
  catalogue: Catalogue;
  retention: RetentionDays;
  time: TimeFormat;
}

const TITLE = 'Permintaan data pribadi';

const FIELD_NAMES: Record<string, string> = { correct: 'Koreksi', erase: 'Penghapusan', restrict: 'Pembatasan', export: 'Salinan' };

export function privacyRoutes(deps: PrivacyPagesDeps): Router {
  const { service, time } = deps;
  const router = Router();
  const actorOf = (req: Request) => ({ id: dash(req).ctx.actor.id, name: dash(req).ctx.actor.name });

  const home = async (req: Request, res: Response, status = 200, values?: SearchValues, errors?: string[]) => {
    const { ctx } = dash(req);
    const summary = registerSummary(await service.requestCounts());
    res.status(status).type('html').send(String(page(ctx, { title: TITLE, section: 'privacy', body: privacyHomeBody({ ctx, retention: deps.retention, values, errors, summary }) })));
  };

  const register = async (req: Request, res: Response, status = 200, values?: RegisterValues, errors?: string[]) => {
    const { ctx } = dash(req);
    const body = registerBody({ ctx, time, ...(await service.registerView()), values, errors });
    res.status(status).type('html').send(String(page(ctx, { title: 'Daftar permintaan data pribadi', section: 'privacy', flash: flashFrom(req), body })));
  };

  const results = (req: Request, res: Response, found: Findings, flash?: string) => {
    const { ctx } = dash(req);
    const body = privacyResultsBody({ ctx, found, cipher: deps.cipher, profile: deps.profile, time, retention: deps.retention });
    res.type('html').send(String(page(ctx, { title: TITLE, section: 'privacy', flash: flash ? { kind: 'ok', text: flash } : null, body })));
  };

  /** An action's form, parsed; otherwise 400 with every reason, before anything is read or changed. */
  function actionForm<S extends z.ZodType>(schema: S, req: Request, step: string): z.output<S> {
    const parsed = parseForm(schema, req.body);
    if (!parsed.ok) throw userError('invalid_request', `${FIELD_NAMES[step]} tidak dijalankan. ${parsed.messages.join(' ')} Kembali ke halaman sebelumnya, lengkapi isian, lalu kirim lagi.`, 400);
    return parsed.data;
  }

  router.get('/', (req, res) => home(req, res));

  router.get('/requests', (req, res) => register(req, res));

  router.post('/requests', async (req, res) => {
    const parsed = parseForm(registerRequestForm(time.tz, time.now()), req.body);
    if (!parsed.ok) {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
      const values = Object.fromEntries(['kind', 'value', 'requestKind', 'channel', 'receivedAt', 'note'].map((k) => [k, text(k)]));
      return register(req, res, 400, values, parsed.messages);
    }
    const { subject, requestKind, channel, receivedAt, note } = parsed.data;
    await service.registerRequest(subject, { kind: requestKind, channel, receivedAt, note }, actorOf(req));
    res.redirect(303, `${REGISTER_PATH}?ok=privacy_request_registered`);
  });

  router.post('/requests/:id/close', async (req, res) => {
    const parsed = parseForm(closeRequestForm, req.body);
    if (!parsed.ok) return register(req, res, 400, undefined, parsed.messages);
    await service.closeRequest(String(req.params.id), parsed.data.outcome, parsed.data.note, actorOf(req));
    res.redirect(303, `${REGISTER_PATH}?ok=privacy_request_closed`);
  });

  router.post('/lookup', async (req, res) => {
    const parsed = parseForm(lookupForm, req.body);
    if (!parsed.ok) {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const text = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
      return home(req, res, 400, { kind: text('kind') || 'nik', value: text('value'), reason: text('reason') }, parsed.messages);
    }
    results(req, res, await service.lookup(parsed.data.subject, parsed.data.reason, actorOf(req)));
  });

  router.post('/export', async (req, res) => {
    const { subject, reason } = actionForm(exportForm, req, 'export');
    const found = await service.exportFor(subject, reason, actorOf(req));
    const now = time.now();
    const document = exportDocument(found, { profile: deps.profile, catalogue: deps.catalogue, cipher: deps.cipher, retention: deps.retention, now, reason });
    // The file name names neither the NIK nor the number.
    res
      .set('Cache-Control', 'no-store')
      .type('application/json; charset=utf-8')
      .attachment(`salinan-data-pribadi-${deps.profile.id}-${localDate(now, time.tz)}.json`)
      .send(JSON.stringify(document, null, 2));
  });

  router.post('/erase', async (req, res) => {
    const { subject, reason } = actionForm(eraseForm, req, 'erase');
    const n = await service.eraseChats(subject, reason, actorOf(req));
    results(req, res, await service.findings(subject), `Riwayat ${n.chats} percakapan dihapus: ${n.messages} pesan, ${n.outbox} pesan keluar, ${n.sessions} sesi, ${n.handoffs} serah terima, ${n.notes} catatan petugas, ${n.files} file.`);
  });

  router.post('/restrict', async (req, res) => {
    const { subject, reason, action, applications, tickets } = actionForm(restrictionForm, req, 'restrict');
    await service.setRestriction(subject, { applications, tickets }, action === 'restrict', reason, actorOf(req));
    const count = applications.length + tickets.length;
    results(req, res, await service.findings(subject), action === 'restrict' ? `${count} data dibatasi.` : `Pembatasan ${count} data dicabut.`);
  });

  router.post('/correct', async (req, res) => {
    const { subject, reason, ...correction } = actionForm(correctionForm, req, 'correct');
    const fields = await service.correct(subject, correction, reason, actorOf(req));
    const names: Record<string, string> = { name: 'nama', address: 'alamat', phones: 'nomor telepon' };
    results(req, res, await service.findings(subject), `Koreksi disimpan: ${fields.map((f) => names[f] ?? f).join(', ')}.`);
  });

  return router;
}
