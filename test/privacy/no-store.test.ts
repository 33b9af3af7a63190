/**
 * Every answer that can carry personal data is `Cache-Control: no-store`, so neither a browser's
 * Back button nor a proxy cache keeps a NIK, a phone number or a chat: checked over real HTTP on
 * the service itself, for the API's chats, tickets, applications and exports, errors included.
 */
import { fileApplicationAndTicket } from '../support/records';
import { startTestService, type TestService } from '../support/service';

jest.setTimeout(60_000);

const CHAT = '6281377712398';
let t: TestService;
let appId: string;
let ticket: string;

beforeAll(async () => {
  t = await startTestService();
  ({ appId, ticket } = await fileApplicationAndTicket(t));
  await t.send(CHAT, 'petugas');
});
afterAll(async () => {
  await t.close();
});

test('when the API answers with personal data (chats, tickets, applications, exports), then it is Cache-Control: no-store', async () => {
  const chat = encodeURIComponent(`simulator:${CHAT}`);
  const paths = [
    '/api/v1/handoffs',
    `/api/v1/handoffs/${chat}`,
    '/api/v1/tickets',
    `/api/v1/tickets/${ticket}`,
    '/api/v1/applications?name=Siti',
    `/api/v1/applications/${appId}`,
    '/api/v1/applications/export.csv',
    '/api/v1/reports/tickets.csv',
    `/simulator/chats/${CHAT}/messages`,
    '/simulator/chats',
  ];
  const seen: Record<string, string> = {};
  for (const path of paths) {
    const res = await t.api('GET', path);
    seen[path] = `${res.status} ${res.headers.get('cache-control')}`;
  }
  expect(seen).toEqual(Object.fromEntries(paths.map((p) => [p, expect.stringMatching(/^200 no-store$/)])));
});

test('when the API refuses or writes, then the answer is no-store too', async () => {
  for (const [method, path, body] of [['GET', '/api/v1/applications/000000000000000000000000'], ['POST', '/api/v1/tickets', { body: 'x' }], ['POST', `/api/v1/tickets/${ticket}/responses`, { text: 'Baik, kami periksa.' }]] as const) {
    const res = await t.api(method, path, body);
    expect({ path, cache: res.headers.get('cache-control') }).toEqual({ path, cache: 'no-store' });
  }
});
