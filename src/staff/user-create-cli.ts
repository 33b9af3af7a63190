/**
 * `npm run user:create -- <username> <role>... [--name "Full Name"] [--phone +62…] [--reset-password]`
 *
 * Creates a staff account (the first admin, typically) in the database at MONGODB_URI, or
 * with --reset-password sets a new password for an existing account (and signs it out). The
 * password is prompted without echo on a terminal, or read from the first line of stdin when
 * piped, so it never appears in the shell history or the process list.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { systemClock } from '../calendar/clock';
import { ConfigError, loadEnv } from '../config/env';
import { openDatabase } from '../db/connection';
import { createLogger } from '../logging/logger';
import { AuditLog } from './audit-log';
import { StaffSessions } from './session-store';
import { nameSchema, passwordSchema, phoneSchema, rolesSchema, usernameSchema } from './staff-schemas';
import { StaffUsers } from './staff-users';
import { createPiiCipher } from '../applications/pii-crypto';

const USAGE = `Pemakaian: npm run user:create -- <nama-pengguna> <peran>... [--name "Nama Lengkap"] [--phone +62812…] [--reset-password]
Peran: admin, staff, officer, verifier, supervisor
Contoh: npm run user:create -- admin admin --name "Admin Dinsos"`;

const CLI_ACTOR = { id: 'cli', name: 'user:create (baris perintah)' };

/** Reads a line from the terminal without showing it. */
function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  return new Promise((resolve, reject) => {
    process.stderr.write(question);
    let value = '';
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (err?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new Error('dibatalkan'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    input.on('data', onData);
  });
}

async function readStdinLine(): Promise<string> {
  let data = '';
  for await (const chunk of process.stdin) data += String(chunk);
  return data.split(/\r?\n/)[0] ?? '';
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readStdinLine();
  const first = await promptHidden('Kata sandi (min. 10 karakter): ');
  const again = await promptHidden('Ulangi kata sandi: ');
  if (first !== again) throw new Error('Kedua kata sandi tidak sama.');
  return first;
}

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

export async function main(argv = process.argv.slice(2)): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { name: { type: 'string' }, phone: { type: 'string' }, 'reset-password': { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    fail(`${(err as Error).message}\n${USAGE}`, 64);
  }
  if (parsed.values.help) return void process.stdout.write(`${USAGE}\n`);
  const [rawUsername, ...rawRoles] = parsed.positionals;
  const reset = parsed.values['reset-password'];
  const input = z
    .object({
      username: usernameSchema,
      roles: reset ? rolesSchema.optional() : rolesSchema,
      name: nameSchema.optional(),
      phone: phoneSchema.optional(),
    })
    .safeParse({ username: rawUsername ?? '', roles: rawRoles.length || !reset ? rawRoles : undefined, name: parsed.values.name, phone: parsed.values.phone });
  if (!input.success) fail(`${input.error.issues.map((i) => i.message).join('\n')}\n${USAGE}`, 64);

  let env;
  try {
    env = loadEnv();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message, 78);
    throw err;
  }
  // Without MONGODB_URI the service runs on an in-memory database: an account made there vanishes.
  if (!env.MONGODB_URI) fail('MONGODB_URI belum diatur. Atur ke basis data yang dipakai layanan, misalnya MONGODB_URI=mongodb://localhost:27017/dinsos', 78);

  const password = passwordSchema.safeParse(await readPassword());
  if (!password.success) fail(password.error.issues.map((i) => i.message).join('\n'));

  const logger = createLogger({ level: 'warn' });
  const db = await openDatabase({ uri: env.MONGODB_URI, logger });
  try {
    // With the service's key the WhatsApp number is sealed as the service seals it; without one it is kept as given.
    const users = new StaffUsers(db.connection, systemClock, { cipher: env.DATA_ENCRYPTION_KEY ? createPiiCipher(env.DATA_ENCRYPTION_KEY) : undefined });
    const audit = new AuditLog(db.connection, systemClock);
    const { username, roles, name, phone } = input.data;
    const existing = await users.byUsername(username);
    if (reset) {
      if (!existing) fail(`Pengguna "${username}" tidak ditemukan.`);
      await users.setPassword(existing.id, password.data);
      await new StaffSessions(db.connection, systemClock).destroyForUser(existing.id);
      if (roles) await users.update(existing.id, { roles });
      await audit.record(CLI_ACTOR, 'staff.password_reset', `staff_user:${username}`, roles ? { roles } : undefined);
      process.stdout.write(`Kata sandi "${username}" diganti.\n`);
      return;
    }
    if (existing) fail(`Pengguna "${username}" sudah ada. Pakai --reset-password untuk mengganti kata sandinya.`);
    const user = await users.create({ username, name: name ?? username, password: password.data, roles: roles!, phone: phone ?? null });
    await audit.record(CLI_ACTOR, 'staff.user_created', `staff_user:${user.username}`, { roles: user.roles });
    process.stdout.write(`Pengguna "${user.username}" dibuat dengan peran ${user.roles.join(', ')}.\n`);
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err) => fail(`Gagal: ${err instanceof Error ? err.message : String(err)}`),
  );
}
