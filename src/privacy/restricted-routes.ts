/**
 * Who may open a restricted record (UU 27/2022: processing restricted at the person's request):
 * admins only — they answer data-subject requests and lift restrictions; nobody else has a
 * reason to process the record while it is restricted. Lists and searches already leave such
 * records out; this gate closes the direct address too: a ticket's or an application's page,
 * its actions and its API, for every other role, with a 403 that says why. An admin who opens
 * one sees a banner saying it is restricted since when, and the view is audited.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Router } from 'express';
import { ROLES, requireRole, type Actor, type ApiAuthOptions, type Role } from '../http/api-auth';
import { AppError } from '../http/errors';
import { html } from '../dashboard/html';
import { dateTime, type TimeFormat } from '../dashboard/time';
import type { AuditLog } from '../staff/audit-log';
import { TICKET_NUMBER } from '../complaints/ticket-number';

/** The roles that may open a restricted record. */
export const MAY_OPEN_RESTRICTED: readonly Role[] = ['admin'];

export const mayOpenRestricted = (actor: Pick<Actor, 'roles'>): boolean => actor.roles.some((r) => MAY_OPEN_RESTRICTED.includes(r));

export interface RestrictionLookup {
  /** When the ticket was restricted; null when it is not (or does not exist). */
  ticket(number: string): Promise<Date | null>;
  application(id: string): Promise<Date | null>;
}

export type RecordKind = 'ticket' | 'application';

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/** The record a path inside /tickets or /applications names ("/ADU-…/respond" → that ticket), if any. */
function recordOf(kind: RecordKind, path: string): string | null {
  const first = decodeURIComponent(path.split('/')[1] ?? '');
  return (kind === 'ticket' ? TICKET_NUMBER : OBJECT_ID).test(first) ? first : null;
}

const WORDS: Record<RecordKind, string> = { ticket: 'Pengaduan', application: 'Permohonan' };

async function restrictedSince(lookup: RestrictionLookup, kind: RecordKind, path: string): Promise<{ id: string; since: Date } | null> {
  const id = recordOf(kind, path);
  if (!id) return null;
  const since = kind === 'ticket' ? await lookup.ticket(id) : await lookup.application(id);
  return since ? { id, since } : null;
}

/**
 * For the dashboard's /tickets and /applications routers, after the sign-in gate: a restricted
 * record is refused to those who may not open it, and shown to the others under a banner.
 */
export function restrictedPagesGate(kind: RecordKind, lookup: RestrictionLookup, audit: AuditLog, time: TimeFormat): RequestHandler {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const found = await restrictedSince(lookup, kind, req.path);
    if (!found || !req.dash) return next();
    const { ctx } = req.dash;
    if (!mayOpenRestricted(ctx.actor)) {
      throw new AppError('restricted', `${WORDS[kind]} ini dibatasi pemrosesannya atas permintaan pemilik data (UU No. 27 Tahun 2022) dan hanya dapat dibuka oleh admin. Hubungi admin bila ada keperluan.`, 403, { forStaff: true });
    }
    if (req.method === 'GET') await audit.record(ctx.actor, 'privacy.restricted_viewed', `${kind}:${found.id}`);
    ctx.notice = html`<div class="flash error" role="alert" id="restricted-banner"><strong>Data dibatasi.</strong>
${WORDS[kind]} ini dibatasi pemrosesannya sejak ${dateTime(found.since, time)} atas permintaan pemilik data (UU No. 27 Tahun 2022):
tidak tampil di daftar, pencarian dan laporan, dan hanya admin yang dapat membukanya. Setiap pembukaan dicatat di log audit.
Pembatasan dicabut di <a href="/dashboard/admin/privacy">Permintaan data pribadi</a>.</div>`;
    next();
  };
}

/**
 * For the JSON API under /api/v1, before the feature routers: a restricted ticket or application
 * is refused to any caller that may not open it (the routes' own auth still runs after).
 */
export function restrictedApiGate(lookup: RestrictionLookup, auth: ApiAuthOptions): Router {
  const router = Router();
  const anyRole = requireRole(auth, ...ROLES);
  const gate = (kind: RecordKind): RequestHandler => async (req, res, next) => {
    // Mounted at /tickets and /applications: the record is the first segment of what is left.
    if (!(await restrictedSince(lookup, kind, req.path))) return next();
    await anyRole(req, res, () => undefined); // 401 without a caller
    if (!req.actor || !mayOpenRestricted(req.actor)) {
      throw new AppError('restricted', `this ${kind} is restricted at the data subject's request (UU 27/2022); only an admin may open it`, 403);
    }
    next();
  };
  router.use('/tickets', gate('ticket'));
  router.use('/applications', gate('application'));
  return router;
}
