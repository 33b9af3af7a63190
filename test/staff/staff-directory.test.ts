/**
 * The staff directory the complaints SLA monitor alerts from: active people by role, with
 * their WhatsApp number when they gave one.
 */
import { ManualClock } from '../../src/calendar/clock';
import { openDatabase, type Database } from '../../src/db/connection';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { createLogger } from '../../src/logging/logger';
import { createStaffDirectory } from '../../src/staff/staff-directory';
import { StaffUsers } from '../../src/staff/staff-users';

let mongo: EmbeddedMongo;
let db: Database;

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  db = await openDatabase({ uri: `${mongo.uri}directory`, logger: createLogger({ level: 'silent' }) });
});
afterAll(async () => {
  await db.close();
  await mongo.stop();
});

test('when officers, supervisors and admins exist, then each list holds the active ones with their numbers', async () => {
  const users = new StaffUsers(db.connection, new ManualClock('2026-11-23T02:00:00Z'), { bcryptCost: 4 });
  const password = 'kata-sandi-kuat-1';
  const ani = await users.create({ username: 'ani', name: 'Ani', password, roles: ['officer'], phone: '+6281234567890' });
  const bayu = await users.create({ username: 'bayu', name: 'Bayu', password, roles: ['officer', 'supervisor'] });
  const gone = await users.create({ username: 'cici', name: 'Cici', password, roles: ['officer'], phone: '+6281234567891' });
  await users.create({ username: 'dodi', name: 'Dodi', password, roles: ['admin'], phone: '+6281234567892' });
  await users.create({ username: 'eka', name: 'Eka', password, roles: ['admin'] });
  await users.update(gone.id, { active: false });

  const directory = createStaffDirectory(db.connection);
  expect(await directory.officers()).toEqual([
    { id: ani.id, name: 'Ani', phone: '+6281234567890' },
    { id: bayu.id, name: 'Bayu', phone: null },
  ]);
  expect(await directory.supervisors()).toEqual([{ id: bayu.id, name: 'Bayu', phone: null }]);
  expect((await directory.admins()).map((a) => a.phone)).toEqual(['+6281234567892', null]);
});

test('when the last active admin would lose the role, then the change is refused', async () => {
  const users = new StaffUsers(db.connection, new ManualClock('2026-11-23T02:00:00Z'), { bcryptCost: 4 });
  const [dodi, eka] = await Promise.all([users.byUsername('dodi'), users.byUsername('eka')]);
  await users.update(eka!.id, { active: false });
  await expect(users.update(dodi!.id, { roles: ['staff'] })).rejects.toMatchObject({ code: 'last_admin' });
  await expect(users.update(dodi!.id, { active: false })).rejects.toMatchObject({ code: 'last_admin' });
});
