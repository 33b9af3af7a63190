/**
 * The conversation through the simulator over real HTTP, on the embedded database:
 * keywords and slang, typos, greetings, menu navigation, misunderstandings, media, timeouts,
 * dedupe and ordering.
 */
import { startTestService, type TestService } from '../support/service';
import { chatKeyHash } from '../../src/applications/sealing';

let t: TestService;
let phoneCounter = 0;
/** A fresh chat per test: no state leaks between cases. */
const newPhone = () => `62812000${String(++phoneCounter).padStart(5, '0')}`;

beforeAll(async () => {
  t = await startTestService({ now: '2026-11-23T02:00:00Z' }); // Monday 10:00 WITA
});
afterAll(async () => {
  await t.close();
});

const all = (replies: string[]) => replies.join('\n---\n');

describe('understanding Indonesian chat', () => {
  test.each([
    ['syarat', 'Persyaratan'],
    ['syarat2', 'Persyaratan'],
    ['persyaratan apa aja kak', 'Persyaratan'],
    ['SYARAAAT!!! 🙏', 'Persyaratan'],
    ['persyaratn', 'Persyaratan'],
    ['gmn cara daftar', 'Alur layanan'],
    ['alur dan waktu', 'Alur layanan'],
    ['info biaya', 'Tidak dipungut biaya'],
    ['jadwal', 'Jadwal layanan'],
    ['cek status', 'kirim *NIK*'],
    ['mau ngadu', 'Pengaduan tentang apa'],
    ['komplain', 'Pengaduan tentang apa'],
    ['aduan', 'Pengaduan tentang apa'],
  ])('when a person writes "%s", then the bot answers with "%s"', async (line, fragment) => {
    expect(all(await t.send(newPhone(), line))).toContain(fragment);
  });

  test.each([
    ['assalamualaikum', 'Waalaikumsalam'],
    ['pagi min', 'selamat datang'],
    ['halo kak', 'selamat datang'],
    ['Selamat siang', 'selamat datang'],
  ])('when a person greets with "%s", then the bot greets back and shows the menu', async (line, fragment) => {
    const replies = await t.send(newPhone(), line);
    expect(all(replies)).toContain(fragment);
    expect(all(replies)).toContain('*1.* Persyaratan');
  });

  test.each(['admin', 'cs', 'petugas', 'bicara dengan petugas'])('when a person writes "%s", then the chat is handed to staff', async (line) => {
    expect(all(await t.send(newPhone(), line))).toContain('kami teruskan ke petugas');
  });

  test('when a person picks a menu number, then that item answers', async () => {
    const phone = newPhone();
    await t.send(phone, 'halo');
    const replies = await t.send(phone, '1');
    expect(all(replies)).toContain('Berdomisili di Banjarmasin');
  });

  test('when the person types "menu" or "0" inside a flow, then the main menu returns and the flow ends', async () => {
    const phone = newPhone();
    await t.send(phone, 'cek status');
    expect(all(await t.send(phone, 'menu'))).toContain('*1.* Persyaratan');
    // The NIK question no longer applies: a number is a menu choice again.
    expect(all(await t.send(phone, '1'))).toContain('Persyaratan');
    await t.send(phone, 'pengaduan');
    expect(all(await t.send(phone, '0'))).toContain('*1.* Persyaratan');
  });

  test('when the person types "batal" inside a flow, then it is cancelled', async () => {
    const phone = newPhone();
    await t.send(phone, 'pengaduan');
    expect(all(await t.send(phone, 'batal'))).toContain('dibatalkan');
    expect(all(await t.send(phone, 'batal'))).toContain('Tidak ada proses yang sedang berjalan');
  });
});

describe('when the bot does not understand', () => {
  test('then it replies helpfully with the options, and after three misses offers a human', async () => {
    const phone = newPhone();
    const first = await t.send(phone, 'blablabla qwerty');
    expect(all(first)).toContain('belum memahami');
    expect(all(first)).toContain('*1.* Persyaratan');
    await t.send(phone, 'xyz xyz');
    const third = await t.send(phone, 'hmmmm ???');
    expect(all(third)).toContain('dihubungkan dengan petugas');
    expect(all(await t.send(phone, 'ya'))).toContain('kami teruskan ke petugas');
  });

  test('then declining the offer shows the menu again', async () => {
    const phone = newPhone();
    for (const line of ['qqq', 'www', 'eee']) await t.send(phone, line);
    expect(all(await t.send(phone, 'tidak'))).toContain('*1.* Persyaratan');
  });
});

describe('media and message kinds', () => {
  test.each(['image', 'voice', 'sticker', 'location', 'document'])('when a %s arrives outside a step that takes attachments, then the bot asks for text', async (type) => {
    expect(all(await t.send(newPhone(), '', { type }))).toContain('hanya dapat membaca pesan *teks*');
  });

  test('when a group message arrives, then the engine ignores it', async () => {
    const result = await t.service.engine.receive({ channel: 'simulator', messageId: 'group-1', chatId: '120363000000000000', phone: null, chatKind: 'group', text: 'syarat', receivedAt: t.clock.now() });
    expect(result.status).toBe('ignored');
  });

  test('when the simulator gets a bad body, then it answers 400 with the reason', async () => {
    const res = await t.api('POST', '/simulator/messages', { from: 'abc', text: 'halo' }, null);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/from/);
    const empty = await t.api('POST', '/simulator/messages', { from: '6281234567890', text: '' }, null);
    expect(empty.status).toBe(400);
  });
});

describe('dedupe and ordering', () => {
  test('when the same message id is delivered twice, then only one reply is sent', async () => {
    const phone = newPhone();
    const first = await t.send(phone, 'syarat', { id: 'wamid-dup-1' });
    const second = await t.send(phone, 'syarat', { id: 'wamid-dup-1' });
    expect(first.length).toBeGreaterThan(0);
    expect(second).toEqual([]);
    const out = (await t.transcript(phone)).filter((m) => m.direction === 'out');
    expect(out).toHaveLength(first.length);
  });

  test('when two messages of one chat arrive at once, then they are answered in arrival order', async () => {
    const phone = newPhone();
    const [a, b] = await Promise.all([t.send(phone, 'syarat', { id: 'order-a' }), t.send(phone, 'biaya', { id: 'order-b' })]);
    expect(all(a)).toContain('Persyaratan');
    expect(all(b)).toContain('Tidak dipungut biaya');
    const out = (await t.transcript(phone)).filter((m) => m.direction === 'out').map((m) => m.text);
    expect(out.findIndex((x) => x.includes('Persyaratan'))).toBeLessThan(out.findIndex((x) => x.includes('Tidak dipungut biaya')));
  });
});

describe('session lifetime', () => {
  test('when a person comes back after more than 30 minutes, then the session restarts at the menu and says so', async () => {
    const phone = newPhone();
    await t.send(phone, 'cek status');
    t.clock.advanceMinutes(31);
    const replies = await t.send(phone, 'hai');
    expect(all(replies)).toContain('Sesi percakapan sebelumnya sudah berakhir');
    expect(all(replies)).toContain('*1.* Persyaratan');
  });

  test('when a half-written complaint times out, then the person is told it was not sent', async () => {
    const phone = newPhone();
    await t.send(phone, 'pengaduan');
    await t.send(phone, '1');
    await t.send(phone, 'Antrean di loket sangat lama');
    t.clock.advanceMinutes(45);
    const replies = await t.send(phone, 'halo');
    expect(all(replies)).toContain('*belum terkirim*');
  });

  test('when a session was saved by an older version of a flow, then it is dropped and the person is told', async () => {
    const phone = newPhone();
    await t.send(phone, 'cek status');
    await t.service.db.connection.collection('sessions').updateOne({ _id: chatKeyHash(t.service.modules.cipher, `simulator:${phone}`) as never }, { $set: { 'flow.version': 0 } });
    t.service.engine.forgetCachedState(); // the old version's session is read by a new process, which starts with nothing cached
    const replies = await t.send(phone, '3204110609970001');
    expect(all(replies)).toContain('layanan kami baru saja diperbarui');
  });
});
