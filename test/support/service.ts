/**
 * Starts the real service in-process for a test file: embedded database, simulator channel,
 * a manual clock, HTTP on a free port. Talk to it over real HTTP.
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { ManualClock } from '../../src/calendar/clock';
import { loadEnv } from '../../src/config/env';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { createLogger } from '../../src/logging/logger';
import { createService, type Service } from '../../src/service';

export const TEST_API_TOKEN = 'test-token-0123456789abcdef0123456789';
export const TEST_KEY = 'a'.repeat(64);

export interface TestService {
  service: Service;
  clock: ManualClock;
  baseUrl: string;
  /** Every log line written, as parsed JSON. */
  logs: Record<string, unknown>[];
  rawLogs: string[];
  /** Sends a simulated WhatsApp message and returns the texts the bot replied with. */
  send(from: string, text: string, extra?: { id?: string; type?: string }): Promise<string[]>;
  /** Messages sent to a simulated chat (all of them, in order). */
  transcript(from: string): Promise<{ direction: string; text: string }[]>;
  api(method: string, path: string, body?: unknown, token?: string | null): Promise<{ status: number; body: any; text: string; headers: Headers }>;
  close(): Promise<void>;
}

export async function startTestService(options: { agency?: string; now?: string; env?: Record<string, string>; mongo?: EmbeddedMongo; /** a database of the shared engine to reuse (a restart on the same data) */ databaseName?: string } = {}): Promise<TestService> {
  const clock = new ManualClock(options.now ?? '2026-11-23T02:00:00Z'); // Monday 10:00 WITA
  // The database's TTL sweep runs on the test's clock too: dated by it, nothing expires early.
  const mongo = options.mongo ?? (await startEmbeddedMongo({ now: () => clock.now().getTime() }));
  const rawLogs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      rawLogs.push(...String(chunk).split('\n').filter(Boolean));
      cb();
    },
  });
  const env = loadEnv({
    NODE_ENV: 'test',
    AGENCY: options.agency ?? 'banjarmasin',
    SIMULATOR_ENABLED: 'true',
    ADMIN_API_TOKEN: TEST_API_TOKEN,
    DATA_ENCRYPTION_KEY: TEST_KEY,
    LOG_LEVEL: 'info',
    ...options.env,
  });
  const logger = createLogger({ level: env.LOG_LEVEL, destination });
  // A service that fails to start (a broken flow file) must not leave its engine running: jest would wait on it forever.
  const service = await createService({ env, logger, clock, databaseUri: `${mongo.uri}${options.databaseName ?? `t_${randomUUID().slice(0, 8)}`}` }).catch(async (error: unknown) => {
    if (!options.mongo) await mongo.stop();
    throw error;
  });
  const { port } = await service.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;

  const api: TestService['api'] = async (method, path, body, token = TEST_API_TOKEN) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(baseUrl + path, { method, headers, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  };

  return {
    service,
    clock,
    baseUrl,
    rawLogs,
    get logs() {
      return rawLogs.map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    async send(from, text, extra = {}) {
      const res = await api('POST', '/simulator/messages', { from, text, ...extra }, null);
      if (res.status !== 200) throw new Error(`simulator answered ${res.status}: ${res.text}`);
      return (res.body.replies as { text: string }[]).map((r) => r.text);
    },
    async transcript(from) {
      const res = await api('GET', `/simulator/chats/${from}/messages`, undefined, null);
      return res.body.messages;
    },
    api,
    async close() {
      await service.close();
      if (!options.mongo) await mongo.stop();
    },
  };
}
