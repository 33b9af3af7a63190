/**
 * The outbox and the chat history at rest, with a WhatsApp Web chat (whose chat id, message ids
 * and reply-to ids all carry the phone number): the real outbox and message log on the embedded
 * database, a recording channel. The database holds the number nowhere, not even inside ids;
 * the channel still receives the address, the text and the reply-to id in clear, redeliveries
 * are still recognised, and staff read the history opened.
 */
import crypto from 'node:crypto';
import mongoose, { type Connection } from 'mongoose';
import pino from 'pino';
import { createPiiCipher } from '../../src/applications/pii-crypto';
import { ChannelRegistry, type Channel, type OutboundMessage } from '../../src/channels/port';
import { chatKey, inboundMessageSchema } from '../../src/conversation/inbound';
import { MessageLog } from '../../src/conversation/message-log';
import { Outbox } from '../../src/conversation/outbox';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';

const DIGITS = '81234567890';
const PERSON = `62${DIGITS}@c.us`;
const INBOUND_ID = `false_${PERSON}_3EB0C767D26A1D8E7F`;
const chat = { channel: 'whatsapp' as const, chatId: PERSON };
const cipher = createPiiCipher('c'.repeat(64));

let mongo: EmbeddedMongo;
let connection: Connection;
let sent: OutboundMessage[];
let outbox: Outbox;
let messageLog: MessageLog;

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
});
afterAll(async () => {
  await mongo?.stop();
});
beforeEach(async () => {
  connection = await mongoose.createConnection(`${mongo.uri}sealed_${crypto.randomUUID().slice(0, 8)}`).asPromise();
  sent = [];
  const channel: Channel = { name: 'whatsapp', send: async (m) => void sent.push(m) };
  const channels = new ChannelRegistry();
  channels.register(channel);
  messageLog = new MessageLog(connection, cipher);
  outbox = new Outbox(connection, { channels, messageLog, clock: { now: () => new Date('2026-11-23T02:00:00Z') }, logger: pino({ level: 'silent' }), cipher });
});
afterEach(async () => {
  await connection.close();
});

/** Every stored document of both collections, as one string. */
const dump = async () => JSON.stringify([await connection.collection('messages').find().toArray(), await connection.collection('outbox').find().toArray()]);

test('when a WhatsApp Web chat is answered, then neither collection holds its number or its words, and the channel gets them in clear', async () => {
  const msg = inboundMessageSchema.parse({ channel: 'whatsapp', messageId: INBOUND_ID, chatId: PERSON, phone: `+62${DIGITS}`, text: 'Saya Siti Aminah, anak saya dirawat', receivedAt: new Date('2026-11-23T02:00:00Z') });
  expect(await messageLog.recordInbound(msg, chatKey(msg))).toBe(true);
  await messageLog.markProcessed(msg.channel, msg.messageId);
  await outbox.enqueue([{ chat, text: 'Terima kasih, Ibu Siti Aminah.', source: 'bot', correlationId: INBOUND_ID, dedupeKey: `${INBOUND_ID}:0` }]);
  await outbox.drain(chatKey(chat));

  expect(sent).toEqual([expect.objectContaining({ chatId: PERSON, text: 'Terima kasih, Ibu Siti Aminah.', correlationId: INBOUND_ID })]);
  const stored = await dump();
  expect(stored).not.toContain(DIGITS);
  expect(stored).not.toContain('Siti');
  // Opened for staff: both directions, in order.
  expect((await messageLog.history(chatKey(chat))).map((m) => [m.direction, m.text])).toEqual([
    ['in', 'Saya Siti Aminah, anak saya dirawat'],
    ['out', 'Terima kasih, Ibu Siti Aminah.'],
  ]);
});

test('when an inbound message or a reply is written again, then the hashed ids still recognise it', async () => {
  const msg = inboundMessageSchema.parse({ channel: 'whatsapp', messageId: INBOUND_ID, chatId: PERSON, phone: null, text: 'halo', receivedAt: new Date('2026-11-23T02:00:00Z') });
  expect(await messageLog.recordInbound(msg, chatKey(msg))).toBe(true);
  await messageLog.markProcessed(msg.channel, msg.messageId);
  expect(await messageLog.recordInbound(msg, chatKey(msg))).toBe(false);
  const reply = { chat, text: 'Halo.', source: 'bot' as const, correlationId: INBOUND_ID, dedupeKey: `${INBOUND_ID}:0` };
  await outbox.enqueue([reply]);
  await outbox.enqueue([reply]);
  await outbox.drain(chatKey(chat));
  expect(sent.map((m) => m.text)).toEqual(['Halo.']);
  expect(await connection.collection('outbox').countDocuments()).toBe(1);
});

test('when a message waits in the outbox, then staff see it opened among those not delivered', async () => {
  await outbox.enqueue([{ chat, text: 'Jadwal verifikasi Ibu besok.', source: 'notification' }]);
  expect((await outbox.notDelivered(chatKey(chat))).map((e) => e.text)).toEqual(['Jadwal verifikasi Ibu besok.']);
});
