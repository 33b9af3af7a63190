/**
 * `npm run user:create` as an operator runs it: a real child process against the database at
 * MONGODB_URI, the password piped on stdin (the no-echo prompt is for terminals).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ManualClock } from '../../src/calendar/clock';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { openDatabase, type Database } from '../../src/db/connection';
import { createLogger } from '../../src/logging/logger';
import { StaffUsers } from '../../src/staff/staff-users';

const ROOT = path.resolve(__dirname, '../..');
let mongo: EmbeddedMongo;
let db: Database;
let uri: string;

function run(args: string[], stdin: string, env: Record<string, string | undefined> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'src/staff/user-create-cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, LOG_LEVEL: 'silent', MONGODB_URI: uri, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  uri = `${mongo.uri}cli_test`;
  db = await openDatabase({ uri, logger: createLogger({ level: 'silent' }) });
});
afterAll(async () => {
  await db.close();
  await mongo.stop();
});

const users = () => new StaffUsers(db.connection, new ManualClock('2026-11-23T02:00:00Z'));

test('when run with a name, roles and a piped password, then the account exists and the password works', async () => {
  const res = await run(['kepala', 'admin', 'supervisor', '--name', 'Kepala Seksi', '--phone', '0812 3456 7890'], 'kata-sandi-kuat-1\n');
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  expect(res.stdout).toContain('Pengguna "kepala" dibuat dengan peran admin, supervisor.');
  const user = await users().authenticate('kepala', 'kata-sandi-kuat-1');
  expect(user).toMatchObject({ name: 'Kepala Seksi', roles: ['admin', 'supervisor'], phone: '+6281234567890', active: true });
  const stored = await db.connection.collection('staff_users').findOne({ username: 'kepala' });
  expect(stored!.passwordHash).toMatch(/^scrypt\$15\$8\$1\$/); // scrypt, N=2^15, r=8, p=1
  expect(JSON.stringify(stored)).not.toContain('kata-sandi-kuat-1');
}, 30_000);

test('when the account exists, then it is not overwritten; --reset-password changes the password', async () => {
  const again = await run(['kepala', 'admin'], 'lain-lagi-sandi-2\n');
  expect(again.code).toBe(1);
  expect(again.stderr).toContain('sudah ada');
  const reset = await run(['kepala', '--reset-password'], 'sandi-pengganti-3\n');
  expect(reset.code).toBe(0);
  expect(await users().authenticate('kepala', 'sandi-pengganti-3')).not.toBeNull();
  expect(await users().authenticate('kepala', 'kata-sandi-kuat-1')).toBeNull();
}, 30_000);

test('when the password is too short, a role is unknown or MONGODB_URI is missing, then nothing is created and it says why', async () => {
  const short = await run(['pendek', 'staff'], 'abc\n');
  expect(short.code).toBe(1);
  expect(short.stderr).toContain('Kata sandi minimal 10 karakter.');
  const role = await run(['salah', 'raja'], 'kata-sandi-kuat-1\n');
  expect(role.code).toBe(64);
  expect(role.stderr).toContain('Peran tidak dikenal.');
  const noDb = await run(['tanpa-db', 'staff'], 'kata-sandi-kuat-1\n', { MONGODB_URI: '' });
  expect(noDb.code).toBe(78);
  expect(noDb.stderr).toContain('MONGODB_URI belum diatur');
  expect(await users().byUsername('pendek')).toBeNull();
}, 30_000);
