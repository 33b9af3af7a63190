/**
 * Every signed-in person's own password (/dashboard/account/password, any role): the current
 * password, the new one twice. The new one follows the same rules as an admin's reset
 * (staff-schemas); the current one is checked by StaffAuth like a sign-in, so wrong guesses
 * here meet the sign-in delays. Success signs the account out everywhere else and gives this
 * browser a new session (new cookie, new CSRF token).
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { formatTimeId } from '../../calendar/format-id';
import type { TimeZone } from '../../agency/profile-schema';
import { setSessionCookie } from '../../staff/session-http';
import type { StaffModule } from '../../staff/module';
import { passwordSchema } from '../../staff/staff-schemas';
import { flashFrom, parseForm } from '../forms';
import { dash } from '../guard';
import { page } from '../layout';
import { passwordBody } from './password-views';

export const passwordChangeForm = z
  .object({
    current: z.string({ error: 'Kata sandi sekarang wajib diisi.' }).min(1, 'Kata sandi sekarang wajib diisi.').max(200, 'Kata sandi sekarang terlalu panjang.'),
    password: passwordSchema,
    confirm: z.string({ error: 'Ulangi kata sandi baru.' }),
  })
  .refine((f) => f.confirm === f.password, { message: 'Kedua kata sandi baru tidak sama.', path: ['confirm'] })
  .refine((f) => f.password !== f.current, { message: 'Kata sandi baru harus berbeda dari kata sandi sekarang.', path: ['password'] });

export function accountRoutes(deps: { staff: StaffModule; timeZone: TimeZone }): Router {
  const { staff } = deps;
  const router = Router();

  const form = (req: Request, res: Response, status = 200, errors?: string[]) => {
    const { ctx, who } = dash(req);
    res.status(status).type('html').send(String(page(ctx, { title: 'Ganti kata sandi', flash: flashFrom(req), body: passwordBody({ ctx, username: who.user.username, errors }) })));
  };

  router.get('/password', (req, res) => form(req, res));

  router.post('/password', async (req, res) => {
    const parsed = parseForm(passwordChangeForm, req.body);
    if (!parsed.ok) return form(req, res, 400, parsed.messages);
    const result = await staff.auth.changePassword({ user: dash(req).who.user, current: parsed.data.current, next: parsed.data.password, ip: req.ip ?? 'unknown' });
    if (!result.ok) {
      if (result.reason === 'locked') {
        const at = formatTimeId(result.until, deps.timeZone);
        return form(req, res, 429, [`Terlalu banyak percobaan dengan kata sandi yang salah. Coba lagi setelah pukul ${at}.`]);
      }
      return form(req, res, 400, ['Kata sandi sekarang salah.']);
    }
    setSessionCookie(res, result.sessionId, staff.http.cookie);
    res.redirect(303, '/dashboard/account/password?ok=password_changed');
  });

  return router;
}
