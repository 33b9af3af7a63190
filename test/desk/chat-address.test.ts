/**
 * The inbox never puts a full phone number in an address, a form field, a page attribute or a
 * live event: a chat is addressed by its opaque ref (the keyed hash it is stored under), and the
 * number is shown masked, except where a supervisor deliberately reveals it (audited). Checked on
 * the HTML actually served and on the event stream, over real HTTP.
 */
import { startTestService, type TestService } from '../support/service';
import { readEvents, signedIn, type WebClient } from '../dashboard/support';

jest.setTimeout(90_000);

const WAITING = '6281377712301'; // waits, with a reply that failed
const CLOSED = '6281377712302'; // handed back to the bot
const LIVE = '6281377712303'; // asks while the inbox listens
const key = (from: string) => `simulator:${from}`;
/** Every way the number could be written out: as digits, local, or URL-encoded in a chat key. */
const spellings = (from: string) => [from, `0${from.slice(2)}`, encodeURIComponent(key(from))];

let t: TestService;
let sari: WebClient;
let susi: WebClient;
const ref = (from: string) => t.service.handoffs.refOf(key(from));
const chatPath = (from: string) => `/dashboard/inbox/chat/${ref(from)}`;

beforeAll(async () => {
  t = await startTestService();
  sari = await signedIn(t, 'sari', ['staff']);
  susi = await signedIn(t, 'susi', ['supervisor', 'staff']);
  await t.send(WAITING, 'petugas');
  const text = 'Berkas Bapak sudah kami terima.';
  let outboxId = '';
  const seen = (e: { _id: unknown; text: string }) => void (e.text === text && (outboxId = String(e._id)));
  t.service.outbox.on('sent', seen);
  expect((await t.api('POST', `/api/v1/handoffs/${encodeURIComponent(key(WAITING))}/reply`, { text })).status).toBe(202);
  await t.service.outbox.settled(key(WAITING));
  t.service.outbox.off('sent', seen);
  expect(await t.service.outbox.recordDelivery({ channel: 'simulator', providerMessageId: `sim-${outboxId}`, outboxId, status: 'failed', at: t.clock.now(), error: { code: '131026', reason: 'Message undeliverable' } })).toBe(true);
  await t.send(CLOSED, 'petugas');
  expect((await t.api('POST', `/api/v1/handoffs/${encodeURIComponent(key(CLOSED))}/close`, {})).status).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

const expectNoNumber = (html: string, ...froms: string[]) => {
  for (const from of froms) for (const s of spellings(from)) expect(html).not.toContain(s);
};

test('when staff open the queue, a chat, its contact panel, the closed and the failed lists, then no link, form field or attribute carries a full number: each names the chat by its opaque ref', async () => {
  expect(ref(WAITING)).toMatch(/^[a-f0-9]{64}$/);
  const pages = {
    inbox: await sari.get('/dashboard/inbox'),
    queue: await sari.get('/dashboard/inbox/queue'),
    chat: await sari.get(chatPath(WAITING)),
    header: await sari.get(`${chatPath(WAITING)}/header`),
    history: await sari.get(`${chatPath(WAITING)}/history`),
    closed: await sari.get('/dashboard/inbox/closed'),
    failed: await sari.get('/dashboard/inbox/failed'),
  };
  for (const [name, res] of Object.entries(pages)) {
    expect([name, res.status]).toEqual([name, 200]);
    expectNoNumber(res.text, WAITING, CLOSED);
  }
  expect(pages.inbox.text).toContain(`data-chat="${ref(WAITING)}"`);
  expect(pages.inbox.text).toContain(`href="${chatPath(WAITING)}"`);
  expect(pages.chat.text).toContain(`data-live-chat="${ref(WAITING)}"`);
  expect(pages.chat.text).toContain(`action="${chatPath(WAITING)}/claim"`);
  expect(pages.chat.text).toContain('+62813****2301');
  expect(pages.closed.text).toContain(`<tr data-chat="${ref(CLOSED)}">`);
  // "Kirim ulang" names the chat by its ref too, on the failed list and in the contact panel, and that ref works.
  const fields = [...pages.failed.text.matchAll(/name="chatKey" value="([^"]+)"/g), ...pages.chat.text.matchAll(/name="chatKey" value="([^"]+)"/g)].map((m) => m[1]);
  expect(fields.length).toBeGreaterThanOrEqual(2);
  expect(new Set(fields)).toEqual(new Set([ref(WAITING)]));
  const outboxId = /name="outboxId" value="([a-f0-9]{24})"/.exec(pages.failed.text)![1];
  const resent = await sari.post('/dashboard/inbox/failed/resend', { _csrf: await sari.csrf(), chatKey: ref(WAITING), outboxId, back: 'chat' });
  expect(resent.status).toBe(303);
  expect(resent.location).toBe(`${chatPath(WAITING)}?ok=resent`);
});

test('when staff act on a chat from its page, then every redirect addresses it by its ref, and a ref no chat has is not found', async () => {
  const csrf = await sari.csrf(chatPath(WAITING));
  const taken = await sari.post(`${chatPath(WAITING)}/claim`, { _csrf: csrf, takeOver: '1' }); // the API's reply took it
  expect(taken.location).toBe(`${chatPath(WAITING)}?ok=taken_over`);
  const refused = await sari.post(`${chatPath(CLOSED)}/claim`, { _csrf: csrf });
  expect(refused.location).toBe(`${chatPath(CLOSED)}?err=not_claimable`);
  const noted = await sari.post(`${chatPath(WAITING)}/notes`, { _csrf: csrf, text: 'Minta dihubungi sore.' });
  expect(noted.location).toBe(`${chatPath(WAITING)}?ok=note_added`);
  expect((await sari.get(`/dashboard/inbox/chat/${'0'.repeat(64)}`)).status).toBe(404);
});

test('when a person asks for staff while the inbox listens, then the live event names the chat by its ref, not its number', async () => {
  const seen = await readEvents(sari, () => t.send(LIVE, 'petugas'), /event: handoff/);
  expect(seen).toContain(`"chat":"${ref(LIVE)}"`);
  expectNoNumber(seen, LIVE);
});

test('when a supervisor reveals the number, then it shows on that answer only, in the contact panel and nowhere else on the page', async () => {
  const res = await susi.post(`${chatPath(WAITING)}/reveal-phone`, { _csrf: await susi.csrf(chatPath(WAITING)) });
  expect(res.status).toBe(200);
  expect(res.text).toContain(`<span id="contact-number" class="revealed">+${WAITING}</span>`);
  expect(res.text.split(WAITING)).toHaveLength(2); // once
  expectNoNumber(res.text.replace(`<span id="contact-number" class="revealed">+${WAITING}</span>`, ''), WAITING);
});
