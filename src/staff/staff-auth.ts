/**
 * Signing staff in and out: the lockout check, the password check, a fresh session, and an
 * audit entry for each outcome. Resolving a cookie re-reads the account, so a deactivated
 * user or a removed role takes effect on the next request.
 */
import type { Actor } from '../http/api-auth';
import type { AuditLog } from './audit-log';
import type { LoginGuard } from './login-guard';
import type { StaffSession, StaffSessions } from './session-store';
import { toActor, type StaffUsers, type StaffUserView } from './staff-users';

export type LoginResult =
  | { ok: true; sessionId: string; session: StaffSession; user: StaffUserView }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; until: Date };

export interface SignedIn {
  actor: Actor;
  user: StaffUserView;
  session: StaffSession;
}

export class StaffAuth {
  constructor(private readonly deps: { users: StaffUsers; sessions: StaffSessions; guard: LoginGuard; audit: AuditLog }) {}

  async login(input: { username: string; password: string; ip: string }): Promise<LoginResult> {
    const { users, sessions, guard, audit } = this.deps;
    const keys = { account: input.username, ip: input.ip };
    const target = `staff_user:${input.username.toLowerCase()}`;
    const anonymous = { id: 'anonymous', name: input.username.slice(0, 60) };
    const locked = await guard.lockedUntil(keys);
    if (locked) {
      // Attempts during a lock still count, so spraying a locked account keeps the IP counting too.
      await guard.failed(keys);
      await audit.record(anonymous, 'staff.login_locked', target, { ip: input.ip });
      return { ok: false, reason: 'locked', until: locked };
    }
    const user = await users.authenticate(input.username, input.password);
    if (!user) {
      const until = await guard.failed(keys);
      await audit.record(anonymous, until ? 'staff.login_locked' : 'staff.login_failed', target, { ip: input.ip });
      return until ? { ok: false, reason: 'locked', until } : { ok: false, reason: 'invalid' };
    }
    await guard.succeeded(keys);
    const { id, session } = await sessions.create(user.id);
    await audit.record(toActor(user), 'staff.login', `staff_user:${user.username}`, { ip: input.ip });
    return { ok: true, sessionId: id, session, user };
  }

  async logout(sessionId: string, actor: Actor): Promise<void> {
    await this.deps.sessions.destroy(sessionId);
    await this.deps.audit.record(actor, 'staff.logout', `staff_user:${actor.id}`);
  }

  async resolve(sessionId: string): Promise<SignedIn | null> {
    const session = await this.deps.sessions.find(sessionId);
    if (!session) return null;
    const user = await this.deps.users.get(session.userId);
    if (!user || !user.active || user.roles.length === 0) return null;
    return { actor: toActor(user), user, session };
  }
}
