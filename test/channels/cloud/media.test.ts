/**
 * Files on the Cloud API, through the real service and the fake Graph API: a photo's media
 * record and bytes are fetched with the token, checked against Meta's digest, kept sealed, and
 * the person is told so in the message Meta is asked to send; a file over 16 MB is refused from
 * its record without downloading it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { bodyTextOf } from '../../../src/channels/cloud/presentation';
import { inbound, startCloudService, type CloudTestService } from './support/cloud-service';

jest.setTimeout(60_000);

const JPEG = fs.readFileSync(path.join(__dirname, '../../attachments/fixtures/sample-card.jpg'));
let t: CloudTestService;

beforeAll(async () => {
  t = await startCloudService();
});
afterAll(async () => {
  await t?.close();
});

const db = () => t.service.db.connection.db!;
const sentTexts = () => t.graph.sends().map((r) => bodyTextOf(r.body) as string);
const at = () => t.clock.now();

test('when a photo arrives by media id, then its record and bytes are fetched with the token, it is kept sealed, and the reply Meta is asked to send says it was kept for staff', async () => {
  const origin = new URL(t.graph.base).origin;
  t.graph.script(
    { status: 200, body: { url: `${origin}/media/photo-1`, mime_type: 'image/jpeg', sha256: createHash('sha256').update(JPEG).digest('hex'), file_size: JPEG.length, id: '1479537139650973' } },
    { status: 200, raw: JPEG },
  );
  await t.webhook(inbound({ type: 'image', image: { id: '1479537139650973', mime_type: 'image/jpeg', sha256: 'x', caption: '' } }, { id: 'wamid.PHOTO1', at: at() }));
  await t.settle();
  expect(t.graph.requests.filter((r) => r.method === 'GET').map((r) => [r.path, r.authorization?.startsWith('Bearer ')])).toEqual([
    ['/v24.0/1479537139650973', true],
    ['/media/photo-1', true],
  ]);
  expect(sentTexts()).toEqual([expect.stringContaining('disimpan untuk petugas')]);
  const [record] = await db().collection('attachments').find({}).toArray();
  expect(record).toMatchObject({ channel: 'whatsapp', mimeType: 'image/jpeg', size: JPEG.length, status: 'kept' });
  const raw = Buffer.concat((await db().collection('attachment_blobs.chunks').find({}).toArray()).map((c) => Buffer.from(c.data.buffer)));
  expect(raw.includes(JPEG.subarray(0, 32))).toBe(false);
  expect(raw.includes(Buffer.from('JFIF', 'latin1'))).toBe(false);
});

test('when Meta says the file is over 16 MB, then the bytes are never requested and the person is told it is too large and was not kept', async () => {
  t.graph.requests.length = 0;
  const origin = new URL(t.graph.base).origin;
  t.graph.script({ status: 200, body: { url: `${origin}/media/big`, mime_type: 'application/pdf', file_size: 17 * 1024 * 1024, id: '1479537139650974' } });
  const before = sentTexts().length;
  await t.webhook(inbound({ type: 'document', document: { id: '1479537139650974', mime_type: 'application/pdf', filename: 'scan.pdf' } }, { id: 'wamid.BIG1', at: at() }));
  await t.settle();
  expect(t.graph.requests.filter((r) => r.method === 'GET').map((r) => r.path)).toEqual(['/v24.0/1479537139650974']);
  expect(sentTexts().slice(before)).toEqual([expect.stringContaining('lebih dari 16 MB sehingga *tidak disimpan*')]);
  expect(await db().collection('attachments').countDocuments()).toBe(1);
});

test('when a video arrives, then it is refused by its declared type without any download', async () => {
  t.graph.requests.length = 0;
  const before = sentTexts().length;
  await t.webhook(inbound({ type: 'video', video: { id: '1479537139650975', mime_type: 'video/mp4' } }, { id: 'wamid.VID1', at: at() }));
  await t.settle();
  expect(t.graph.requests.filter((r) => r.method === 'GET')).toEqual([]);
  expect(sentTexts().slice(before)).toEqual([expect.stringContaining('file jenis ini tidak dapat kami terima')]);
});
