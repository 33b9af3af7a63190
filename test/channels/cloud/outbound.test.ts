/**
 * Sending through the Cloud API, asserted at the fake Graph API and in the outbox collection:
 * the wamid kept, Retry-After and Meta's rate-limit codes honoured, nothing Meta accepted posted
 * twice, each user paced, and the 24-hour window (templates outside it, or a hold with its reason
 * until the person writes).
 */
import { chatKeyHash } from '../../../src/applications/sealing';
import { createHash } from 'node:crypto';
import pino from 'pino';
import { createCloudTransport } from '../../../src/channels/cloud';
import { bodyTextOf } from '../../../src/channels/cloud/presentation';
import type { OutboxSource } from '../../../src/channels/port';
import { inbound, startCloudService, statusReport, text, type CloudTestService } from './support/cloud-service';
import { graphError } from './support/fake-graph';

let t: CloudTestService;
beforeAll(async () => {
  t = await startCloudService();
}, 120_000);
afterAll(async () => {
  await t?.close();
});
beforeEach(() => {
  t.graph.requests.length = 0;
});

let n = 0;
const newUser = () => `62812555${String(++n).padStart(4, '0')}`;
const outboxOf = () => t.service.db.connection.collection('outbox');
/** The chat's outbox entries as stored (found by the chat key's hash), their texts opened. */
const entries = async (user: string) =>
  (await outboxOf().find({ chatKey: chatKeyHash(t.service.modules.cipher, `whatsapp:${user}`) }).sort({ _id: 1 }).toArray()).map((e) => ({ ...e, text: t.service.modules.cipher.decrypt(e.text as string) }) as typeof e);
const to = (user: string) => t.graph.sends().filter((r) => r.body.to === user);

async function enqueue(user: string, texts: string[], source: OutboxSource = 'staff') {
  await t.service.outbox.enqueue(texts.map((x) => ({ chat: { channel: 'whatsapp' as const, chatId: user }, text: x, source })));
  await t.service.outbox.drain(`whatsapp:${user}`);
  await t.service.outbox.idle();
}
async function sweep() {
  await t.service.outbox.sweep();
  await t.service.outbox.idle();
}
/** The person writes (the window opens, the bot answers); then enough time for the pacing burst to refill. */
async function writes(user: string, body = 'halo') {
  await t.webhook(inbound(text(body), { from: user, at: t.clock.now() }));
  await t.settle(user);
  t.clock.advance(30_000);
}

describe('the provider message id', () => {
  it('is the wamid Meta returned, stored on the entry', async () => {
    const user = newUser();
    await writes(user);
    t.graph.requests.length = 0;
    await enqueue(user, ['Berkas Bapak sudah kami terima.']);
    const [sent] = to(user);
    expect(sent.body).toMatchObject({ type: 'text', text: { body: 'Berkas Bapak sudah kami terima.' } });
    const last = (await entries(user)).at(-1)!;
    expect(last).toMatchObject({ status: 'sent', providerMessageId: expect.stringMatching(/^wamid\.FAKE/) });
    expect(sent.body.biz_opaque_callback_data).toBe(String(last._id));
  });
});

describe('backing off', () => {
  it('honours Retry-After on 429 (rate-limit code 130429) without spending attempts', async () => {
    const user = newUser();
    await writes(user);
    t.graph.requests.length = 0;
    t.graph.script({ status: 429, body: graphError(130429, 'Rate limit hit'), headers: { 'retry-after': '300' } });
    await enqueue(user, ['Pesan petugas.']);
    expect(to(user)).toHaveLength(1);
    let entry = (await entries(user)).at(-1)!;
    expect(entry).toMatchObject({ status: 'pending', attempts: 0 });
    t.clock.advance(90_000);
    await sweep();
    expect(to(user)).toHaveLength(1); // still inside Meta's Retry-After
    t.clock.advance(211_000);
    await sweep();
    expect(to(user)).toHaveLength(2);
    entry = (await entries(user)).at(-1)!;
    expect(entry).toMatchObject({ status: 'sent', providerMessageId: expect.any(String) });
  });

  it('waits for the pair limit on 131056, then sends', async () => {
    const user = newUser();
    await writes(user);
    t.graph.requests.length = 0;
    t.graph.script({ status: 400, body: graphError(131056, '(Business Account, Consumer Account) pair rate limit hit') });
    await enqueue(user, ['Pesan petugas.']);
    t.clock.advance(3_000);
    await sweep();
    expect(to(user)).toHaveLength(1);
    t.clock.advance(3_000);
    await sweep();
    expect(to(user)).toHaveLength(2);
    expect((await entries(user)).at(-1)).toMatchObject({ status: 'sent' });
  });

  it('retries a 5xx carrying Meta\'s own error later (Meta answered: not taken), counting the attempt', async () => {
    const user = newUser();
    await writes(user);
    t.graph.requests.length = 0;
    t.graph.script({ status: 503, body: graphError(2, 'Service temporarily unavailable') });
    await enqueue(user, ['Pesan petugas.']);
    expect((await entries(user)).at(-1)).toMatchObject({ status: 'pending', attempts: 1 });
    await sweep();
    expect(to(user)).toHaveLength(1);
    t.clock.advance(16_000); // past the 15 s server-error wait
    await sweep();
    expect(to(user)).toHaveLength(2);
    expect((await entries(user)).at(-1)).toMatchObject({ status: 'sent' });
  });
});

describe('never twice', () => {
  it('does not post again a message Meta accepted (same outbox id)', async () => {
    const user = newUser();
    await writes(user);
    t.graph.requests.length = 0;
    const message = { id: '65a000000000000000000001', chatId: user, text: 'Sekali saja.', correlationId: null, source: 'staff' as const };
    const first = await t.service.cloud!.send(message);
    const again = await t.service.cloud!.send(message);
    expect(to(user)).toHaveLength(1);
    expect(again).toEqual(first);
  });

  it('an answer lost after the request left is failed for staff, never resent', async () => {
    const user = newUser();
    await writes(user);
    t.graph.requests.length = 0;
    t.graph.script({ hangUp: true });
    await enqueue(user, ['Mungkin sudah terkirim.']);
    expect(to(user)).toHaveLength(1);
    t.clock.advance(3_600_000);
    await sweep();
    expect(to(user)).toHaveLength(1);
    const entry = (await entries(user)).at(-1)!;
    expect(entry.status).toBe('failed');
    expect(entry.error).toContain('tidak dikirim ulang');
    // Meta's report (naming our outbox id) shows it did go: sent after all, still posted once.
    await t.webhook(statusReport('wamid.LOST1', 'delivered', { at: t.clock.now(), outboxId: String(entry._id) }));
    await t.settle(user);
    expect(await outboxOf().findOne({ _id: entry._id })).toMatchObject({ status: 'sent', error: null, providerMessageId: 'wamid.LOST1', delivery: { status: 'delivered' } });
    expect(to(user)).toHaveLength(1);
  });
});

describe('a refusal', () => {
  it('is failed at once with what Meta\'s code means for staff', async () => {
    const user = newUser();
    await writes(user);
    t.graph.requests.length = 0;
    t.graph.script({ status: 400, body: graphError(131030, 'Recipient phone number not in allowed list', 'Recipient phone number not in allowed list') });
    await enqueue(user, ['Pesan petugas.']);
    await sweep();
    expect(to(user)).toHaveLength(1);
    const entry = (await entries(user)).at(-1)!;
    expect(entry).toMatchObject({ status: 'failed', attempts: 1 });
    expect(entry.error).toContain('kode 131030');
    expect(entry.error).toContain('daftar penerima yang diizinkan');
  });
});

describe('a gateway error', () => {
  // A proxy, load balancer or provider between us and Meta answers a 5xx of its own (no Meta
  // error object): a 502/504 after it passed the request on, a 503 we cannot tell from one.
  // Meta may have the message, so it is never posted again, and it is not lost either.
  it.each([
    [502, '<html><body>502 Bad Gateway</body></html>'],
    [503, 'upstream connect error or disconnect/reset before headers'],
    [504, '<html><body>504 Gateway Time-out</body></html>'],
    [500, ''],
  ])('%i without Meta\'s own error is an unknown outcome: failed for staff, never resent, settled by the report', async (status, page) => {
    const user = newUser();
    await writes(user);
    t.graph.requests.length = 0;
    t.graph.script({ status, raw: Buffer.from(page) });
    await enqueue(user, ['Mungkin sampai ke Meta.']);
    t.clock.advance(3_600_000);
    await sweep();
    expect(to(user)).toHaveLength(1);
    const entry = (await entries(user)).at(-1)!;
    expect(entry).toMatchObject({ status: 'failed', outcomeUnknown: true });
    expect(entry.error).toContain('tidak dikirim ulang');
    // What staff see for the chat: the message, failed, with why (not gone).
    expect(await t.service.outbox.notDelivered(`whatsapp:${user}`)).toEqual([expect.objectContaining({ text: 'Mungkin sampai ke Meta.', status: 'failed' })]);
    // Asked to send it again (as after a restart), the send ledger refuses: it may be Meta's already.
    await expect(t.service.cloud!.send({ id: String(entry._id), chatId: user, text: entry.text, correlationId: null, source: 'staff' })).rejects.toMatchObject({ outcomeUnknown: true });
    expect(to(user)).toHaveLength(1);
    await t.webhook(statusReport(`wamid.GW${status}`, 'sent', { at: t.clock.now(), outboxId: String(entry._id), recipient: user }));
    await t.settle(user);
    expect(await outboxOf().findOne({ _id: entry._id })).toMatchObject({ status: 'sent', providerMessageId: `wamid.GW${status}` });
    expect(to(user)).toHaveLength(1);
  });
});

describe('across a restart', () => {
  /** What a new process would have: the same database, nothing in memory. */
  const freshProcess = () =>
    createCloudTransport({
      env: t.service.env, officeName: 'Dinas Sosial', connection: t.service.db.connection, logger: pino({ level: 'silent' }), now: () => t.clock.now(),
      receive: async () => undefined, windowOpened: async () => undefined, recordDelivery: async () => true, cipher: t.service.modules.cipher,
    });
  const message = (id: string, user: string) => ({ id, chatId: user, text: `Pesan ${id}`, correlationId: null, source: 'staff' as const });

  it('a message Meta accepted is not posted again, one it refused is, one whose answer was lost is not', async () => {
    const user = newUser();
    await writes(user);
    t.graph.requests.length = 0;
    const accepted = message('65b000000000000000000001', user);
    const first = await t.service.cloud!.send(accepted);
    expect(await freshProcess().send(accepted)).toEqual({ providerMessageId: first.providerMessageId });
    expect(to(user)).toHaveLength(1);

    const refused = message('65b000000000000000000002', user);
    t.graph.script({ status: 503, body: graphError(2, 'Service temporarily unavailable') });
    await expect(t.service.cloud!.send(refused)).rejects.toThrow();
    await freshProcess().send(refused);
    expect(to(user)).toHaveLength(3);

    const lost = message('65b000000000000000000003', user);
    t.graph.script({ hangUp: true });
    await expect(t.service.cloud!.send(lost)).rejects.toThrow();
    await expect(freshProcess().send(lost)).rejects.toMatchObject({ permanent: true, outcomeUnknown: true });
    expect(to(user)).toHaveLength(4);
  });
});

describe('marked one by one', () => {
  it('an entry is recorded sent before the next one leaves', async () => {
    const user = newUser();
    await writes(user);
    t.graph.requests.length = 0;
    let release!: () => void;
    const held = new Promise((r) => (release = () => r(undefined)));
    t.graph.script({ status: 200 }, { status: 200, after: held });
    await t.service.outbox.enqueue(['erste', 'zweite'].map((x) => ({ chat: { channel: 'whatsapp' as const, chatId: user }, text: x, source: 'staff' as const })));
    const draining = t.service.outbox.drain(`whatsapp:${user}`);
    while (to(user).length < 2) await new Promise((r) => setTimeout(r, 10));
    // The second request is on the wire, unanswered: the first must already be in the database as sent.
    const [first, second] = (await entries(user)).slice(-2);
    expect(first).toMatchObject({ text: 'erste', status: 'sent', providerMessageId: expect.any(String) });
    expect(second).toMatchObject({ text: 'zweite', status: 'sending' });
    release();
    await draining;
    expect((await entries(user)).at(-1)).toMatchObject({ status: 'sent' });
  });
});

describe('pacing per user', () => {
  it('lets a short burst through, then about one message per 6 s', async () => {
    const user = newUser();
    await writes(user);
    t.graph.requests.length = 0;
    await enqueue(user, ['1', '2', '3', '4', '5', '6']);
    expect(to(user).map((r) => r.body.text.body)).toEqual(['1', '2', '3', '4']);
    t.clock.advance(6_000);
    await sweep();
    expect(to(user)).toHaveLength(5);
    t.clock.advance(6_000);
    await sweep();
    expect(to(user).map((r) => r.body.text.body)).toEqual(['1', '2', '3', '4', '5', '6']);
  });
});

describe('the 24-hour window', () => {
  it('outside it a notification goes as its approved template, on one line', async () => {
    const user = newUser(); // never wrote
    await enqueue(user, ['Status pengusulan Bapak berubah.\nSilakan cek.'], 'notification');
    const [sent] = to(user);
    expect(sent.body).toMatchObject({ type: 'template', template: { name: 'dinsos_pemberitahuan', language: { code: 'id' } } });
    expect(sent.body.template.components[0].parameters).toEqual([
      { type: 'text', text: t.service.profile.office.name },
      { type: 'text', text: 'Status pengusulan Bapak berubah. · Silakan cek.' },
    ]);
    expect((await entries(user)).at(-1)).toMatchObject({ status: 'sent', sentVia: 'template:dinsos_pemberitahuan' });
  });

  it('a staff reply a day after the person wrote goes as the staff template', async () => {
    const user = newUser();
    await writes(user);
    t.clock.advance(25 * 3_600_000);
    t.graph.requests.length = 0;
    await enqueue(user, ['Berkas sudah lengkap.'], 'staff');
    expect(to(user)[0].body).toMatchObject({ type: 'template', template: { name: 'dinsos_balasan_petugas' } });
  });

  it('a message with no template waits with its reason, and goes first when the person writes', async () => {
    const user = newUser();
    await enqueue(user, ['Jawaban tertunda.'], 'bot');
    expect(to(user)).toHaveLength(0);
    const [held] = await entries(user);
    expect(held).toMatchObject({ status: 'pending', attempts: 0, heldReason: expect.stringContaining('24 jam') });
    expect(held.error).toContain('menunggu sampai warga menulis lagi');
    // What staff are shown for this chat.
    expect(await t.service.outbox.notDelivered(`whatsapp:${user}`)).toEqual([expect.objectContaining({ text: 'Jawaban tertunda.', status: 'pending', heldReason: held.heldReason })]);
    await t.webhook(inbound(text('halo'), { from: user, at: t.clock.now() }));
    await t.settle(user);
    const texts = to(user).map((r) => bodyTextOf(r.body) as string);
    expect(texts[0]).toBe('Jawaban tertunda.');
    expect(texts.length).toBeGreaterThan(1); // and the answer to "halo" after it
    expect((await outboxOf().findOne({ _id: held._id }))).toMatchObject({ status: 'sent' });
    expect((await outboxOf().findOne({ _id: held._id }))?.heldReason).toBeUndefined();
    expect(await t.service.outbox.notDelivered(`whatsapp:${user}`)).toEqual([]);
  });

  it('Meta\'s re-engagement error (131047) holds the message instead of failing it', async () => {
    const user = newUser();
    await writes(user);
    t.graph.requests.length = 0;
    t.graph.script({ status: 400, body: graphError(131047, 'Re-engagement message') });
    await enqueue(user, ['Balasan petugas.'], 'staff');
    expect((await entries(user)).at(-1)).toMatchObject({ status: 'pending', attempts: 0, heldReason: expect.stringContaining('24 jam') });
    // The window is now known closed: the next try goes as the template.
    t.clock.advance(7 * 3_600_000);
    await sweep();
    expect(to(user).at(-1)?.body).toMatchObject({ type: 'template', template: { name: 'dinsos_balasan_petugas' } });
  });
});

describe('the access token', () => {
  const readyz = () => t.api('GET', '/readyz', undefined, null);

  it('is checked at start against the phone number: /readyz shows the number and its quality', async () => {
    t.graph.script({ status: 200, body: { display_phone_number: '+62 511 3300000', quality_rating: 'GREEN', id: '109876543210' } });
    t.service.cloud!.start();
    for (let i = 0; i < 100 && !(await readyz()).body.checks.whatsapp.displayPhoneNumber; i++) await new Promise((r) => setTimeout(r, 20));
    const res = await readyz();
    expect(res.status).toBe(200);
    expect(res.body.checks.whatsapp).toMatchObject({ ok: true, tokenValid: true, displayPhoneNumber: '+62 511 3300000', qualityRating: 'GREEN' });
    expect(t.graph.requests[0]).toMatchObject({ method: 'GET', path: '/v24.0/109876543210?fields=display_phone_number,quality_rating', authorization: expect.stringMatching(/^Bearer /) });
  });

  it('refused by Meta makes the service not ready, and messages wait without spending attempts until it works again', async () => {
    const user = newUser();
    await writes(user);
    t.graph.requests.length = 0;
    t.graph.script({ status: 401, body: graphError(190, 'Invalid OAuth access token') });
    await enqueue(user, ['Pesan pertama.']);
    expect((await readyz()).status).toBe(503);
    expect((await readyz()).body.checks.whatsapp).toMatchObject({ ok: false, tokenValid: false });
    await enqueue(user, ['Pesan kedua.']);
    expect(to(user)).toHaveLength(1); // nothing more posted with a refused token
    expect((await entries(user)).slice(-2).map((e) => [e.status, e.attempts])).toEqual([['pending', 0], ['pending', 0]]);
    // Five minutes on, the token is asked about again; accepted now, both go.
    t.clock.advance(5 * 60_000);
    t.graph.script({ status: 200, body: { display_phone_number: '+62 511 3300000', quality_rating: 'GREEN' } });
    await sweep();
    expect(to(user).map((r) => bodyTextOf(r.body))).toEqual(['Pesan pertama.', 'Pesan pertama.', 'Pesan kedua.']);
    expect((await readyz()).status).toBe(200);
  });
});

describe('inbound media', () => {
  const photo = Buffer.from('\xff\xd8\xff\xe0 not really a jpeg', 'latin1');
  const digest = createHash('sha256').update(photo).digest('hex');
  const origin = () => new URL(t.graph.base).origin;

  it('is fetched by its id: the record, then the bytes, with the token, checked against the digest', async () => {
    t.graph.script({ status: 200, body: { url: `${origin()}/media/abc?ext=1`, mime_type: 'image/jpeg', sha256: digest, file_size: photo.length, id: '1479537139650973' } }, { status: 200, raw: photo });
    const media = await t.service.cloud!.fetchMedia('1479537139650973');
    expect(media).toEqual({ bytes: photo, mimeType: 'image/jpeg' });
    expect(t.graph.requests.map((r) => [r.method, r.path, r.authorization?.startsWith('Bearer ')])).toEqual([
      ['GET', '/v24.0/1479537139650973', true],
      ['GET', '/media/abc?ext=1', true],
    ]);
  });

  it('is refused when the bytes do not match the digest, or the URL is on another host', async () => {
    t.graph.script({ status: 200, body: { url: `${origin()}/media/abc`, mime_type: 'image/jpeg', sha256: '0'.repeat(64) } }, { status: 200, raw: photo });
    await expect(t.service.cloud!.fetchMedia('1479537139650973')).rejects.toThrow('digest');
    t.graph.requests.length = 0;
    t.graph.script({ status: 200, body: { url: 'https://files.example.net/x', mime_type: 'image/jpeg' } });
    await expect(t.service.cloud!.fetchMedia('1479537139650973')).rejects.toThrow('unexpected host');
    expect(t.graph.requests).toHaveLength(1);
  });
});

describe('features reaching a phone number', () => {
  it('a complaint logged with a phone number is answered on the Cloud API at that wa_id', async () => {
    const created = await t.api('POST', '/api/v1/tickets', { channel: 'complaint_box', topic: 'loket', body: 'Antrean loket terlalu lama.', complainant: { name: 'Budi Santoso', phone: '+6281234560077' } });
    expect(created.status).toBe(201);
    t.graph.requests.length = 0;
    const answered = await t.api('POST', `/api/v1/tickets/${created.body.ticket.number}/responses`, { text: 'Terima kasih, antrean sudah kami tambah petugasnya.' });
    expect(answered.status).toBe(201);
    await t.service.outbox.idle();
    const sent = to('6281234560077');
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.at(-1)!.body).toMatchObject({ type: 'template', template: { name: 'dinsos_balasan_petugas' } }); // never wrote: outside the window
  });
});

describe('/readyz after failures', () => {
  it('counts them and shows the last one', async () => {
    const res = await t.api('GET', '/readyz', undefined, null);
    expect(res.body.checks.whatsapp.sendFailures).toBeGreaterThan(0);
    expect(res.body.checks.whatsapp.lastFailure).toMatchObject({ at: expect.any(String), message: expect.any(String) });
  });
});
