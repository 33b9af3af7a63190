/**
 * The hot path's cost and the caches that cut it, checked at the outermost layers: the commands
 * the database receives per steady-state message, what the channel sent and what the database
 * holds when a handoff starts behind a cached "the bot owns this chat", when a ticket asks its
 * complainant something behind a cached "nothing pending", when an older message is
 * redelivered, and when a session write lands but its answer is lost; and the chat history staff
 * read, whose bot replies are the outbox entries themselves (no history row of their own).
 */
import type { Collection } from 'mongodb';
import { useServiceWithCommandLog } from '../support/command-log';
import type { TestService } from '../support/service';
import { chatKeyHash } from '../../src/applications/sealing';
import type { MessageLog } from '../../src/conversation/message-log';
import type { OutboxEntry } from '../../src/conversation/outbox';

/**
 * Database commands for one plain message in a chat the bot owns, its session cached: the dedupe
 * record, the outbox entry, the session write, the sent mark (9 before the caches, 6 before the
 * follow-up cache and the outbox entry as history row).
 */
const COMMANDS_PER_PLAIN_MESSAGE = 4;

let t: TestService;
let commands: string[];
useServiceWithCommandLog((started) => ({ t, commands } = started));

const outbound = async (from: string) => (await t.transcript(from)).filter((m) => m.direction === 'out').map((m) => m.text);
const engine = () => t.service.engine;
const sessionsCollection = () => t.service.db.connection.collection('sessions');
const inbound = (from: string, id: string, text: string, fromMe = false) => ({
  channel: 'simulator' as const, messageId: id, chatId: from, phone: `+${from}`, text, fromMe, receivedAt: t.clock.now(),
});

test('when a chat in steady state sends plain questions, then each costs at most the budgeted database commands', async () => {
  const from = '6281300011122';
  await t.send(from, 'halo', { id: 'rt-warm-1' });
  await t.send(from, 'jam buka kantor', { id: 'rt-warm-2' });
  for (const [i, text] of ['syarat daftar kis apa aja', 'berapa biayanya', 'alur pendaftaran'].entries()) {
    commands.length = 0;
    const replies = await t.send(from, text, { id: `rt-${i}` });
    await engine().settle(`simulator:${from}`);
    expect(replies.length).toBeGreaterThan(0);
    if (process.env.PRINT_COMMANDS) console.log(text, commands);
    // Each cut named, so undoing one says which.
    expect(commands.filter((c) => c === 'find sessions')).toEqual([]);
    expect(commands.filter((c) => c === 'find handoffs')).toEqual([]);
    expect(commands.filter((c) => c === 'update messages')).toEqual([]);
    expect(commands.filter((c) => c === 'find tickets')).toEqual([]);
    // The one history row is the person's message (the dedupe record); the reply's is the outbox entry.
    expect(commands.filter((c) => c === 'insert messages')).toHaveLength(1);
    expect(commands.length).toBeLessThanOrEqual(COMMANDS_PER_PLAIN_MESSAGE);
  }
});

const numberIn = (texts: string[]) => /ADU-[A-Z]{2,5}-\d{4}-\d{4,}/.exec(texts.join('\n'))?.[0];

test('when a ticket asks its complainant something after their chat was known to have nothing pending, then their next message answers the ticket', async () => {
  const from = '6281300011127';
  for (const text of ['5', '1', 'Saya sudah antre dari pagi di loket tetapi tidak dipanggil.', 'selesai', 'Siti Rahmawati', 'lewati', '2']) await t.send(from, text);
  const number = numberIn(await t.send(from, '1'));
  expect(number).toBeDefined();
  // Outside any flow, twice: the second answers "nothing pending" from the cache, without a query.
  await t.send(from, 'jam buka kantor');
  commands.length = 0;
  await t.send(from, 'jam buka kantor');
  expect(commands.filter((c) => c === 'find tickets')).toEqual([]);

  const paused = await t.api('POST', `/api/v1/tickets/${number}/transitions`, { to: 'menunggu_pelapor', note: 'Mohon kirim nomor antrean Ibu pada hari itu.' });
  expect(paused.status).toBe(200);
  const reply = (await t.send(from, 'Nomor antrean saya A-27.')).join('\n');
  expect(reply).toContain(`keterangan Bapak/Ibu untuk pengaduan *${number}* sudah kami terima`);
  const { body } = await t.api('GET', `/api/v1/tickets/${number}`);
  expect(body.ticket.stage).not.toBe('menunggu_pelapor');
  expect(body.ticket.complainantReplies).toEqual([expect.objectContaining({ text: expect.stringContaining('A-27') })]);
});

test('when the bot and staff answer a chat, then staff read every message in the order the chat saw it, the replies read from the outbox entries themselves', async () => {
  const from = '6281300011128';
  const key = `simulator:${from}`;
  // All in one instant (the test clock stands still): the order comes from the order of writing.
  for (const [i, text] of ['halo', 'jam buka kantor', 'syarat daftar kis apa aja', 'petugas'].entries()) await t.send(from, text, { id: `hi-${i}` });
  expect((await t.api('POST', `/api/v1/handoffs/${encodeURIComponent(key)}/claim`, {})).status).toBe(200);
  expect((await t.api('POST', `/api/v1/handoffs/${encodeURIComponent(key)}/reply`, { text: 'Selamat siang, saya bantu.' })).status).toBe(202);
  await t.send(from, 'terima kasih', { id: 'hi-4' });
  await engine().settle(key);

  const seen = (await t.transcript(from)).map((m) => [m.direction, m.text]);
  expect(seen.filter(([d]) => d === 'out').length).toBeGreaterThan(4);
  const detail = await t.api('GET', `/api/v1/handoffs/${encodeURIComponent(key)}`);
  expect(detail.status).toBe(200);
  expect(detail.body.messages.map((m: { direction: string; text: string }) => [m.direction, m.text])).toEqual(seen);
  expect(detail.body.messages.find((m: { text: string }) => m.text === 'Selamat siang, saya bantu.')).toMatchObject({ author: 'staff' });

  // At rest: the history collection holds the person's messages only; every reply is a sent outbox entry.
  const db = t.service.db.connection;
  const stored = chatKeyHash(t.service.modules.cipher, key);
  expect(await db.collection('messages').countDocuments({ chatKey: stored, direction: 'out' })).toBe(0);
  expect(await db.collection('messages').countDocuments({ chatKey: stored, direction: 'in' })).toBe(5);
  const entries = await db.collection<OutboxEntry>('outbox').find({ chatKey: stored }).toArray();
  expect(entries.length).toBe(seen.filter(([d]) => d === 'out').length);
  expect(entries.every((e) => e.status === 'sent' && e.inHistory === true)).toBe(true);
});

test('when an entry written before entries were their own history is sent, then it is in the history once, from the message log', async () => {
  const from = '6281300011129';
  const { outbox } = t.service;
  // Written by the previous version: no inHistory flag (a chat this process has not drained, so it waits in the database).
  const chat = { channel: 'simulator' as const, chatId: from };
  const oldKey = `simulator:${chat.chatId}`;
  await outbox.enqueue([{ chat, text: 'Pengingat lama dari versi sebelumnya.', source: 'notification' }]);
  const db = t.service.db.connection;
  const stored = chatKeyHash(t.service.modules.cipher, oldKey);
  expect((await db.collection('outbox').updateMany({ chatKey: stored }, { $unset: { inHistory: 1 } })).modifiedCount).toBe(1);
  await outbox.drain(oldKey);
  expect((await outbox.model.findOne({ chatKey: stored }).lean())?.status).toBe('sent');
  const { messageLog } = (engine() as unknown as { deps: { messageLog: MessageLog } }).deps;
  const history = await messageLog.history(oldKey);
  expect(history.map((m) => [m.direction, m.text])).toEqual([['out', 'Pengingat lama dari versi sebelumnya.']]);
  expect(await db.collection('messages').countDocuments({ chatKey: stored, direction: 'out' })).toBe(1);
});

test('when the office phone takes a chat the bot was known to own, then the bot falls silent at once', async () => {
  const from = '6281300011123';
  expect((await t.send(from, 'syarat', { id: 'op-1' })).length).toBeGreaterThan(0);
  expect((await t.send(from, 'biaya', { id: 'op-2' })).length).toBeGreaterThan(0);
  const before = (await outbound(from)).length;
  expect((await engine().receive(inbound(from, 'op-3', 'Baik Bu, saya bantu', true))).status).toBe('recorded');
  await t.send(from, 'jadwal', { id: 'op-4' });
  await engine().settle(`simulator:${from}`);
  expect(await outbound(from)).toHaveLength(before);
  // Staff hand it back: the bot answers again.
  expect((await t.api('POST', `/api/v1/handoffs/${encodeURIComponent(`simulator:${from}`)}/close`, {})).status).toBeLessThan(300);
  const after = (await outbound(from)).length;
  expect((await t.send(from, 'jadwal', { id: 'op-5' })).length).toBeGreaterThan(0);
  expect((await outbound(from)).length).toBeGreaterThan(after);
});

test('when an older message is redelivered after later ones were answered, then nothing is sent and the stored session is unchanged', async () => {
  const from = '6281300011124';
  await t.send(from, 'pengaduan', { id: 'rd-1' });
  await t.send(from, '1', { id: 'rd-2' });
  await t.send(from, 'Antrean di loket sangat lama sekali', { id: 'rd-3' });
  const stored = await sessionsCollection().findOne({ _id: chatKeyHash(t.service.modules.cipher, `simulator:${from}`) as never });
  expect(stored).not.toBeNull();
  const sent = await outbound(from);
  expect(await t.send(from, 'pengaduan', { id: 'rd-1' })).toEqual([]);
  expect(await t.send(from, '1', { id: 'rd-2' })).toEqual([]);
  await engine().settle(`simulator:${from}`);
  expect(await outbound(from)).toEqual(sent);
  expect(await sessionsCollection().findOne({ _id: chatKeyHash(t.service.modules.cipher, `simulator:${from}`) as never })).toEqual(stored);
  // And after a restart (nothing cached) too.
  engine().forgetCachedState();
  expect(await t.send(from, 'pengaduan', { id: 'rd-1' })).toEqual([]);
  expect(await sessionsCollection().findOne({ _id: chatKeyHash(t.service.modules.cipher, `simulator:${from}`) as never })).toEqual(stored);
});

/** Every per-chat and per-NIK counter the eligibility check keeps: a step that runs twice counts twice. */
async function checkCounters(): Promise<number> {
  let total = 0;
  for (const name of ['check_failures', 'check_nik_counters']) {
    for (const doc of await t.service.db.connection.collection(name).find({}).toArray()) total += Number(doc.count ?? 0);
  }
  return total;
}

const UNKNOWN_NIK = '6371014506890003';

test('when a session write lands but its answer is lost, then the retried step sees the saved session and does not run again', async () => {
  // The same check in a chat without the fault: what one run of the step counts.
  const control = '6281300011126';
  await t.send(control, 'cek status', { id: 'lc-1' });
  const beforeControl = await checkCounters();
  await t.send(control, UNKNOWN_NIK, { id: 'lc-2' });
  const once = (await checkCounters()) - beforeControl;
  expect(once).toBeGreaterThan(0);

  const from = '6281300011125';
  await t.send(from, 'cek status', { id: 'lw-1' });
  const store = (engine() as unknown as { deps: { sessions: { sessions: Collection } } }).deps.sessions;
  const original = store.sessions.updateOne.bind(store.sessions);
  let lost = false;
  store.sessions.updateOne = (async (...args: Parameters<Collection['updateOne']>) => {
    const result = await original(...args);
    if (!lost) {
      lost = true;
      const err = new Error('connection 9 to 127.0.0.1:27017 closed');
      err.name = 'MongoNetworkError';
      throw err;
    }
    return result;
  }) as Collection['updateOne'];
  const before = await checkCounters();
  let replies: string[];
  try {
    commands.length = 0;
    replies = await t.send(from, UNKNOWN_NIK, { id: 'lw-2' });
  } finally {
    store.sessions.updateOne = original as Collection['updateOne'];
  }
  expect(lost).toBe(true);
  expect(replies.length).toBeGreaterThan(0);
  // The step ran once: its replies were written once (a second run would try again and hit the
  // outbox's key), its session once, its counters once.
  expect(commands.filter((c) => c === 'insert outbox')).toHaveLength(1);
  expect(commands.filter((c) => c === 'update sessions')).toHaveLength(1);
  expect((await checkCounters()) - before).toBe(once);
});
