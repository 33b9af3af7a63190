/**
 * Outbox.failedSince: the messages the outbox finally gave up on since a date, in clear, newest
 * failure first, read through an index MongoDB would use (the command the outbox actually sent
 * is explained, as in test/db/query-shapes.test.ts).
 */
import { MongoClient, type Document } from 'mongodb';
import { ChannelSendError, type Channel } from '../../src/channels/port';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { startTestService, type TestService } from '../support/service';

let mongo: EmbeddedMongo;
let t: TestService;
let client: MongoClient;
const finds: { db: string; body: Document }[] = [];

/** Refuses for good any text that says GAGAL; sends the rest. */
const whatsapp: Channel = {
  name: 'whatsapp',
  async send(message) {
    if (message.text.includes('GAGAL')) throw new ChannelSendError('nomor tidak terdaftar di WhatsApp', { permanent: true });
    return { providerMessageId: `wamid.${message.id}` };
  },
};

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  t = await startTestService({ mongo });
  t.service.channels.register(whatsapp);
  client = await MongoClient.connect(mongo.uri);
  mongo.observeCommands((db, body) => {
    if (body.find === 'outbox' && JSON.stringify(body.filter ?? {}).includes('failedAt')) finds.push({ db, body });
  });
});
afterAll(async () => {
  mongo?.observeCommands(null);
  await client?.close();
  await t?.close();
  await mongo?.stop();
});

const chat = (n: number) => ({ channel: 'whatsapp' as const, chatId: `62812345000${n}@c.us` });

async function sendNow(n: number, text: string): Promise<void> {
  const { outbox } = t.service;
  await outbox.enqueue([{ chat: chat(n), text, source: 'notification' }]);
  await outbox.drain(`whatsapp:${chat(n).chatId}`);
}

test('when messages finally fail over the day, then failedSince lists those since the date, in clear, newest first, through an index', async () => {
  const { outbox } = t.service;
  await sendNow(1, 'Pesan lama GAGAL');
  t.clock.advanceMinutes(60);
  const since = t.clock.now();
  await sendNow(2, 'Pengingat pertama GAGAL');
  await sendNow(3, 'Terkirim dengan baik');
  t.clock.advanceMinutes(60);
  await sendNow(4, 'Pengingat kedua GAGAL');
  // Accepted, then reported undeliverable by the provider: failed too, at the report.
  await sendNow(5, 'Diterima lalu ditolak');
  const accepted = await outbox.model.findOne({ status: 'sent', providerMessageId: { $exists: true } }).sort({ _id: -1 }).lean();
  t.clock.advanceMinutes(1);
  expect(await outbox.recordDelivery({
    channel: 'whatsapp', providerMessageId: accepted!.providerMessageId!, status: 'failed', at: t.clock.now(), error: { code: '131026', reason: 'undeliverable' },
  })).toBe(true);

  const failed = await outbox.failedSince(since, 10);
  expect(failed.map((e) => e.text)).toEqual(['Diterima lalu ditolak', 'Pengingat kedua GAGAL', 'Pengingat pertama GAGAL']);
  expect(failed.map((e) => e.chatKey)).toEqual([`whatsapp:${chat(5).chatId}`, `whatsapp:${chat(4).chatId}`, `whatsapp:${chat(2).chatId}`]);
  expect(failed.every((e) => e.status === 'failed' && e.error)).toBe(true);
  expect((await outbox.failedSince(since, 1)).map((e) => e.text)).toEqual(['Diterima lalu ditolak']);

  // The query as sent, explained by the database.
  expect(finds.length).toBeGreaterThan(0);
  for (const { db, body } of finds) {
    const command = Object.fromEntries(Object.entries(body).filter(([k]) => !k.startsWith('$') && k !== 'lsid'));
    const explained = await client.db(db).command({ explain: command, verbosity: 'queryPlanner' });
    const plan = JSON.stringify(explained.queryPlanner.winningPlan);
    // Served in order by the failed entries' index: no collection scan, no sort in memory.
    expect(plan).not.toContain('COLLSCAN');
    expect(plan).not.toContain('"SORT"');
    expect(explained.queryPlanner.winningPlan.inputStage?.indexName).toBe('status_1_failedAt_-1');
  }
});
