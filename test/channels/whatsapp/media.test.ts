/**
 * Files on whatsapp-web.js, through the real service's engine and store with the transport on a
 * fake client that behaves like the library (downloadMedia gives base64 data, or undefined when
 * WhatsApp no longer has the file): what the person is sent on WhatsApp, what is downloaded,
 * what the database keeps.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startTestService, type TestService } from '../../support/service';
import { waMessage, type FakeClient } from './support/fake-client';
import { startHarness, type Harness } from './support/harness';

jest.setTimeout(60_000);

const JPEG = fs.readFileSync(path.join(__dirname, '../../attachments/fixtures/sample-card.jpg'));
const PERSON = '6281234567890@c.us';

let t: TestService;
let h: Harness;
let client: FakeClient;

beforeAll(async () => {
  t = await startTestService({ env: { MEDIA_FETCH_TIMEOUT_SECONDS: '0.5' } });
  h = await startHarness({ receive: (m) => t.service.engine.receive(m), random: () => 0 });
  // The service's WhatsApp channel is this transport: the outbox sends through it, the engine fetches from it.
  t.service.channels.register(h.transport);
  client = await h.ready();
  client.addChat(PERSON);
});
afterAll(async () => {
  await h?.close();
  await t?.close();
});

const db = () => t.service.db.connection.db!;

/** What the person received on WhatsApp after the message, once `count` more texts went out (fake time moves the pacer). */
async function sentAfter(emit: () => void, count: number): Promise<string[]> {
  const before = client.sent.length;
  emit();
  const deadline = Date.now() + 20_000;
  while (client.sent.length < before + count) {
    if (Date.now() > deadline) throw new Error(`only ${client.sent.length - before} of ${count} replies sent: ${client.sent.slice(before).map((s) => s.content).join(' | ')}`);
    await h.timers.advance(500);
    await new Promise((r) => setTimeout(r, 5));
  }
  // Nothing more for this message.
  await t.service.engine.settle(`whatsapp:${PERSON}`);
  return client.sent.slice(before).map((s) => s.content);
}

test('when a photo arrives, then the library download is used once, the photo is kept sealed, and the person is sent that it was kept for staff', async () => {
  const msg = waMessage({ from: PERSON, type: 'image', body: '', media: { bytes: JPEG, mimetype: 'image/jpeg' } });
  const sent = await sentAfter(() => client.emitMessage(msg), 1);
  expect(sent).toEqual([expect.stringContaining('disimpan untuk petugas')]);
  expect(msg.downloads).toBe(1);
  const [record] = await db().collection('attachments').find({}).toArray();
  expect(record).toMatchObject({ channel: 'whatsapp', mimeType: 'image/jpeg', size: JPEG.length, status: 'kept' });
  const raw = Buffer.concat((await db().collection('attachment_blobs.chunks').find({}).toArray()).map((c) => Buffer.from(c.data.buffer)));
  expect(raw.includes(JPEG.subarray(0, 32))).toBe(false);
});

test('when WhatsApp no longer has the file (downloadMedia answers undefined), then the person is told it was not kept, and the caption question is still answered', async () => {
  const msg = waMessage({ from: PERSON, type: 'image', body: 'jam buka kantor kapan?', media: 'gone' });
  const sent = await sentAfter(() => client.emitMessage(msg), 2);
  expect(sent.join('\n')).toMatch(/buka/i);
  expect(sent.at(-1)).toContain('tidak berhasil kami terima dan *tidak tersimpan*');
});

test('when the download never answers, then after the deadline the person is told it was not kept, and the chat goes on', async () => {
  const msg = waMessage({ from: PERSON, type: 'document', body: '', media: 'hang' });
  const sent = await sentAfter(() => client.emitMessage(msg), 1);
  expect(sent).toEqual([expect.stringContaining('tidak tersimpan')]);
  expect((await sentAfter(() => client.emitMessage(waMessage({ from: PERSON, body: 'menu' })), 1)).join('\n')).toContain('Layanan WhatsApp');
});

test('when the message says its file is over 16 MB, then it is never downloaded and the person is told it is too large', async () => {
  const msg = waMessage({ from: PERSON, type: 'document', body: '', media: { bytes: Buffer.from('%PDF-1.4 small'), mimetype: 'application/pdf', filename: 'scan.pdf', size: 17 * 1024 * 1024 } });
  const sent = await sentAfter(() => client.emitMessage(msg), 1);
  expect(msg.downloads).toBe(0);
  expect(sent).toEqual([expect.stringContaining('lebih dari 16 MB')]);
});

test('when the live message is no longer held, then fetchMedia finds it again through the page (getMessageById), with its file name', async () => {
  const msg = waMessage({ from: PERSON, type: 'document', media: { bytes: Buffer.from('%PDF-1.4 x'), mimetype: 'application/pdf', filename: 'surat.pdf' } });
  client.chats.get(PERSON)!.messages.push(msg);
  await expect(h.transport.fetchMedia(msg.id._serialized)).resolves.toEqual({ bytes: Buffer.from('%PDF-1.4 x'), mimeType: 'application/pdf', filename: 'surat.pdf' });
  await expect(h.transport.fetchMedia('false_6281234567890@c.us_NOPE')).rejects.toThrow('not available');
});
