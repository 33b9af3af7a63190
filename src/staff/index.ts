/**
 * staff — staff users and roles, dashboard sessions, sign-in lockout, the staff directory for
 * alerts, the user:create CLI, and the audit log.
 */
export { createStaffModule } from './module';
export { AuditLog } from './audit-log';
