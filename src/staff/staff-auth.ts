/**
 * Signing staff in and out: the progressive-delay check (login-guard.ts), the password check,
 * a fresh session, and an audit entry for each outcome. Resolving a cookie re-reads the account, so a deactivated
 * user or a removed role takes effect on the next request.
 */
import type { Actor } from '../http/api-auth';
import type { AuditLog } from './audit-log';
import { nameKey, type LoginGuard } from './login-guard';
import type { StaffSession, StaffSessions } from './session-store';
import { toActor, type StaffUsers, type StaffUserView } from './staff-users';

export type LoginResult =
  | { ok: true; sessionId: string; session: StaffSession; user: StaffUserView }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; until: Date };

export type PasswordChangeResult =
  | { ok: true; sessionId: string; session: StaffSession }
  | { ok: false; reason: 'wrong_current' }
  | { ok: false; reason: 'locked'; until: Date };

export interface SignedIn {
  actor: Actor;
  user: StaffUserView;
  session: StaffSession;
}

const ANONYMOUS = { id: 'anonymous', name: 'Belum masuk' };

export class StaffAuth {
  constructor(private readonly deps: { users: StaffUsers; sessions: StaffSessions; guard: LoginGuard; audit: AuditLog }) {}

  async login(input: { username: string; password: string; ip: string }): Promise<LoginResult> {
    const { users, sessions, guard, audit } = this.deps;
    const accountId = await users.idOf(input.username);
    const keys = { account: accountId ?? nameKey(input.username), ip: input.ip };
    // A typed name that is no account may be a password typed in the wrong box: it is never stored.
    const target = accountId ? `staff_user:${input.username.toLowerCase()}` : 'staff_user:unknown';
    const wait = await guard.begin(keys);
    if (wait) {
      await audit.record(ANONYMOUS, 'staff.login_locked', target, { ip: input.ip });
      return { ok: false, reason: 'locked', until: wait };
    }
    const user = await users.authenticate(input.username, input.password);
    if (!user) {
      await audit.record(ANONYMOUS, 'staff.login_failed', target, { ip: input.ip });
      return { ok: false, reason: 'invalid' };
    }
    await guard.succeeded(keys);
    const { id, session } = await sessions.create(user.id);
    await audit.record(toActor(user), 'staff.login', `staff_user:${user.username}`, { ip: input.ip });
    return { ok: true, sessionId: id, session, user };
  }

  /**
   * A signed-in person changes their own password. The current one is checked like a sign-in
   * (same delays, same counters: guessing it here is guessing a sign-in); on success every
   * session of the account ends and this browser gets a new one, so a session someone else
   * holds — the reason people change a password — is gone. The new password's rules
   * (staff-schemas) are checked by the caller before this.
   */
  async changePassword(input: { user: StaffUserView; current: string; next: string; ip: string }): Promise<PasswordChangeResult> {
    const { users, sessions, guard, audit } = this.deps;
    const { user } = input;
    const actor = toActor(user);
    const target = `staff_user:${user.username}`;
    const keys = { account: user.id, ip: input.ip };
    const wait = await guard.begin(keys);
    if (wait) {
      await audit.record(actor, 'staff.password_change_locked', target, { ip: input.ip });
      return { ok: false, reason: 'locked', until: wait };
    }
    const checked = await users.authenticate(user.username, input.current);
    if (!checked || checked.id !== user.id) {
      await audit.record(actor, 'staff.password_change_failed', target, { ip: input.ip });
      return { ok: false, reason: 'wrong_current' };
    }
    await guard.succeeded(keys);
    await users.setPassword(user.id, input.next);
    await sessions.destroyForUser(user.id);
    const { id, session } = await sessions.create(user.id);
    await audit.record(actor, 'staff.password_changed', target, { ip: input.ip });
    return { ok: true, sessionId: id, session };
  }

  /** An admin lets an account sign in again at once (its failure counters from every address go). */
  async unlock(userId: string, actor: Actor): Promise<void> {
    const cleared = await this.deps.guard.unlock(userId);
    await this.deps.audit.record(actor, 'staff.login_unlocked', `staff_user:${userId}`, { cleared });
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
