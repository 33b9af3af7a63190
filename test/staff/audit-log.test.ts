/**
 * The audit log keeps record ids as they are and masks personal numbers in free text: an
 * assignment recorded against an account whose id happens to hold 14 decimal digits in a row
 * must still name that account (it was masked as a NIK near-miss, and the ticket history then
 * said "petugas yang sudah tidak aktif" about an active officer, about 1 run in 70).
 */
import { ManualClock } from '../../src/calendar/clock';
import { openDatabase, type Database } from '../../src/db/connection';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { createLogger } from '../../src/logging/logger';
import { AuditLog } from '../../src/staff/audit-log';

let mongo: EmbeddedMongo;
let db: Database;

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  db = await openDatabase({ uri: `${mongo.uri}auditlog`, logger: createLogger({ level: 'silent' }) });
});
afterAll(async () => {
  await db.close();
  await mongo.stop();
});

test('when details hold a record id with a long digit run and a note with a NIK, then the database keeps the id whole and the NIK masked', async () => {
  const log = new AuditLog(db.connection, new ManualClock('2026-12-03T02:00:00Z'));
  const officerId = '69301234567890123a4b5c6d';
  await log.record({ id: 'x', name: 'Nama oki' }, 'ticket.assigned', 'ticket:ADU-1', { assignee: officerId, note: 'NIK pelapor 6371014609970021' });

  const stored = await db.connection.collection('audit_log').findOne({ action: 'ticket.assigned' });
  expect(stored?.details.assignee).toBe(officerId);
  expect(stored?.details.note).not.toContain('6371014609970021');
  expect(stored?.details.note).toContain('NIK pelapor');
});
