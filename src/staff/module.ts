/**
 * Staff identity for the rest of the service: accounts, sessions, sign-in lockout, the
 * session hook for the JSON API and the directory the SLA monitor alerts from.
 */
import type { Connection } from 'mongoose';
import type { Clock } from '../calendar/clock';
import type { AuditLog } from './audit-log';
import { DEFAULT_LOCKOUT, LoginGuard, type LockoutPolicy } from './login-guard';
import { createSessionHttp, type SessionHttp } from './session-http';
import { StaffSessions } from './session-store';
import { StaffAuth } from './staff-auth';
import { createStaffDirectory, type StaffDirectory } from './staff-directory';
import { StaffUsers, type PhoneCipher } from './staff-users';

export interface StaffModule {
  users: StaffUsers;
  sessions: StaffSessions;
  guard: LoginGuard;
  auth: StaffAuth;
  http: SessionHttp;
  directory: StaffDirectory;
}

export function createStaffModule(deps: {
  connection: Connection;
  clock: Clock;
  audit: AuditLog;
  /** Secure cookies: true in production. */
  secureCookies: boolean;
  lockout?: LockoutPolicy;
  /** Seals staff WhatsApp numbers at rest (the PII cipher). */
  cipher?: PhoneCipher;
}): StaffModule {
  const users = new StaffUsers(deps.connection, deps.clock, { cipher: deps.cipher });
  const sessions = new StaffSessions(deps.connection, deps.clock);
  const guard = new LoginGuard(deps.connection, deps.clock, deps.lockout ?? DEFAULT_LOCKOUT);
  const auth = new StaffAuth({ users, sessions, guard, audit: deps.audit });
  return { users, sessions, guard, auth, http: createSessionHttp(auth, { secure: deps.secureCookies }), directory: createStaffDirectory(deps.connection, deps.cipher) };
}
