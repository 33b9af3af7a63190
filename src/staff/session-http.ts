/**
 * The session cookie and CSRF check at the HTTP edge: reading and writing the cookie, finding
 * the signed-in user for a request (once per request), and the `sessionUser` hook that lets
 * the JSON API accept a dashboard session. A request authenticated by cookie that changes
 * anything must carry the session's CSRF token (form field `_csrf` or header X-CSRF-Token);
 * Bearer-token API calls never reach this code.
 */
import type { Request, Response } from 'express';
import type { Actor } from '../http/api-auth';
import { AppError } from '../http/errors';
import { sameSecret } from '../http/same-secret';
import { SESSION_MAX_MS } from './session-store';
import type { SignedIn, StaffAuth } from './staff-auth';

export const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface CookieSettings {
  /** Secure cookies (and the __Host- prefix) in production, where the dashboard is served over HTTPS. */
  secure: boolean;
}

export const sessionCookieName = (c: CookieSettings) => (c.secure ? '__Host-dinsos_sid' : 'dinsos_sid');

export function readCookie(req: Request, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

export function setCookie(res: Response, name: string, value: string, c: CookieSettings & { maxAgeMs: number; path?: string }): void {
  res.cookie(name, value, { httpOnly: true, sameSite: 'lax', secure: c.secure, path: c.path ?? '/', maxAge: c.maxAgeMs });
}

export function setSessionCookie(res: Response, id: string, c: CookieSettings): void {
  setCookie(res, sessionCookieName(c), id, { ...c, maxAgeMs: SESSION_MAX_MS });
}

export function clearSessionCookie(res: Response, c: CookieSettings): void {
  res.clearCookie(sessionCookieName(c), { httpOnly: true, sameSite: 'lax', secure: c.secure, path: '/' });
}

export { sameSecret };

/** The token a request presents: the header (fetch) or the hidden form field. */
export function presentedCsrf(req: Request): unknown {
  return req.get('x-csrf-token') ?? (req.body as Record<string, unknown> | undefined)?._csrf;
}

/**
 * The CSRF check, the one rule for the API's cookie sessions and the dashboard's pages: a
 * request that changes anything presents its session's token.
 */
export function csrfHolds(req: Request, session: { csrfToken: string }): boolean {
  return !UNSAFE_METHODS.has(req.method) || sameSecret(presentedCsrf(req), session.csrfToken);
}

const cache = new WeakMap<Request, Promise<SignedIn | null>>();

export interface SessionHttp {
  cookie: CookieSettings;
  /** The signed-in user for this request, or null (looked up once per request). */
  signedIn(req: Request): Promise<SignedIn | null>;
  /** Looks again (long-lived streams re-check that the session still holds). */
  stillSignedIn(req: Request): Promise<boolean>;
  /** ApiAuthOptions.sessionUser: the actor, after the CSRF check for unsafe methods. */
  sessionUser(req: Request): Promise<Actor | null>;
}

export function createSessionHttp(auth: StaffAuth, cookie: CookieSettings): SessionHttp {
  const name = sessionCookieName(cookie);
  const signedIn = (req: Request): Promise<SignedIn | null> => {
    let found = cache.get(req);
    if (!found) {
      const id = readCookie(req, name);
      found = id ? auth.resolve(id) : Promise.resolve(null);
      cache.set(req, found);
    }
    return found;
  };
  return {
    cookie,
    signedIn,
    async stillSignedIn(req) {
      const id = readCookie(req, name);
      return Boolean(id && (await auth.resolve(id)));
    },
    async sessionUser(req) {
      const who = await signedIn(req);
      if (!who) return null;
      if (!csrfHolds(req, who.session)) {
        throw new AppError('csrf_failed', 'missing or wrong CSRF token (send X-CSRF-Token with the session token)', 403);
      }
      return who.actor;
    },
  };
}
