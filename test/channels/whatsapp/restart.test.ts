// Nothing is lost across a disconnection or a restart: the real outbox (embedded database)
// keeps what could not be sent and the transport sends it, in order and once, when the link
// is back, even from a new process; a message that can never be sent is surfaced to staff;
// and inbound messages read back after a reconnect are recorded once (the engine's dedupe).
import crypto from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import pino from 'pino';
import { createPiiCipher } from '../../../src/applications/pii-crypto';
import { ChannelRegistry } from '../../../src/channels/port';
import { inboundMessageSchema, chatKey, type InboundMessageInput } from '../../../src/conversation/inbound';
import { MessageLog } from '../../../src/conversation/message-log';
import { Outbox, type OutboxEntry } from '../../../src/conversation/outbox';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../../src/db/embedded';
import { FakeChat, waMessage } from './support/fake-client';
import { settle } from './support/fake-timers';
import { startHarness, type Harness } from './support/harness';

const PERSON = '6281234567890@c.us';
/** Texts are sealed at rest: the test opens what the database holds with the same key. */
const cipher = createPiiCipher('b'.repeat(64));
const chat = { channel: 'whatsapp' as const, chatId: PERSON };

let mongo: EmbeddedMongo;
let connection: Connection;
const harnesses: Harness[] = [];

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
});
afterAll(async () => {
  await mongo?.stop();
});
beforeEach(async () => {
  connection = await mongoose.createConnection(`${mongo.uri}wa_restart_${crypto.randomUUID().slice(0, 8)}`).asPromise();
});
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
  await connection.close();
});

async function transportWithOutbox(options: Parameters<typeof startHarness>[0] = {}) {
  const h = await startHarness({ random: () => 0, ...options });
  harnesses.push(h);
  const channels = new ChannelRegistry();
  channels.register(h.transport);
  const messageLog = new MessageLog(connection, cipher);
  const outbox = new Outbox(connection, { channels, messageLog, clock: { now: () => new Date(h.timers.now()) }, logger: pino({ level: 'silent' }), cipher });
  return { h, outbox, messageLog };
}

/** What the outbox poller does every second, on fake time (a sweep waits on that time itself). */
async function sweepUntil(h: Harness, outbox: Outbox, done: () => Promise<boolean>): Promise<void> {
  let sweeping: Promise<void> | null = null;
  await h.timers.advanceUntil(async () => {
    sweeping ??= outbox.sweep().finally(() => (sweeping = null));
    return done();
  }, 1000);
  await sweeping;
}

const statuses = async (outbox: Outbox) => (await outbox.model.find().sort({ _id: 1 }).lean<OutboxEntry[]>()).map((e) => [cipher.decrypt(e.text), e.status, e.attempts]);

describe('WhatsApp transport with the real outbox', () => {
  it('when the link drops with replies pending, then they wait in the outbox and go out in order, once, on the next client', async () => {
    const { h, outbox } = await transportWithOutbox();
    const first = await h.ready();
    h.client.emit('disconnected', 'CONFLICT');
    await settle();
    await outbox.enqueue(['satu', 'dua', 'tiga'].map((text) => ({ chat, text, source: 'bot' as const })));
    await outbox.sweep();
    // Not linked is the channel's state, not a failed attempt: nothing is spent while it lasts.
    expect(await statuses(outbox)).toEqual([
      ['satu', 'pending', 0],
      ['dua', 'pending', 0],
      ['tiga', 'pending', 0],
    ]);
    await h.timers.advanceUntil(() => h.clients.length === 2);
    h.client.addChat(PERSON);
    await h.ready();
    await sweepUntil(h, outbox, async () => (await outbox.pendingCount()) === 0);
    expect(first.sent).toEqual([]);
    expect(h.client.sent.map((s) => s.content)).toEqual(['satu', 'dua', 'tiga']);
    expect(await statuses(outbox)).toEqual([
      ['satu', 'sent', 0],
      ['dua', 'sent', 0],
      ['tiga', 'sent', 0],
    ]);
  });

  it('when the process restarts with messages still pending, then the new process sends them once, in order', async () => {
    const before = await transportWithOutbox();
    await before.outbox.enqueue(['pesan 1', 'pesan 2'].map((text) => ({ chat, text, source: 'bot' as const })));
    await before.outbox.sweep(); // not linked yet: fails fast, nothing leaves
    await before.h.close();
    expect(before.h.clients.flatMap((c) => c.sent)).toEqual([]);

    const after = await transportWithOutbox({ configure: (c) => void c.addChat(PERSON) });
    await after.h.ready();
    await sweepUntil(after.h, after.outbox, async () => (await after.outbox.pendingCount()) === 0);
    expect(after.h.client.sent.map((s) => s.content)).toEqual(['pesan 1', 'pesan 2']);
    // The chat history staff read (the sent outbox entries are its outbound rows).
    expect((await after.messageLog.history(chatKey(chat))).filter((m) => m.direction === 'out').map((m) => m.text)).toEqual(['pesan 1', 'pesan 2']);
  });

  it('when the process dies after a reply left but before it was marked sent, then the next process finds it in the chat and does not send it again', async () => {
    const before = await transportWithOutbox();
    const first = await before.h.ready();
    const person = first.addChat(PERSON);
    first.sendAnswer = 'sent-hang'; // it goes, and the answer never comes back: the process dies waiting
    await before.outbox.enqueue([{ chat, text: 'Jadwal verifikasi: Senin.', source: 'bot' }]);
    void before.outbox.drain(chatKey(chat)).catch(() => undefined);
    await before.h.timers.advanceUntil(async () => first.sent.length === 1, 100);
    await before.h.close();
    expect(person.messages.map((m) => m.body)).toEqual(['Jadwal verifikasi: Senin.']);

    // The same WhatsApp account after the restart: its chat holds what the dead process sent.
    const after = await transportWithOutbox({ start: before.h.timers.now(), configure: (c) => void c.addChat(PERSON, 0, person.messages) });
    const second = await after.h.ready();
    await sweepUntil(after.h, after.outbox, async () => (await after.outbox.pendingCount()) === 0);
    expect((await statuses(after.outbox)).map(([text, status]) => [text, status])).toEqual([['Jadwal verifikasi: Senin.', 'sent']]);
    expect(second.sent).toEqual([]);
    expect(after.h.received.filter((m) => m.fromMe)).toEqual([]);
  });

  it('when the process dies while a reply was claimed but before it left, then the next process sends it, once', async () => {
    const before = await transportWithOutbox();
    const first = await before.h.ready();
    first.addChat(PERSON);
    first.sendMessage = () => new Promise(() => undefined); // the process dies before the page sends anything
    await before.outbox.enqueue([{ chat, text: 'Jadwal verifikasi: Senin.', source: 'bot' }]);
    void before.outbox.drain(chatKey(chat)).catch(() => undefined);
    await before.h.timers.advanceUntil(async () => (await before.outbox.model.countDocuments({ status: 'sending' })) === 1, 100);
    await before.h.close();

    const after = await transportWithOutbox({ start: before.h.timers.now(), configure: (c) => void c.addChat(PERSON) });
    const second = await after.h.ready();
    await sweepUntil(after.h, after.outbox, async () => (await after.outbox.pendingCount()) === 0);
    expect(second.sent.map((s) => s.content)).toEqual(['Jadwal verifikasi: Senin.']);
  });

  it('when sendMessage answers undefined, then the outbox retries with backoff and the message leaves exactly once', async () => {
    const { h, outbox } = await transportWithOutbox({ configure: (c) => void c.addChat(PERSON) });
    const client = await h.ready();
    let attempts = 0;
    const real = client.sendMessage.bind(client);
    client.sendMessage = async (...args) => (++attempts <= 2 ? undefined : real(...args));
    await outbox.enqueue([{ chat, text: 'Berkas Anda kami terima.', source: 'bot' }]);
    await sweepUntil(h, outbox, async () => (await outbox.pendingCount()) === 0);
    expect(await statuses(outbox)).toEqual([['Berkas Anda kami terima.', 'sent', 2]]);
    expect(attempts).toBe(3);
    expect(client.sent).toHaveLength(1);
    const delivered = await outbox.model.findOne().lean<OutboxEntry>();
    expect(delivered?.error).toBeNull();
  });

  it.each([
    ['fails after the send (a page error)', 'sent-throw'],
    ['never answers (past the send timeout)', 'sent-hang'],
    ['answers undefined and the chat cannot be read (only a later look can tell)', 'sent-undefined-unreadable'],
  ] as const)('when sendMessage %s, then the outbox marks the reply sent, the person has it once and no handoff is signalled', async (_case, fault) => {
    const { h, outbox } = await transportWithOutbox();
    const client = await h.ready();
    const person = client.addChat(PERSON);
    if (fault === 'sent-undefined-unreadable') {
      client.sendAnswer = 'sent-undefined';
      client.removeAllListeners('message_create'); // the echo is lost: only the chat can tell
      let reads = 0;
      // The first look fails (a page hiccup); the next one, after the outbox's wait, works.
      person.fetchMessages = async (options) => {
        if (reads++ === 0) throw new Error('Evaluation failed: TypeError');
        return FakeChat.prototype.fetchMessages.call(person, options);
      };
    } else client.sendAnswer = fault;
    await outbox.enqueue([{ chat, text: 'Berkas Anda kami terima.', source: 'bot' }]);
    await sweepUntil(h, outbox, async () => (await outbox.pendingCount()) === 0);
    expect((await statuses(outbox)).map(([text, status]) => [text, status])).toEqual([['Berkas Anda kami terima.', 'sent']]);
    expect(person.messages.map((m) => m.body)).toEqual(['Berkas Anda kami terima.']);
    expect(client.sent).toHaveLength(1);
    expect(h.received.filter((m) => m.fromMe)).toEqual([]);
  });

  it('when sendMessage fails and WhatsApp Web sends the message later from its own queue, then the outbox does not send it again and the late echo signals no handoff', async () => {
    const { h, outbox } = await transportWithOutbox();
    const client = await h.ready();
    const person = client.addChat(PERSON);
    client.sendMessage = async (chatId, content) => {
      client.sent.push({ chatId, content, at: h.timers.now() });
      h.timers.setTimeout(() => {
        const copy = waMessage({ fromMe: true, to: chatId, body: content, timestamp: Math.floor(h.timers.now() / 1000) });
        person.messages.push(copy);
        client.emitMessage(copy);
      }, 20_000);
      throw new Error('Protocol error (Runtime.callFunctionOn): Target closed');
    };
    await outbox.enqueue([{ chat, text: 'Jadwal verifikasi: Senin.', source: 'bot' }]);
    await sweepUntil(h, outbox, async () => (await outbox.pendingCount()) === 0);
    expect((await statuses(outbox)).map(([text, status]) => [text, status])).toEqual([['Jadwal verifikasi: Senin.', 'sent']]);
    expect(person.messages).toHaveLength(1);
    expect(client.sent).toHaveLength(1);
    expect(h.received.filter((m) => m.fromMe)).toEqual([]);
  });

  it('when staff write to a number that is not on WhatsApp, then the outbox marks it failed for staff to see and the chat goes on', async () => {
    const { h, outbox } = await transportWithOutbox();
    const client = await h.ready();
    const failed: OutboxEntry[] = [];
    outbox.on('failed', (e: OutboxEntry) => failed.push(e));
    const nowhere = { channel: 'whatsapp' as const, chatId: '6281299999999@c.us' };
    await outbox.enqueue([
      { chat: nowhere, text: 'Jadwal verifikasi Anda besok.', source: 'staff', staffUserId: 'u1' },
      { chat: nowhere, text: 'Mohon bawa KTP.', source: 'staff', staffUserId: 'u1' },
    ]);
    await sweepUntil(h, outbox, async () => (await outbox.pendingCount()) === 0);
    expect(failed.map((e) => e.text)).toEqual(['Jadwal verifikasi Anda besok.', 'Mohon bawa KTP.']);
    const stored = await outbox.model.find().lean<OutboxEntry[]>();
    expect(stored.map((e) => [e.status, e.attempts, e.error])).toEqual([
      ['failed', 1, 'Nomor ini tidak terdaftar di WhatsApp.'],
      ['failed', 1, 'Nomor ini tidak terdaftar di WhatsApp.'],
    ]);
    expect(client.sent).toEqual([]);
  });

  it('when messages arrive around a reconnect, then the read-back and the live events are recorded once each (none lost, none twice)', async () => {
    const messageLog = new MessageLog(connection, cipher);
    let fresh = 0;
    const receive = async (raw: InboundMessageInput) => {
      const msg = inboundMessageSchema.parse(raw);
      // As the engine does: a message is marked processed once handled, so a redelivery is a duplicate.
      if (await messageLog.recordInbound(msg, chatKey(msg), 'user')) fresh++;
      await messageLog.markProcessed(msg.channel, msg.messageId);
    };
    const h = await startHarness({ receive });
    harnesses.push(h);
    await h.ready();
    const now = Math.floor(h.timers.now() / 1000);
    const seen = waMessage({ from: PERSON, body: 'sebelum putus', timestamp: now - 60 });
    h.client.emitMessage(seen);
    await settle(30);
    h.client.emit('disconnected', 'CONFLICT');
    // While the link is down another message arrives at WhatsApp; both stay unread.
    const whileDown = waMessage({ from: PERSON, body: 'saat putus', timestamp: now - 30 });
    await h.timers.advanceUntil(() => h.clients.length === 2);
    h.client.addChat(PERSON, 2, [seen, whileDown]);
    await h.ready();
    // WhatsApp Web also delivers the offline message as a live event.
    h.client.emitMessage(whileDown);
    await h.timers.advanceUntil(async () => (await connection.collection('messages').countDocuments()) === 2 && h.received.length >= 4);
    await settle(30);
    expect(fresh).toBe(2);
    expect(h.received.map((m) => m.text)).toEqual(['sebelum putus', 'sebelum putus', 'saat putus', 'saat putus']);
    expect((await connection.collection('messages').find().sort({ at: 1 }).toArray()).map((m) => cipher.decrypt(m.text))).toEqual(['sebelum putus', 'saat putus']);
  });
});
