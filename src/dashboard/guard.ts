/**
 * The server-side gate in front of every dashboard page: signed in (else to the sign-in
 * page), allowed to open this section (else 403), and — for anything that changes data — the
 * session's CSRF token in the form. Pages read the signed-in person from `req.dash`.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AppError } from '../http/errors';
import { csrfHolds, type SessionHttp } from '../staff/session-http';
import type { SignedIn } from '../staff/staff-auth';
import { query } from './html';
import type { PageContext } from './layout';
import { canOpen, type SectionId } from './nav';

declare module 'express-serve-static-core' {
  interface Request {
    dash?: { who: SignedIn; ctx: PageContext };
  }
}

/**
 * `deferCsrf` is for the one upload form: its token is inside a multipart body that is read
 * only after the sign-in check; that route runs `csrfChecked` itself once the body is parsed.
 */
export function signedInOnly(http: SessionHttp, officeName: string, now: () => Date, options: { deferCsrf?: boolean } = {}): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const who = await http.signedIn(req);
    if (!who) {
      if (req.method === 'GET' && !req.get('x-partial')) return res.redirect(303, `/dashboard/login${query({ next: req.originalUrl })}`);
      throw new AppError('unauthorized', 'Sesi Anda sudah berakhir. Silakan masuk kembali.', 401);
    }
    if (!options.deferCsrf && !csrfHolds(req, who.session)) throw csrfFailed();
    req.dash = { who, ctx: { actor: who.actor, csrfToken: who.session.csrfToken, officeName, now: now() } };
    next();
  };
}

const csrfFailed = () => new AppError('csrf_failed', 'Formulir sudah kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.', 403);

export const csrfChecked: RequestHandler = (req, _res, next) => {
  if (!req.dash || !csrfHolds(req, req.dash.who.session)) throw csrfFailed();
  next();
};

export function section(id: SectionId): RequestHandler {
  return (req, _res, next) => {
    if (!req.dash || !canOpen(req.dash.who.actor, id)) throw new AppError('forbidden', 'Anda tidak memiliki akses ke halaman ini.', 403);
    next();
  };
}

export function dash(req: Request): { who: SignedIn; ctx: PageContext } {
  if (!req.dash) throw new AppError('unauthorized', 'Sesi Anda sudah berakhir. Silakan masuk kembali.', 401);
  return req.dash;
}
