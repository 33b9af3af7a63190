/**
 * The copy for the person (UU 27/2022, access) holds the files their chats sent: each listed
 * with its name, type, size and date, and its contents (base64) exactly as sent; another
 * person's files are not in it. Checked on the JSON download and the audit entry.
 */
import fs from 'node:fs';
import path from 'node:path';
import { signedIn, type WebClient } from '../dashboard/support';
import { startTestService, type TestService } from '../support/service';

jest.setTimeout(90_000);

const JPEG = fs.readFileSync(path.join(__dirname, '..', 'attachments', 'fixtures', 'sample-card.jpg'));
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const PERSON = '6281377714401';
const OTHER = '6281377714402';
const REASON = 'Permintaan salinan tertulis pemohon, 23 November 2026';
const BASE = '/dashboard/admin/privacy';

let t: TestService;
let admin: WebClient;

async function sendFile(from: string, type: string, file: { bytes: Buffer; mimeType: string; filename: string }): Promise<void> {
  const res = await t.api('POST', '/simulator/messages', { from, type, text: '', media: { data: file.bytes.toString('base64'), mimeType: file.mimeType, filename: file.filename } }, null);
  expect(res.status).toBe(200);
}

beforeAll(async () => {
  t = await startTestService();
  admin = await signedIn(t, 'admin', ['admin']);
  await t.send(PERSON, 'halo');
  await sendFile(PERSON, 'image', { bytes: JPEG, mimeType: 'image/jpeg', filename: 'ktp ibu.jpg' });
  await sendFile(PERSON, 'document', { bytes: PDF, mimeType: 'application/pdf', filename: 'surat-keterangan.pdf' });
  await sendFile(OTHER, 'image', { bytes: JPEG, mimeType: 'image/jpeg', filename: 'kk-orang-lain.jpg' });
});
afterAll(async () => {
  await t?.close();
});

test('when an admin downloads a person\'s copy, then it lists each file their chat sent with name, type, size and date, and carries its contents as sent', async () => {
  const res = await admin.post(`${BASE}/export`, { _csrf: await admin.csrf(BASE), kind: 'phone', value: `0${PERSON.slice(2)}`, reason: REASON });
  expect(res.status).toBe(200);
  const doc = JSON.parse(res.text);
  expect(doc.percakapan).toHaveLength(1);
  const files = doc.percakapan[0].lampiran as { jenis: string; namaFile: string; tipeFile: string; ukuranByte: number; diterimaPada: string; isiBase64: string | null }[];
  expect(files.map(({ isiBase64: _bytes, ...about }) => about)).toEqual([
    { jenis: 'foto', namaFile: 'ktp ibu.jpg', tipeFile: 'image/jpeg', ukuranByte: JPEG.length, diterimaPada: '2026-11-23T10:00:00+08:00' },
    { jenis: 'dokumen', namaFile: 'surat-keterangan.pdf', tipeFile: 'application/pdf', ukuranByte: PDF.length, diterimaPada: '2026-11-23T10:00:00+08:00' },
  ]);
  expect(Buffer.from(files[0].isiBase64!, 'base64').equals(JPEG)).toBe(true);
  expect(Buffer.from(files[1].isiBase64!, 'base64').equals(PDF)).toBe(true);
  expect(doc.catatan.join('\n')).toContain('base64');
  expect(res.text).not.toContain('kk-orang-lain');
  const entry = (await t.service.db.connection.collection('audit_log').find({ action: 'privacy.export' }).toArray()).at(-1);
  expect(entry?.details).toMatchObject({ reason: REASON, chats: 1, files: 2 });
});

test('when an admin finds the person, then the page counts the files their chat sent', async () => {
  const res = await admin.post(`${BASE}/lookup`, { _csrf: await admin.csrf(BASE), kind: 'phone', value: `0${PERSON.slice(2)}`, reason: REASON });
  expect(res.status).toBe(200);
  expect(res.text).toContain('<th>File</th>');
  expect(res.text).toMatch(/<td>0<\/td><td>2<\/td>\s*<td>/); // no staff notes, two files
});
