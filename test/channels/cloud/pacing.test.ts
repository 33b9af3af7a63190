/**
 * The sender paces itself to Meta's limits before Meta refuses anything: the business number's
 * throughput (130429) and the pair rate to one person (131056), both set through the
 * environment (WHATSAPP_CLOUD_MAX_PER_SECOND, WHATSAPP_CLOUD_PAIR_INTERVAL_SECONDS,
 * WHATSAPP_CLOUD_PAIR_BURST); messages received count in the throughput, as Meta counts them. Asserted at the fake Graph API, which answers every send 200:
 * what waits, waits here. Time is the test's clock; nothing sleeps.
 */
import { chatKeyHash } from '../../../src/applications/sealing';
import type { OutboxSource } from '../../../src/channels/port';
import { inbound, startCloudService, text, type CloudTestService } from './support/cloud-service';

let t: CloudTestService;
beforeAll(async () => {
  t = await startCloudService({ env: { WHATSAPP_CLOUD_MAX_PER_SECOND: '2', WHATSAPP_CLOUD_PAIR_INTERVAL_SECONDS: '10', WHATSAPP_CLOUD_PAIR_BURST: '2' } });
}, 120_000);
afterAll(async () => {
  await t?.close();
});

let n = 0;
const newUser = () => `62812444${String(++n).padStart(4, '0')}`;
const to = (user: string) => t.graph.sends().filter((r) => r.body.to === user);
const outbox = () => t.service.db.connection.collection('outbox');
const statusOf = async (user: string) => (await outbox().find({ chatKey: chatKeyHash(t.service.modules.cipher, `whatsapp:${user}`) }).sort({ _id: 1 }).toArray()).map((e) => e.status);

async function enqueue(user: string, texts: string[], source: OutboxSource) {
  await t.service.outbox.enqueue(texts.map((x) => ({ chat: { channel: 'whatsapp' as const, chatId: user }, text: x, source })));
  await t.service.outbox.drain(`whatsapp:${user}`);
}
async function sweep() {
  await t.service.outbox.sweep();
  await t.service.outbox.idle();
}

it('the number sends at most its configured messages a second; the rest wait their turn here, none refused or lost', async () => {
  const users = [newUser(), newUser(), newUser(), newUser(), newUser()];
  const before = t.graph.sends().length;
  for (const user of users) await enqueue(user, ['Status pengusulan Bapak/Ibu berubah.'], 'notification');
  await t.service.outbox.idle();
  const sent = () => t.graph.sends().length - before;
  expect(sent()).toBe(2); // one second's worth at once
  const waiting = users.filter((u) => to(u).length === 0);
  expect(waiting).toHaveLength(3);
  for (const user of waiting) {
    const [entry] = await outbox().find({ chatKey: chatKeyHash(t.service.modules.cipher, `whatsapp:${user}`) }).toArray();
    expect(entry).toMatchObject({ status: 'pending', attempts: 0 });
    expect(entry.error).toContain('batas kiriman per detik');
  }
  t.clock.advance(499);
  await sweep();
  expect(sent()).toBe(2);
  t.clock.advance(1); // half a second: one more
  await sweep();
  expect(sent()).toBe(3);
  t.clock.advance(1_000);
  await sweep();
  expect(sent()).toBe(5);
  for (const user of users) {
    expect(to(user)).toHaveLength(1);
    expect(await statusOf(user)).toEqual(['sent']);
  }
});

it('one person gets the configured burst, then one message per configured interval', async () => {
  const user = newUser();
  await t.webhook(inbound(text('halo'), { from: user, at: t.clock.now() }));
  await t.settle(user);
  // The bot's answer goes out (paced too), then is paid back.
  for (let i = 0; i < 20 && (await t.service.outbox.pendingCount()) > 0; i++) {
    t.clock.advance(10_000);
    await sweep();
  }
  t.clock.advance(60_000);
  const before = to(user).length;
  await enqueue(user, ['1', '2', '3', '4'], 'staff');
  await t.service.outbox.idle();
  const texts = () => to(user).slice(before).map((r) => r.body.text.body);
  expect(texts()).toEqual(['1', '2']);
  t.clock.advance(6_000); // Meta's default interval, not the one configured
  await sweep();
  expect(texts()).toEqual(['1', '2']);
  t.clock.advance(4_000);
  await sweep();
  expect(texts()).toEqual(['1', '2', '3']);
  t.clock.advance(10_000);
  await sweep();
  expect(texts()).toEqual(['1', '2', '3', '4']);
  expect(await statusOf(user)).not.toContain('failed');
});

it('messages received count in the number\'s throughput: the replies to a burst of them wait their turn', async () => {
  t.clock.advance(60_000); // the number's second is unused
  const users = [newUser(), newUser()];
  const before = t.graph.sends().length;
  // One webhook, two people writing in the same instant: both of the second's places are theirs.
  const body = inbound(text('halo'), { from: users[0], at: t.clock.now() });
  // The webhook fixture's value is typed loosely; both carry a message and a contact.
  type Messages = { messages: unknown[]; contacts: unknown[] };
  const second = inbound(text('halo'), { from: users[1], at: t.clock.now() }).entry[0].changes[0].value as unknown as Messages;
  const value = body.entry[0].changes[0].value as unknown as Messages;
  value.messages.push(...second.messages);
  value.contacts.push(...second.contacts);
  await t.webhook(body);
  for (const user of users) await t.settle(user);
  const sent = () => t.graph.sends().length - before;
  expect(sent()).toBe(0);
  t.clock.advance(500);
  await sweep();
  expect(sent()).toBe(1);
  t.clock.advance(500);
  await sweep();
  expect(sent()).toBe(2);
  t.clock.advance(30_000);
  await sweep();
  for (const user of users) {
    expect(to(user).length).toBeGreaterThan(0);
    expect(await statusOf(user)).not.toContain('pending');
  }
});
