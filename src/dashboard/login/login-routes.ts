/**
 * Signing in and out of the dashboard. The sign-in form has no session yet, so it is guarded
 * by a double-submit token (a cookie scoped to this path plus the same value in the form);
 * every other form uses the session's token. Lockout is decided by StaffAuth; a coarse
 * per-IP request limit in front of it stops floods before any bcrypt work.
 */
import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { formatTimeId } from '../../calendar/format-id';
import type { TimeZone } from '../../agency/profile-schema';
import { clearSessionCookie, readCookie, sameSecret, sessionCookieName, setCookie, setSessionCookie } from '../../staff/session-http';
import type { StaffModule } from '../../staff/module';
import { parseForm } from '../forms';
import { signedInOnly } from '../guard';
import { homeFor } from '../nav';
import { loginPage } from './login-views';

const LOGIN_CSRF_COOKIE = 'dinsos_login_csrf';

const loginSchema = z.object({
  username: z.string().trim().min(1, 'Nama pengguna wajib diisi.').max(100),
  password: z.string().min(1, 'Kata sandi wajib diisi.').max(200),
  next: z.string().max(500).optional(),
  _csrf: z.string().optional(),
});

/**
 * Where to go after signing in: only a path back into this dashboard, never another site
 * ("//evil.com", "https://evil.com", "/\\evil.com", "/dashboard@evil.com" are all refused).
 */
export function safeNext(next: string | undefined): string | null {
  return next && /^\/dashboard(\/[\w\-./:%?=&+]*)?$/.test(next) && !next.startsWith('//') ? next : null;
}

import { INSECURE_SIGN_IN } from '../../staff/cookie-settings';

export function loginRoutes(deps: { staff: StaffModule; officeName: string; timeZone: TimeZone; now: () => Date }): Router {
  const { staff, officeName } = deps;
  const router = Router();
  const cookie = staff.http.cookie;

  const form = (res: Response, status: number, o: { next?: string; username?: string; error?: string }) => {
    const token = randomBytes(24).toString('base64url');
    setCookie(res, LOGIN_CSRF_COOKIE, token, { ...cookie, maxAgeMs: 3_600_000, path: '/dashboard/login' });
    res.status(status).type('html').send(String(loginPage({ officeName, csrfToken: token, ...o })));
  };

  // A Secure cookie never comes back over plain http: refuse to sign in, saying why, instead of looping.
  router.use('/login', (req, res, next) => (cookie.secure && !req.secure ? form(res, 400, { error: INSECURE_SIGN_IN }) : next()));

  router.get('/login', async (req: Request, res: Response) => {
    const who = await staff.http.signedIn(req);
    const home = who && homeFor(who.actor);
    if (home) return res.redirect(303, safeNext(String(req.query.next ?? '')) ?? home);
    form(res, 200, { next: safeNext(typeof req.query.next === 'string' ? req.query.next : undefined) ?? undefined });
  });

  const flood = rateLimit({
    windowMs: 60_000,
    limit: 60,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => form(res, 429, { error: 'Terlalu banyak permintaan masuk dari komputer ini. Tunggu satu menit lalu coba lagi.' }),
  });

  router.post('/login', flood, async (req: Request, res: Response) => {
    const parsed = parseForm(loginSchema, req.body);
    const next = typeof req.body?.next === 'string' ? req.body.next : undefined;
    if (!sameSecret(req.body?._csrf, readCookie(req, LOGIN_CSRF_COOKIE) ?? '')) {
      return form(res, 403, { next, error: 'Formulir masuk sudah kedaluwarsa. Silakan coba lagi.' });
    }
    if (!parsed.ok) return form(res, 400, { next, username: req.body?.username, error: parsed.messages.join(' ') });
    const { username, password } = parsed.data;
    const result = await staff.auth.login({ username, password, ip: req.ip ?? 'unknown' });
    if (!result.ok) {
      if (result.reason === 'locked') {
        const at = formatTimeId(result.until, deps.timeZone);
        return form(res, 429, { next, username, error: `Terlalu banyak percobaan masuk yang gagal. Akun atau komputer ini dikunci sementara; coba lagi setelah pukul ${at}.` });
      }
      return form(res, 401, { next, username, error: 'Nama pengguna atau kata sandi salah.' });
    }
    // Signing in again from a browser that still holds a session replaces it rather than leaving it alive.
    const previous = readCookie(req, sessionCookieName(cookie));
    if (previous) await staff.sessions.destroy(previous);
    res.clearCookie(LOGIN_CSRF_COOKIE, { path: '/dashboard/login' });
    setSessionCookie(res, result.sessionId, cookie);
    const home = homeFor({ id: result.user.id, name: result.user.name, roles: result.user.roles });
    res.redirect(303, safeNext(parsed.data.next) ?? home ?? '/dashboard');
  });

  router.post('/logout', signedInOnly(staff.http, officeName, deps.now), async (req: Request, res: Response) => {
    const id = readCookie(req, sessionCookieName(cookie));
    if (id) await staff.auth.logout(id, req.dash!.who.actor);
    clearSessionCookie(res, cookie);
    res.redirect(303, '/dashboard/login');
  });

  return router;
}
