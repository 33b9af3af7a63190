/**
 * Who owns a chat is remembered between messages whatever the answer (bot, waiting, person) and
 * forgotten at every change of its handoff; a request for a person counts its place from the
 * record it wrote. Checked at the outermost layers: the commands the database receives and what
 * the channel sent.
 */
import { useServiceWithCommandLog } from '../support/command-log';
import type { TestService } from '../support/service';

let t: TestService;
let commands: string[];
useServiceWithCommandLog((started) => ({ t, commands } = started));

const outbound = async (from: string) => (await t.transcript(from)).filter((m) => m.direction === 'out').map((m) => m.text);
const handoffReads = () => commands.filter((c) => c === 'find handoffs' || c === 'aggregate handoffs');

test('when a chat waits for staff, then its later messages do not ask who owns it, and a claim and a close are heeded at once', async () => {
  const from = '6281300044401';
  const key = encodeURIComponent(`simulator:${from}`);
  await t.send(from, 'halo');
  await t.send(from, 'saya mau bicara dengan petugas');
  await t.send(from, 'baik pak saya tunggu');
  commands.length = 0;
  expect((await t.send(from, 'terima kasih')).length).toBeGreaterThan(0);
  expect(handoffReads()).toEqual([]);

  // A person takes the chat: the bot falls silent from the next message, which alone reads the owner.
  expect((await t.api('POST', `/api/v1/handoffs/${key}/claim`, {})).status).toBe(200);
  const before = (await outbound(from)).length;
  commands.length = 0;
  expect(await t.send(from, 'halo pak')).toEqual([]);
  expect(await t.send(from, 'jadi bagaimana pak?')).toEqual([]);
  expect(handoffReads()).toEqual(['find handoffs']);
  expect(await outbound(from)).toHaveLength(before);

  // Handed back: the bot answers again at once.
  expect((await t.api('POST', `/api/v1/handoffs/${key}/close`, {})).status).toBeLessThan(300);
  expect((await t.send(from, 'jadwal')).join('\n')).toContain('*Jadwal layanan*');
});

test('when a person asks for staff, then the request is counted from the record it wrote, not read back', async () => {
  const from = '6281300044402';
  await t.send(from, 'halo');
  commands.length = 0;
  expect((await t.send(from, 'saya mau bicara dengan petugas')).join('\n')).toContain('petugas');
  // Whether one is open, the place in the queue, the recent waits: nothing more.
  expect(handoffReads()).toEqual(['find handoffs', 'aggregate handoffs', 'find handoffs']);
  expect(commands.filter((c) => c === 'insert handoffs')).toHaveLength(1);
});
