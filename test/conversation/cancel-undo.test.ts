/**
 * "batal" in the middle of a complaint told at length: cancelled, but the very next message can
 * take it back ("lanjut", "loh kok batal, pengaduan saya tadi mana"), with every line kept; any
 * other next message lets it go. And a ticket asked for from a number that never sent one is
 * told so, rather than only asked for a number it never got. Asserted on what the channel sent.
 */
import { startTestService, type TestService } from '../support/service';

let t: TestService;
let n = 0;
const phone = () => `6281355${String(++n).padStart(6, '0')}`;
const STORY = 'mau lapor petugas loket membentak saya kemarin siang waktu antri';

beforeAll(async () => {
  t = await startTestService({ agency: 'kutai-kartanegara', now: '2026-11-23T02:00:00Z' });
});
afterAll(async () => {
  await t.close();
});

const send = async (from: string, line: string) => (await t.send(from, line)).join('\n---\n');

test.each(['lanjut', 'loh kok batal, pengaduan saya tadi mana'])('when a complaint is cancelled and the next message is "%s", then it comes back with its text, and files as told', async (takeBack) => {
  const from = phone();
  await send(from, STORY);
  await send(from, 'dia juga tidak mau melayani');
  expect(await send(from, 'batal')).toContain('balas *lanjut* sekarang');
  expect(await send(from, takeBack)).toContain('kita lanjutkan pengaduan');
  for (const line of ['selesai', 'lewati', 'lewati']) await send(from, line);
  const summary = await send(from, '2');
  expect(summary).toContain(STORY);
  expect(summary).toContain('dia juga tidak mau melayani');
});

test('when a complaint is cancelled and the next message asks something else, then it is answered and the draft stays gone', async () => {
  const from = phone();
  await send(from, STORY);
  await send(from, 'batal');
  expect(await send(from, 'syaratnya apa')).toContain('Persyaratan');
  expect(await send(from, 'lanjut')).not.toContain('kita lanjutkan pengaduan');
});

test('when a ticket is asked for from a number that never sent a complaint, then the bot says none was sent from it', async () => {
  expect(await send(phone(), 'status aduan saya gimana')).toContain('Belum ada pengaduan yang terkirim dari nomor WhatsApp ini');
});

test.each(['batal, ke menu utama aja', 'udah, batalkan, balik ke menu'])('when a complaint is being written and "%s" arrives, then it is cancelled (and can be taken back), not kept as a draft, and the menu follows', async (line) => {
  const from = phone();
  await send(from, STORY);
  const reply = await send(from, line);
  expect(reply).toContain('balas *lanjut* sekarang');
  expect(reply).toMatch(/\*1\.\*/);
  // Kept as a draft, the next menu visit would offer it back; cancelled, it is gone after another message.
  await send(from, 'jam buka kantor');
  expect(await send(from, 'menu')).not.toContain('belum terkirim');
});

test('when someone thanks on the way back to the menu ("makasih, balik ke menu ya"), then the bot says "sama-sama" and shows the menu', async () => {
  const from = phone();
  await send(from, 'syaratnya apa');
  const reply = await send(from, 'makasih, balik ke menu ya');
  expect(reply).toContain('Sama-sama');
  expect(reply).toMatch(/\*1\.\*/);
});
