/**
 * Users and roles (admins only): list, create, edit roles/number/active, reset a password,
 * end the sign-in delays after failed attempts (unlock).
 * Changing roles, deactivating or resetting a password signs the person out everywhere.
 */
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../http/errors';
import type { AuditLog } from '../../staff/audit-log';
import { targetNames, type TargetSources } from '../reports/activity-targets';
import type { StaffSessions } from '../../staff/session-store';
import type { StaffAuth } from '../../staff/staff-auth';
import { nameSchema, passwordSchema, phoneSchema, rolesSchema, usernameSchema } from '../../staff/staff-schemas';
import type { StaffUsers, StaffUserView } from '../../staff/staff-users';
import { asList, flashFrom, parseForm } from '../forms';
import { userError } from '../error-page';
import { dash } from '../guard';
import { page } from '../layout';
import type { TimeFormat } from '../time';
import { userEditBody, usersBody, type UserFormValues } from './users-views';

const createSchema = z.object({
  username: usernameSchema,
  name: nameSchema,
  password: passwordSchema,
  phone: phoneSchema.default(''),
  roles: z.preprocess(asList, rolesSchema),
});

const editSchema = z.object({
  name: nameSchema,
  phone: phoneSchema.default(''),
  roles: z.preprocess(asList, rolesSchema),
  active: z.preprocess((v) => v === '1', z.boolean()),
});

const passwordForm = z.object({ password: passwordSchema });

const formValues = (body: Record<string, unknown> | undefined): UserFormValues => ({
  username: typeof body?.username === 'string' ? body.username : undefined,
  name: typeof body?.name === 'string' ? body.name : undefined,
  phone: typeof body?.phone === 'string' ? body.phone : undefined,
  roles: asList(body?.roles).filter((r): r is string => typeof r === 'string'),
  active: body?.active === '1',
});

export function userRoutes(deps: { users: StaffUsers; sessions: StaffSessions; audit: AuditLog; time: TimeFormat; auth: Pick<StaffAuth, 'unlock'>; targets?: TargetSources }): Router {
  const { users, sessions, audit, time } = deps;
  const router = Router();

  const listPage = async (req: Request, res: Response, status = 200, values?: UserFormValues, errors?: string[]) => {
    const { ctx } = dash(req);
    res.status(status).type('html').send(String(page(ctx, { title: 'Pengguna', section: 'users', flash: flashFrom(req), body: usersBody({ ctx, users: await users.list(), time, values, errors }) })));
  };

  const userOf = async (req: Request): Promise<StaffUserView> => {
    const user = await users.get(String(req.params.id));
    if (!user) throw userError('not_found', 'Pengguna tidak ditemukan.', 404);
    return user;
  };

  const editPage = async (req: Request, res: Response, user: StaffUserView, o: { status?: number; values?: UserFormValues; errors?: string[]; passwordErrors?: string[] } = {}) => {
    const { ctx } = dash(req);
    const recent = await audit.byActor(user.id, 15);
    const body = userEditBody({ ctx, user, time, audit: recent, auditNames: deps.targets ? await targetNames(recent, deps.targets) : undefined, ...o });
    res.status(o.status ?? 200).type('html').send(String(page(ctx, { title: user.name, section: 'users', flash: flashFrom(req), body })));
  };

  router.get('/', (req, res) => listPage(req, res));

  router.post('/', async (req, res) => {
    const parsed = parseForm(createSchema, req.body);
    if (!parsed.ok) return listPage(req, res, 400, formValues(req.body), parsed.messages);
    try {
      const user = await users.create(parsed.data);
      await audit.record(dash(req).ctx.actor, 'staff.user_created', `staff_user:${user.username}`, { roles: user.roles, phone: Boolean(user.phone) });
    } catch (err) {
      if (err instanceof AppError && err.code === 'username_taken') return listPage(req, res, 409, formValues(req.body), [err.message]);
      throw err;
    }
    res.redirect(303, '/dashboard/admin/users?ok=user_created');
  });

  router.get('/:id', async (req, res) => editPage(req, res, await userOf(req)));

  router.post('/:id', async (req, res) => {
    const user = await userOf(req);
    const parsed = parseForm(editSchema, req.body);
    if (!parsed.ok) return editPage(req, res, user, { status: 400, values: formValues(req.body), errors: parsed.messages });
    try {
      await users.update(user.id, parsed.data);
    } catch (err) {
      if (err instanceof AppError && err.code === 'last_admin') return editPage(req, res, user, { status: 409, values: formValues(req.body), errors: [err.message] });
      throw err;
    }
    const rolesChanged = [...user.roles].sort().join() !== [...parsed.data.roles].sort().join();
    if (rolesChanged || !parsed.data.active) await sessions.destroyForUser(user.id);
    await audit.record(dash(req).ctx.actor, 'staff.user_updated', `staff_user:${user.username}`, {
      roles: parsed.data.roles, active: parsed.data.active, phone: Boolean(parsed.data.phone), nameChanged: parsed.data.name !== user.name,
    });
    res.redirect(303, `/dashboard/admin/users/${user.id}?ok=user_updated`);
  });

  router.post('/:id/password', async (req, res) => {
    const user = await userOf(req);
    const parsed = parseForm(passwordForm, req.body);
    if (!parsed.ok) return editPage(req, res, user, { status: 400, passwordErrors: parsed.messages });
    await users.setPassword(user.id, parsed.data.password);
    await sessions.destroyForUser(user.id);
    await audit.record(dash(req).ctx.actor, 'staff.password_reset', `staff_user:${user.username}`);
    // Resetting one's own password ends one's own session too: back to the sign-in page.
    res.redirect(303, user.id === dash(req).ctx.actor.id ? '/dashboard/login' : `/dashboard/admin/users/${user.id}?ok=password_reset`);
  });

  // Sign-in delays after failed attempts end at once for this account, from every address.
  router.post('/:id/unlock', async (req, res) => {
    const user = await userOf(req);
    await deps.auth.unlock(user.id, dash(req).ctx.actor);
    res.redirect(303, `/dashboard/admin/users/${user.id}?ok=login_unlocked`);
  });

  return router;
}
