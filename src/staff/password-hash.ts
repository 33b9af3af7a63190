/**
 * Staff password hashes with Node's own scrypt, which runs on libuv's thread pool: a burst of
 * sign-ins no longer stops the bot answering (bcryptjs ran on the event loop). No native
 * download is needed. One hash runs at a time, so a burst can take neither every pool thread
 * (file and DNS work) nor every core. Hashes from before (bcrypt, "$2…") still verify; the caller
 * rehashes them on the next successful sign-in (`needsRehash`).
 *
 * Stored form: scrypt$<log2 N>$<r>$<p>$<salt base64>$<key base64>.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import bcrypt from 'bcryptjs';

export interface ScryptParams {
  logN: number;
  r: number;
  p: number;
}

/** 32 MiB and about 0.1–0.3 s per hash on the office server; tests pass smaller ones. */
export const DEFAULT_SCRYPT: ScryptParams = { logN: 15, r: 8, p: 1 };
const KEY_BYTES = 32;
const SALT_BYTES = 16;
/** One at a time: on the office's 2-core server a burst of sign-ins then never takes more than one core. */
const MAX_PARALLEL = 1;

let running = 0;
const waiting: (() => void)[] = [];

async function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // A finished hash hands its slot straight to the next waiter, so no newcomer can slip past the queue.
  if (running >= MAX_PARALLEL) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    const N = 2 ** params.logN;
    const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 };
    return await new Promise<Buffer>((resolve, reject) => scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (err, key) => (err ? reject(err) : resolve(key))));
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params);
  return ['scrypt', params.logN, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

const SCRYPT_FORMAT = /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/;

function parse(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const m = SCRYPT_FORMAT.exec(stored);
  if (!m) return null;
  return { params: { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) }, salt: Buffer.from(m[4], 'base64'), key: Buffer.from(m[5], 'base64') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (parsed) {
    const key = await derive(password, parsed.salt, parsed.params);
    return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
  }
  // A hash from before scrypt: bcryptjs's async compare, until the next sign-in replaces it.
  if (stored.startsWith('$2')) return bcrypt.compare(password, stored);
  return false;
}

/** True for a bcrypt hash or an scrypt hash weaker than `params`. */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parse(stored);
  if (!parsed) return true;
  const p = parsed.params;
  return p.logN < params.logN || p.r < params.r || p.p < params.p;
}
