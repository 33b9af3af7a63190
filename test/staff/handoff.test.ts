/**
 * Human handoff through the simulator chat and the staff API: what puts a chat in the queue,
 * what the person is told, the bot's silence while a person owns the chat, and how the chat
 * goes back to the bot (staff close, idle hours, "menu" while waiting).
 */
import { startTestService, type TestService } from '../support/service';

const QUEUED = /percakapan ini kami teruskan ke petugas/;
const RETURNED = /Percakapan dengan petugas sudah selesai/;
let t: TestService;
let n = 0;
/** A fresh chat per test: the queue is shared within the file. */
const phone = () => `62812990${String(++n).padStart(5, '0')}`;
const key = (from: string) => encodeURIComponent(`simulator:${from}`);
const outTexts = async (from: string) => (await t.transcript(from)).filter((m) => m.direction === 'out').map((m) => m.text);

beforeAll(async () => {
  t = await startTestService({ env: { HANDOFF_IDLE_HOURS: '2' } });
});
afterAll(async () => {
  await t.close();
});

describe('asking for a person', () => {
  test.each(['petugas', 'admin', 'cs', 'bicara dengan petugas', 'PETUGAS', '7'])('when the person writes "%s", then the chat joins the staff queue and the bot says so', async (text) => {
    const from = phone();
    if (text === '7') await t.send(from, 'menu');
    const replies = await t.send(from, text);
    expect(replies.join('\n')).toMatch(QUEUED);
    const queue = await t.api('GET', '/api/v1/handoffs');
    expect(queue.body.handoffs).toEqual(expect.arrayContaining([expect.objectContaining({ chatKey: t.service.handoffs.refOf(`simulator:${from}`), status: 'waiting' })]));
  });

  test('when the bot misunderstands three messages in a row, then it offers a person, and "ya" queues the chat', async () => {
    const from = phone();
    await t.send(from, 'qwerty asdf');
    await t.send(from, 'zxcv bnm');
    const third = await t.send(from, 'lorem ipsum dolor');
    expect(third.join('\n')).toMatch(/dihubungkan dengan petugas/);
    const accepted = await t.send(from, 'ya');
    expect(accepted.join('\n')).toMatch(QUEUED);
    expect((await t.service.handoffs.get(`simulator:${from}`))?.status).toBe('waiting');
  });

  test('when others wait already, then the person is told how many chats are ahead', async () => {
    const from = phone();
    const replies = await t.send(from, 'petugas');
    expect(replies.join('\n')).toMatch(/Ada \d+ percakapan lain yang menunggu/);
  });

  test('when the office is closed, then the bot names the next opening time', async () => {
    const saved = t.clock.now();
    t.clock.set('2026-11-28T05:00:00Z'); // Saturday 13:00 WITA
    try {
      const replies = await t.send(phone(), 'petugas');
      expect(replies.join('\n')).toMatch(/di luar jam layanan; petugas akan membalas mulai \*Senin, 30 November 2026 pukul 07\.30 WITA\*/);
    } finally {
      t.clock.set(saved);
    }
  });
});

describe('while a person owns the chat', () => {
  test('when staff claim and reply, then the reply reaches the chat, the bot stays silent and every message is kept', async () => {
    const from = phone();
    await t.send(from, 'petugas');
    // Waiting: the person is told their message waits for staff, not left in silence.
    expect((await t.send(from, 'halo, saya mau tanya soal BPJS')).join('\n')).toContain('akan dibaca oleh petugas');

    expect((await t.api('POST', `/api/v1/handoffs/${key(from)}/claim`, {})).status).toBe(200);
    expect((await t.api('POST', `/api/v1/handoffs/${key(from)}/reply`, { text: 'Selamat siang, ada yang bisa dibantu?' })).status).toBe(202);
    expect(await outTexts(from)).toContain('Selamat siang, ada yang bisa dibantu?');

    expect(await t.send(from, 'menu')).toEqual([]); // a person owns the chat: even "menu" is for them
    expect(await t.send(from, 'kartu saya tidak aktif')).toEqual([]);

    const detail = await t.api('GET', `/api/v1/handoffs/${key(from)}`);
    const authors = detail.body.messages.map((m: { author: string; text: string }) => `${m.author}:${m.text}`);
    expect(authors).toEqual(expect.arrayContaining(['user:petugas', 'user:halo, saya mau tanya soal BPJS', 'staff:Selamat siang, ada yang bisa dibantu?', 'user:menu', 'user:kartu saya tidak aktif']));
    expect(detail.body.messages.some((m: { author: string }) => m.author === 'bot')).toBe(true);
  });

  test('when staff close the chat, then the bot tells the person and answers again', async () => {
    const from = phone();
    await t.send(from, 'petugas');
    await t.api('POST', `/api/v1/handoffs/${key(from)}/reply`, { text: 'Baik, sudah kami bantu.' });
    expect((await t.api('POST', `/api/v1/handoffs/${key(from)}/close`, {})).status).toBe(200);
    expect((await outTexts(from)).at(-1)).toMatch(RETURNED);
    const replies = await t.send(from, 'menu');
    expect(replies.join('\n')).toMatch(/Silakan balas dengan angka pilihan/);
    expect((await t.api('POST', `/api/v1/handoffs/${key(from)}/close`, {})).status).toBe(409);
  });

  test('when nobody on staff acts for the configured hours, then the chat goes back to the bot, which says so', async () => {
    const idle = phone();
    const busy = phone();
    for (const from of [idle, busy]) {
      await t.send(from, 'petugas');
      await t.api('POST', `/api/v1/handoffs/${key(from)}/claim`, {});
    }
    t.clock.advanceMinutes(90);
    await t.api('POST', `/api/v1/handoffs/${key(busy)}/reply`, { text: 'Masih kami cek.' });
    t.clock.advanceMinutes(31); // idle: 2 h 1 min without staff activity; busy: 31 min
    expect(await t.service.handoffs.releaseIdle()).toBeGreaterThanOrEqual(1);
    expect((await outTexts(idle)).at(-1)).toMatch(RETURNED);
    expect((await t.service.handoffs.get(`simulator:${busy}`))?.status).toBe('active');
    expect((await t.send(idle, 'menu')).join('\n')).toMatch(/Silakan balas dengan angka pilihan/);
  });

  test('when someone types on the office phone, then the chat counts as taken by a person and the bot stays silent', async () => {
    const from = phone();
    const result = await t.service.engine.receive({
      channel: 'simulator', messageId: `office-${from}`, chatId: from, phone: `+${from}`, fromMe: true, text: 'Halo, ini dari kantor Dinsos', receivedAt: t.clock.now(),
    });
    expect(result.status).toBe('recorded');
    const open = await t.service.handoffs.get(`simulator:${from}`);
    expect(open).toMatchObject({ status: 'active', claimedBy: 'office_phone', reason: 'office_phone' });
    expect(await t.send(from, 'baik pak, terima kasih')).toEqual([]);
    const detail = await t.api('GET', `/api/v1/handoffs/${key(from)}`);
    expect(detail.body.messages.map((m: { author: string }) => m.author)).toEqual(['office_phone', 'user']);
  });

  test('when a colleague handles the chat, then another cannot reply until taking it over', async () => {
    const from = phone();
    await t.send(from, 'petugas');
    await t.service.handoffs.claim(`simulator:${from}`, 'someone-else');
    expect((await t.api('POST', `/api/v1/handoffs/${key(from)}/reply`, { text: 'Halo' })).status).toBe(409);
    expect((await t.api('POST', `/api/v1/handoffs/${key(from)}/claim`, {})).status).toBe(409);
    expect((await t.api('POST', `/api/v1/handoffs/${key(from)}/claim`, { takeOver: true })).body.handoff.claimedBy).toBe('api-token');
    expect((await t.api('POST', `/api/v1/handoffs/${key(from)}/reply`, { text: 'Halo' })).status).toBe(202);
  });
});

describe('waiting and changing one\'s mind', () => {
  test('when the person types "menu" while still waiting, then the chat leaves the queue and the bot answers', async () => {
    const from = phone();
    await t.send(from, 'petugas');
    expect((await t.send(from, 'menu')).join('\n')).toMatch(/Silakan balas dengan angka pilihan/);
    expect(await t.service.handoffs.get(`simulator:${from}`)).toBeNull();
  });

  test('when chats were answered before, then a new request carries an expected wait', async () => {
    const from = phone();
    const result = await t.service.handoffs.request({ chat: { channel: 'simulator', chatId: from, phone: null }, reason: 'asked', now: t.clock.now() });
    expect(result.expectedMinutes).toEqual(expect.any(Number));
  });

  test('when the API is called with a malformed chat key, then it answers 400', async () => {
    expect((await t.api('POST', '/api/v1/handoffs/nonsense/claim', {})).status).toBe(400);
  });
});
