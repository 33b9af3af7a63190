/**
 * While the channel is down (WhatsApp unlinked) messages wait instead of failing; a message
 * whose time has passed (a reminder for a visit already begun) is dropped with a reason, not
 * sent late. Counted at the channel.
 */
import { ChannelUnavailableError, type Channel, type OutboundMessage } from '../../src/channels/port';
import type { OutboxEntry } from '../../src/conversation/outbox';
import { startTestService, type TestService } from '../support/service';

let t: TestService;
const sent: OutboundMessage[] = [];
let linked = false;
const whatsapp: Channel = {
  name: 'whatsapp',
  async send(message) {
    if (!linked) throw new ChannelUnavailableError('WhatsApp kantor sedang tidak tersambung');
    sent.push(message);
  },
};

beforeAll(async () => {
  t = await startTestService();
  t.service.channels.register(whatsapp);
});
afterAll(async () => {
  await t.close();
});

const chat = { channel: 'whatsapp' as const, chatId: '6281234500001@c.us' };
/** The outbox entry with this text (texts are sealed at rest: each is opened to compare). */
const stored = async (text: string) => (await t.service.outbox.model.find().lean<OutboxEntry[]>()).find((e) => t.service.modules.cipher.decrypt(e.text) === text)!;

test('when WhatsApp is unlinked for 30 minutes, then a queued reply waits without spending its attempts and goes once on relinking', async () => {
  await t.service.outbox.enqueue([{ chat, text: 'Pengingat: bawa KTP.', source: 'notification' }]);
  for (let minute = 0; minute < 30; minute++) {
    t.clock.advanceMinutes(1);
    await t.service.outbox.sweep();
  }
  const waiting = await stored('Pengingat: bawa KTP.');
  expect(waiting.status).toBe('pending');
  expect(waiting.attempts).toBe(0);
  linked = true;
  t.clock.advanceMinutes(1);
  await t.service.outbox.sweep();
  await t.service.outbox.idle();
  expect(sent.filter((m) => m.text === 'Pengingat: bawa KTP.')).toHaveLength(1);
  expect((await stored('Pengingat: bawa KTP.')).status).toBe('sent');
  linked = false;
});

test('when a message expires before the channel returns, then it is dropped with a reason and never sent late', async () => {
  const expiresAt = new Date(t.clock.now().getTime() + 10 * 60_000);
  await t.service.outbox.enqueue([{ chat, text: 'Besok petugas berkunjung.', source: 'reminder', expiresAt }]);
  t.clock.advanceMinutes(15);
  linked = true;
  await t.service.outbox.sweep();
  await t.service.outbox.idle();
  expect(sent.filter((m) => m.text === 'Besok petugas berkunjung.')).toEqual([]);
  const dropped = await stored('Besok petugas berkunjung.');
  expect(dropped.status).toBe('expired');
  expect(dropped.error).toMatch(/time has passed/);
});
