/**
 * The handoff JSON API shows what the inbox shows the same viewer, no more: chats by their
 * opaque ref, numbers masked, no WhatsApp address, and a chat's history with the inbox's cut (a
 * confidential complaint's filing left out for everyone). Checked on the response bodies, for
 * the API token (an admin) and for a staff member's dashboard session. The restriction cut is
 * walked in test/privacy/restricted-views.test.ts.
 */
import { startTestService, type TestService } from '../support/service';
import { signedIn, type WebClient } from '../dashboard/support';

jest.setTimeout(90_000);

const ASKS = '6281377713301';
const SECRET = '6281377713302'; // filed a confidential complaint, then asked for staff
const key = (from: string) => `simulator:${from}`;
const spellings = (from: string) => [from, `0${from.slice(2)}`, encodeURIComponent(key(from))];

let t: TestService;
let sari: WebClient;
const ref = (from: string) => t.service.handoffs.refOf(key(from));
/** The API as the token (an admin) and as a staff member's session answer a GET. */
const readers = () => [
  ['token', (path: string) => t.api('GET', path).then((r) => ({ status: r.status, text: r.text }))],
  ['staff session', (path: string) => sari.get(path)],
] as const;

beforeAll(async () => {
  t = await startTestService();
  sari = await signedIn(t, 'sari', ['staff']);
  await t.send(ASKS, 'petugas');
});
afterAll(async () => {
  await t?.close();
});

test('when a tool reads the queue, a chat or claims one through the API, then chats are named by their ref and numbers masked, as in the inbox', async () => {
  for (const [who, get] of readers()) {
    const queue = await get('/api/v1/handoffs');
    const detail = await get(`/api/v1/handoffs/${ref(ASKS)}`);
    for (const res of [queue, detail]) {
      expect([who, res.status]).toEqual([who, 200]);
      for (const s of spellings(ASKS)) expect(res.text).not.toContain(s);
    }
    expect(JSON.parse(queue.text).handoffs).toEqual(expect.arrayContaining([expect.objectContaining({ chatKey: ref(ASKS), channel: 'simulator', phone: '+62813****3301', status: 'waiting' })]));
    expect(JSON.parse(queue.text).handoffs[0]).not.toHaveProperty('chatId');
    expect(JSON.parse(detail.text).messages.map((m: { author: string; text: string }) => `${m.author}:${m.text}`)).toContain('user:petugas');
  }
  const claimed = await t.api('POST', `/api/v1/handoffs/${ref(ASKS)}/claim`, {});
  expect(claimed.status).toBe(200);
  expect(claimed.body.handoff).toMatchObject({ chatKey: ref(ASKS), phone: '+62813****3301', status: 'active', claimedBy: 'api-token' });
  for (const s of spellings(ASKS)) expect(claimed.text).not.toContain(s);
});

test('when a confidential complainant later asks for staff, then the API leaves out the filing for every viewer and says so, as the inbox does', async () => {
  for (const text of ['5', '1', 'Petugas loket meminta uang pelicin untuk berkas saya.', 'selesai', 'Siti Rahmawati', 'lewati', '1']) await t.send(SECRET, text);
  const number = /ADU-[A-Z]+-\d{4}-\d{4}/.exec((await t.send(SECRET, '1')).join('\n'))?.[0];
  expect(number).toBeDefined();
  await t.send(SECRET, 'petugas');
  for (const [who, get] of readers()) {
    const res = await get(`/api/v1/handoffs/${ref(SECRET)}`);
    expect([who, res.status]).toEqual([who, 200]);
    expect([who, res.text]).not.toEqual([who, expect.stringContaining('Siti Rahmawati')]);
    expect([who, res.text]).not.toEqual([who, expect.stringContaining('uang pelicin')]);
    const body = JSON.parse(res.text);
    expect(body.hidden).toMatchObject({ confidentialTickets: [number], restricted: false });
    expect(body.hidden.count).toBeGreaterThan(0);
    expect(body.messages.map((m: { text: string }) => m.text)).toContain('petugas'); // what came after still shows
  }
});
