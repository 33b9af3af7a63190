/**
 * Every write route of the API, and the simulator, fed MongoDB operator injection, wrong
 * types, malformed JSON and oversized bodies: each answers a clear 4xx and stores nothing.
 */
import { fileApplicationAndTicket } from '../support/records';
import { startTestService, type TestService } from '../support/service';

let t: TestService;
let appId: string;
let ticket: string;

const COLLECTIONS = ['applications', 'tickets', 'messages', 'outbox', 'sessions', 'audit_log'];
async function snapshot(): Promise<Record<string, number>> {
  const db = t.service.db.connection;
  return Object.fromEntries(await Promise.all(COLLECTIONS.map(async (c) => [c, await db.collection(c).countDocuments()] as const)));
}

beforeAll(async () => {
  t = await startTestService();
  ({ appId, ticket } = await fileApplicationAndTicket(t));
});
afterAll(async () => {
  await t.close();
});

const INJECTIONS: unknown[] = [{ $gt: '' }, { $ne: null }, { $where: 'sleep(100)' }, ['$gt'], 12345, true, null];

const routes = () => [
  { method: 'POST', path: '/api/v1/applications', fields: ['registrationNumber', 'nik', 'kkNumber', 'name', 'dateOfBirth', 'phones', 'status'] },
  { method: 'PATCH', path: `/api/v1/applications/${appId}/status`, fields: ['status', 'note'] },
  { method: 'PUT', path: `/api/v1/applications/${appId}/visit`, fields: ['date', 'timeWindow'] },
  { method: 'POST', path: '/api/v1/tickets', fields: ['channel', 'topic', 'body'] },
  { method: 'POST', path: `/api/v1/tickets/${ticket}/transitions`, fields: ['to', 'note'] },
  { method: 'POST', path: `/api/v1/tickets/${ticket}/responses`, fields: ['text'] },
  { method: 'POST', path: '/simulator/messages', fields: ['from', 'text'] },
];

describe('when an API route is fed hostile input', () => {
  test('then an operator or wrong type in any field answers 400 naming the field, and nothing is stored', async () => {
    const before = await snapshot();
    for (const route of routes()) {
      for (const field of route.fields) {
        for (const value of INJECTIONS) {
          const res = await t.api(route.method, route.path, { [field]: value });
          expect([400, 409, 422]).toContain(res.status);
          expect(res.body?.error?.message).toEqual(expect.any(String));
        }
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  test('then an operator or wrong type in one field of an otherwise valid request answers 400 naming that field, and nothing is stored', async () => {
    // The field alone fails for the missing others whether or not it is checked; here only its own check can refuse it.
    let n = 0;
    const valid: Record<string, () => Record<string, unknown>> = {
      '/api/v1/applications': () => ({ registrationNumber: `REG-9${String(n++).padStart(3, '0')}`, nik: '3204110609970001', kkNumber: '3204110101200001', name: 'Siti Aminah', dateOfBirth: '1997-09-06', phones: ['6281299990000'], status: 'diterima' }),
      [`/api/v1/tickets/${ticket}/transitions`]: () => ({ to: 'cek_administrasi', note: 'Diperiksa' }),
      [`/api/v1/tickets/${ticket}/responses`]: () => ({ text: 'Baik, kami periksa.' }),
      '/api/v1/tickets': () => ({ channel: 'walk_in', topic: 'loket', body: 'Antrean lama' }),
      [`/api/v1/applications/${appId}/status`]: () => ({ status: 'menunggu_verifikasi', note: 'Berkas lengkap' }),
      [`/api/v1/applications/${appId}/visit`]: () => ({ date: '2026-12-01', timeWindow: '09.00-11.00' }),
      '/simulator/messages': () => ({ from: '6281299990001', text: 'halo' }),
    };
    const before = await snapshot();
    const answered: string[] = [];
    for (const route of routes()) {
      for (const field of route.fields) {
        for (const value of INJECTIONS) {
          const res = await t.api(route.method, route.path, { ...valid[route.path](), [field]: value });
          if (res.status !== 400 || !String(res.body?.error?.message).includes(field)) answered.push(`${route.method} ${route.path} ${field}=${JSON.stringify(value)}: ${res.status}`);
        }
      }
    }
    expect(answered).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  test('then malformed JSON answers 400 invalid_json', async () => {
    for (const route of routes()) {
      const res = await t.api(route.method, route.path, '{"name": "x",,}');
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_json');
    }
  });

  test('then a body over the limit answers 413', async () => {
    const huge = JSON.stringify({ text: 'x'.repeat(300_000), from: '6281234567890' });
    for (const route of routes()) {
      const res = await t.api(route.method, route.path, huge);
      expect(res.status).toBe(413);
    }
  });

  test('then operators in the query string do not widen a search', async () => {
    const res = await t.api('GET', '/api/v1/applications?name[$ne]=zzz');
    expect(res.status).toBeLessThan(500);
    expect(JSON.stringify(res.body)).not.toContain('Siti Aminah');
    const tickets = await t.api('GET', '/api/v1/tickets?stage[$ne]=x');
    expect(tickets.status).toBeLessThan(500);
  });

  test('then a request without the token is refused before validation', async () => {
    const res = await t.api('POST', '/api/v1/applications', { nik: { $gt: '' } }, null);
    expect(res.status).toBe(401);
  });
});
