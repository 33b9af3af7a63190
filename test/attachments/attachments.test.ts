/**
 * Files applicants send (photos, voice notes, PDFs), end to end through the simulator channel
 * and the real service: what the person is told, what the database holds (sealed), what the
 * dashboard serves to whom, the confidential-complaint cut, retention and erasure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startTestService, type TestService } from '../support/service';
import { csrfFrom, signedIn, type WebClient } from '../dashboard/support';
import { getBytes as bytesOf, sendFile as postFile, type SentFile } from '../support/files';

jest.setTimeout(90_000);

const JPEG = fs.readFileSync(path.join(__dirname, 'fixtures', 'sample-card.jpg'));
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const OGG = Buffer.concat([Buffer.from('OggS', 'latin1'), Buffer.alloc(60, 7)]);

let t: TestService;
let desk: WebClient;

beforeAll(async () => {
  t = await startTestService({ env: { MEDIA_FETCH_TIMEOUT_SECONDS: '0.5' } });
  desk = await signedIn(t, 'dewi', ['staff']);
});
afterAll(async () => {
  await t?.close();
});

const db = () => t.service.db.connection.db!;
const chatPath = (from: string) => `/dashboard/inbox/chat/${encodeURIComponent(`simulator:${from}`)}`;

const sendFile = (from: string, type: string, file: SentFile, text = '') => postFile(t, from, type, file, text);
const getBytes = (client: WebClient | null, urlPath: string) => bytesOf(t, client, urlPath);

/** The chat in the inbox claimed by the desk officer (the person asked for staff first). */
async function handedToDesk(from: string): Promise<void> {
  await t.send(from, 'petugas');
  const page = await desk.get(chatPath(from));
  const claimed = await desk.post(`${chatPath(from)}/claim`, { _csrf: csrfFrom(page.text) });
  expect(claimed.status).toBe(303);
}

/** The files a page links, each once, in page order. */
const fileIdsIn = (html: string) => [...new Set([...html.matchAll(/\/files\/([0-9a-f]{24})/g)].map((m) => m[1]))];

describe('when the bot is talking', () => {
  test('when a photo arrives without a caption, then it is kept and the person is told the bot cannot read it, that it was kept for staff, and offered a person or the menu', async () => {
    const replies = await sendFile('6281300000001', 'image', { bytes: JPEG, mimeType: 'image/jpeg', filename: 'ktp ibu.jpg' });
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('disimpan untuk petugas');
    expect(replies[0]).toContain('tidak dapat membaca isi foto');
    expect(replies[0]).toMatch(/\*petugas\*.*\*menu\*/s);
    const records = await db().collection('attachments').find({}).toArray();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ channel: 'simulator', mimeType: 'image/jpeg', kind: 'image', size: JPEG.length, status: 'kept' });
  });

  test('when a photo is kept, then the raw GridFS chunks and the record hold neither its bytes, its name nor the chat in clear', async () => {
    const from = '6281300000002';
    await sendFile(from, 'image', { bytes: JPEG, mimeType: 'image/jpeg', filename: 'ktp-siti-aminah.jpg' });
    const raw = Buffer.concat((await db().collection('attachment_blobs.chunks').find({}).sort({ n: 1 }).toArray()).map((c) => Buffer.from(c.data.buffer)));
    expect(raw.length).toBeGreaterThan(JPEG.length); // sealed: version, iv and tag on top
    // Neither the JPEG's start (FF D8 FF, JFIF) nor any 32-byte run of it is in the stored bytes.
    expect(raw.includes(Buffer.from('JFIF', 'latin1'))).toBe(false);
    for (let at = 0; at + 32 <= JPEG.length; at += 512) expect(raw.includes(JPEG.subarray(at, at + 32))).toBe(false);
    const dump = JSON.stringify(await db().collection('attachments').find({}).toArray()) + JSON.stringify(await db().collection('attachment_blobs.files').find({}).toArray());
    expect(dump).not.toContain('siti-aminah');
    expect(dump).not.toContain(from);
  });

  test('when a photo comes with a question as its caption, then the question is answered as text would be, and the file is accounted for after it', async () => {
    const from = '6281300000003';
    const asText = await t.send('6281300000099', 'jam buka kantor kapan?');
    const replies = await sendFile(from, 'image', { bytes: JPEG, mimeType: 'image/jpeg' }, 'jam buka kantor kapan?');
    expect(replies.slice(0, -1)).toEqual(asText);
    expect(replies.at(-1)).toContain('disimpan untuk petugas');
  });

  test('when a file is not an allowed type, then nothing is kept and the person is told so, with a person and the menu offered', async () => {
    const from = '6281300000004';
    const before = await db().collection('attachments').countDocuments();
    const zip = await sendFile(from, 'document', { bytes: Buffer.from('PK\x03\x04 zip', 'latin1'), mimeType: 'application/zip', filename: 'berkas.zip' });
    // Declared a JPEG, but the bytes are a web page: the bytes decide.
    const disguised = await sendFile(from, 'image', { bytes: Buffer.from('<html><script>alert(1)</script></html>'), mimeType: 'image/jpeg' });
    for (const replies of [zip, disguised]) {
      expect(replies).toHaveLength(1);
      expect(replies[0]).toContain('tidak dapat kami terima dan *tidak disimpan*');
      expect(replies[0]).toContain('*petugas*');
    }
    expect(await db().collection('attachments').countDocuments()).toBe(before);
  });

  test('when the channel cannot give the file (gone) or takes longer than the deadline, then the person is told it was not kept and the caption is still answered', async () => {
    const from = '6281300000005';
    const sim = t.service.simulator!;
    const original = sim.fetchMedia.bind(sim);
    try {
      sim.fetchMedia = () => Promise.reject(new Error('simulator media not available'));
      const gone = await sendFile(from, 'image', { bytes: JPEG, mimeType: 'image/jpeg' });
      expect(gone).toEqual([expect.stringContaining('tidak berhasil kami terima dan *tidak tersimpan*')]);
      sim.fetchMedia = () => new Promise(() => undefined); // never answers
      const started = Date.now();
      const slow = await sendFile(from, 'image', { bytes: JPEG, mimeType: 'image/jpeg' }, 'jam buka kantor kapan?');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(slow.join('\n')).toMatch(/jam|buka/i);
      expect(slow.at(-1)).toContain('tidak tersimpan');
      // The chat's queue is free again: the next message is answered.
      expect((await t.send(from, 'menu')).join('\n')).toContain('Layanan WhatsApp');
    } finally {
      sim.fetchMedia = original;
    }
  });
});

describe('when the chat is with staff', () => {
  const from = '6281300000010';
  let fileId: string;

  beforeAll(async () => {
    await handedToDesk(from);
  });

  test('when a photo, a voice note and a PDF arrive, then each is acknowledged briefly and shows in the staff chat: inline, playable, downloadable', async () => {
    expect(await sendFile(from, 'image', { bytes: JPEG, mimeType: 'image/jpeg', filename: 'KTP "ibu"<1>.jpeg' })).toEqual(['File diterima, petugas akan melihatnya 🙏']);
    expect(await sendFile(from, 'voice', { bytes: OGG, mimeType: 'audio/ogg; codecs=opus' })).toEqual(['File diterima, petugas akan melihatnya 🙏']);
    expect(await sendFile(from, 'document', { bytes: PDF, mimeType: 'application/pdf', filename: 'surat keterangan.pdf' }, 'ini suratnya pak')).toEqual(['File diterima, petugas akan melihatnya 🙏']);
    const page = await desk.get(chatPath(from));
    expect(page.status).toBe(200);
    const ids = fileIdsIn(page.text);
    expect(ids).toHaveLength(3);
    fileId = ids[0];
    expect(page.text).toMatch(new RegExp(`<img src="[^"]*/files/${fileId}"`));
    expect(page.text).toMatch(/<audio controls[^>]*src="[^"]*\/files\/[0-9a-f]{24}"/);
    expect(page.text).toMatch(/<a href="[^"]*\/files\/[0-9a-f]{24}" download>/);
    expect(page.text).toContain('ini suratnya pak');
    // The live history partial shows them too.
    expect(fileIdsIn((await desk.get(`${chatPath(from)}/history`)).text)).toEqual(ids);
  });

  test('when the desk officer opens the photo, then the exact bytes are served as image/jpeg, inline, not cached, not sniffed, under a safe name, and the read is audited', async () => {
    const res = await getBytes(desk, `${chatPath(from)}/files/${fileId}`);
    expect(res.status).toBe(200);
    expect(res.bytes.equals(JPEG)).toBe(true);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe('inline; filename="KTP _ibu_1.jpg"');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    const audit = await db().collection('audit_log').find({ action: 'handoff.file_view' }).toArray();
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toEqual({ file: fileId, kind: 'image' });
    expect(JSON.stringify(audit)).not.toContain(from);
  });

  test('when a PDF is opened, then it is only ever downloaded (attachment), as application/pdf', async () => {
    const page = await desk.get(chatPath(from));
    const ids = fileIdsIn(page.text);
    const pdf = await getBytes(desk, `${chatPath(from)}/files/${ids[2]}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe('attachment; filename="surat keterangan.pdf"');
    const voice = await getBytes(desk, `${chatPath(from)}/files/${ids[1]}`);
    expect(voice.headers.get('content-type')).toBe('audio/ogg');
    expect(voice.bytes.equals(OGG)).toBe(true);
  });

  test('when someone without the inbox role asks for the file, then 403 and no bytes; signed out, then the sign-in page and no bytes', async () => {
    const verifier = await signedIn(t, 'vera', ['verifier', 'officer', 'supervisor']);
    const refused = await getBytes(verifier, `${chatPath(from)}/files/${fileId}`);
    expect(refused.status).toBe(403);
    expect(refused.bytes.includes(JPEG.subarray(0, 64))).toBe(false);
    const anonymous = await getBytes(null, `${chatPath(from)}/files/${fileId}`);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toMatch(/^\/dashboard\/login/);
    expect(anonymous.bytes.includes(JPEG.subarray(0, 64))).toBe(false);
  });

  test('when the file id is asked for under another chat, or is not an id, then 404', async () => {
    const other = '6281300000011';
    await t.send(other, 'petugas');
    expect((await getBytes(desk, `${chatPath(other)}/files/${fileId}`)).status).toBe(404);
    expect((await getBytes(desk, `${chatPath(from)}/files/not-an-id`)).status).toBe(404);
  });
});

describe('the confidential complaint cut', () => {
  test('when a photo was sent inside a confidential complaint, then staff (admins too) see neither it in the chat nor the file by its address', async () => {
    const from = '6281300000020';
    for (const text of ['5', '1', 'Petugas loket meminta uang pelicin, ini buktinya.']) await t.send(from, text);
    expect((await sendFile(from, 'image', { bytes: JPEG, mimeType: 'image/jpeg' })).join('\n')).toContain('Lampiran diterima');
    for (const text of ['selesai', 'Siti Rahmawati', 'lewati', '1', '1', 'petugas']) await t.send(from, text);
    const [record] = await db().collection('attachments').find({}).sort({ _id: -1 }).limit(1).toArray();
    const admin = await signedIn(t, 'adi', ['admin']);
    for (const viewer of [desk, admin]) {
      const page = await viewer.get(chatPath(from));
      expect(page.status).toBe(200);
      expect(page.text).toContain('pengaduan rahasia');
      expect(fileIdsIn(page.text)).toEqual([]);
      expect((await getBytes(viewer, `${chatPath(from)}/files/${String(record._id)}`)).status).toBe(404);
    }
  });
});

describe('retention and erasure', () => {
  test('when an admin erases a person\'s chats (data-subject request), then the files of those chats go with them, and another person\'s stay', async () => {
    const from = '6281300000040';
    const bystander = '6281300000041';
    await sendFile(from, 'image', { bytes: JPEG, mimeType: 'image/jpeg' });
    await sendFile(bystander, 'image', { bytes: JPEG, mimeType: 'image/jpeg' });
    const before = await db().collection('attachments').countDocuments();
    const admin = await signedIn(t, 'ani', ['admin']);
    const csrf = await admin.csrf('/dashboard/admin/privacy');
    const res = await admin.post('/dashboard/admin/privacy/erase', { _csrf: csrf, kind: 'phone', value: `+${from}`, reason: 'Permintaan tertulis pemohon, 23 November 2026', confirm: '1' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('1 file');
    expect(await db().collection('attachments').countDocuments()).toBe(before - 1);
    expect(await db().collection('attachment_blobs.files').countDocuments()).toBe(before - 1);
  });

  test('when the chat history’s 365 days have passed, then the retention job removes the record and every chunk of its bytes', async () => {
    const from = '6281300000030';
    await sendFile(from, 'image', { bytes: JPEG, mimeType: 'image/jpeg' });
    const job = t.service.jobs.find((j) => j.name === 'attachment-retention')!;
    await job.run();
    const kept = await db().collection('attachments').countDocuments();
    expect(kept).toBeGreaterThan(0);
    const saved = t.clock.now();
    t.clock.advance(366 * 24 * 3_600_000);
    try {
      await job.run();
      expect(await db().collection('attachments').countDocuments()).toBe(0);
      expect(await db().collection('attachment_blobs.files').countDocuments()).toBe(0);
      expect(await db().collection('attachment_blobs.chunks').countDocuments()).toBe(0);
    } finally {
      t.clock.set(saved.toISOString());
    }
  });
});
