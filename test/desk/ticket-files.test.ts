/**
 * A complaint's files on its ticket page (issue 16): filed on the simulator chat with a photo and
 * a PDF, listed on /dashboard/tickets/<number> and opened from there by the officers who work
 * tickets; a confidential complaint's files only by the roles that may reveal its complainant;
 * each opening audited; a file removed by retention said to be gone, in Indonesian, never a 500.
 */
import { ObjectId } from 'mongodb';
import type { TestService } from '../support/service';
import { csrfFrom, signedIn, useDeskWithOfficerAndSupervisor, type WebClient } from '../dashboard/support';
import { complainWith as fileComplaintWith, getBytes as bytesOf, SAMPLE_JPEG as JPEG, SAMPLE_PDF as PDF, sendFile as postFile, type SentFile } from '../support/files';

jest.setTimeout(90_000);

let t: TestService;
let officer: WebClient;
let supervisor: WebClient;
useDeskWithOfficerAndSupervisor((started) => ({ t, officer, supervisor } = started));

const db = () => t.service.db.connection.db!;
const ticketPath = (number: string) => `/dashboard/tickets/${number}`;

const sendFile = async (from: string, file: SentFile, type = 'image') => (await postFile(t, from, type, file)).join('\n');

const complainWith = (from: string, files: (SentFile & { type?: string })[], o: { confidential: boolean; body?: string }) => fileComplaintWith(t, from, files, o);

const getBytes = (client: WebClient, urlPath: string) => bytesOf(t, client, urlPath);
const fileLinks = (html: string, number: string) => [...new Set([...html.matchAll(new RegExp(`${ticketPath(number)}/files/([0-9a-f]{24})`, 'g'))].map((m) => m[1]))];
/** The attachment records the ticket names (tickets.fileIds), as the database holds them. */
async function recordsOf(number: string) {
  const ticket = await db().collection('tickets').findOne({ number });
  const ids = ((ticket?.fileIds ?? []) as string[]).map((id) => new ObjectId(id));
  return db().collection('attachments').find({ _id: { $in: ids } }).toArray();
}
const fileViews = (number: string) => db().collection('audit_log').countDocuments({ action: 'ticket.file_view', target: `ticket:${number}` });

describe('an ordinary complaint', () => {
  test('when a complaint was filed with a photo and a PDF, then an officer sees both on its ticket page (the photo inline) and opens each: the exact bytes, not cached, not sniffed, each opening audited', async () => {
    const number = await complainWith('6281300000101', [
      { bytes: JPEG, mimeType: 'image/jpeg', filename: 'bukti pungli.jpg' },
      { bytes: PDF, mimeType: 'application/pdf', filename: 'kuitansi.pdf', type: 'document' },
    ], { confidential: false });
    const page = await officer.get(ticketPath(number));
    expect(page.status).toBe(200);
    const ids = fileLinks(page.text, number);
    expect(ids).toHaveLength(2);
    expect(page.text).toContain(`<img src="${ticketPath(number)}/files/${ids[0]}"`);
    expect(page.text).toContain('bukti pungli.jpg');
    expect(page.text).toContain('Unduh dokumen PDF');

    const photo = await getBytes(officer, `${ticketPath(number)}/files/${ids[0]}`);
    expect(photo.status).toBe(200);
    expect(photo.bytes.equals(JPEG)).toBe(true);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(photo.headers.get('cache-control')).toBe('no-store');
    expect(photo.headers.get('x-content-type-options')).toBe('nosniff');
    const pdf = await getBytes(officer, `${ticketPath(number)}/files/${ids[1]}`);
    expect(pdf.bytes.equals(PDF)).toBe(true);
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="kuitansi\.pdf"$/);
    expect(await fileViews(number)).toBe(2);
    const entry = await db().collection('audit_log').findOne({ action: 'ticket.file_view', target: `ticket:${number}` });
    expect(entry).toMatchObject({ details: { file: ids[0], kind: 'image', confidential: false } });
  });

  test('when the same chat files a second complaint with its own photo, then each ticket lists only its own file, and one ticket does not serve the other\'s', async () => {
    const from = '6281300000102';
    const first = await complainWith(from, [{ bytes: JPEG, mimeType: 'image/jpeg', filename: 'pertama.jpg' }], { confidential: false });
    const second = await complainWith(from, [{ bytes: JPEG, mimeType: 'image/jpeg', filename: 'kedua.jpg' }], { confidential: false, body: 'Antrean di loket tidak dipanggil sejak pagi, ini fotonya.' });
    expect(second).not.toBe(first);
    const [a, b] = await Promise.all([officer.get(ticketPath(first)), officer.get(ticketPath(second))]);
    expect(fileLinks(a.text, first)).toHaveLength(1);
    expect(fileLinks(b.text, second)).toHaveLength(1);
    expect(a.text).toContain('pertama.jpg');
    expect(a.text).not.toContain('kedua.jpg');
    expect(b.text).toContain('kedua.jpg');
    const theirs = fileLinks(b.text, second)[0];
    const crossed = await getBytes(officer, `${ticketPath(first)}/files/${theirs}`);
    expect(crossed.status).toBe(404);
    expect(crossed.bytes.includes(JPEG.subarray(0, 64))).toBe(false);
  });

  test('when a later complaint from the same chat counts a file that was never kept, then it takes no earlier complaint\'s file', async () => {
    const from = '6281300000105';
    const first = await complainWith(from, [{ bytes: JPEG, mimeType: 'image/jpeg', filename: 'milik-pertama.jpg' }], { confidential: true });
    // A photo message whose file the channel never handed over: the form counts it, nothing is kept.
    for (const text of ['5', '1', 'Bansos saya dipotong oleh pendamping desa.']) await t.send(from, text);
    await t.api('POST', '/simulator/messages', { from, type: 'image', text: '' }, null);
    for (const text of ['selesai', 'Siti Rahmawati', 'lewati', '2']) await t.send(from, text);
    const second = /ADU-[A-Z]+-\d{4}-\d{4}/.exec((await t.send(from, '1')).join('\n'))?.[0];
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect((await db().collection('tickets').findOne({ number: second }))?.attachments).toBe(1);
    const page = await officer.get(ticketPath(second!));
    expect(fileLinks(page.text, second!)).toEqual([]);
    expect(page.text).not.toContain('milik-pertama');
    expect(await recordsOf(first)).toHaveLength(1);
    expect((await db().collection('tickets').findOne({ number: second }))?.fileIds).toEqual([]);
  });

  test('when a photo was sent to the bot hours before and a complaint counts a file that was never kept, then the old photo is not taken as its evidence', async () => {
    const from = '6281300000106';
    await sendFile(from, { bytes: JPEG, mimeType: 'image/jpeg', filename: 'foto-lama.jpg' });
    t.clock.advance(4 * 3_600_000);
    for (const text of ['5', '1', 'Nama saya salah ditulis di kartu.']) await t.send(from, text);
    await t.api('POST', '/simulator/messages', { from, type: 'image', text: '' }, null);
    for (const text of ['selesai', 'Siti Rahmawati', 'lewati', '2']) await t.send(from, text);
    const number = /ADU-[A-Z]+-\d{4}-\d{4}/.exec((await t.send(from, '1')).join('\n'))![0];
    const page = await officer.get(ticketPath(number));
    expect(fileLinks(page.text, number)).toEqual([]);
    expect(page.text).not.toContain('foto-lama');
  });

  test('when a photo was sent to the bot before (no complaint), then a complaint filed without a file lists none of it', async () => {
    const from = '6281300000103';
    await sendFile(from, { bytes: JPEG, mimeType: 'image/jpeg', filename: 'ktp.jpg' });
    const number = await complainWith(from, [], { confidential: false });
    const page = await officer.get(ticketPath(number));
    expect(fileLinks(page.text, number)).toEqual([]);
    expect(page.text).toMatch(/<dt>Lampiran<\/dt><dd>Tidak ada<\/dd>/);
  });
});

describe('an answer to the office', () => {
  test('when the office asks the complainant for more and they answer with a photo, then the ticket lists it beside the complaint\'s own file', async () => {
    const from = '6281300000104';
    const number = await complainWith(from, [{ bytes: JPEG, mimeType: 'image/jpeg', filename: 'awal.jpg' }], { confidential: false, body: 'Kartu saya tidak aktif padahal sudah didaftarkan, ini kartunya.' });
    const page = await officer.get(ticketPath(number));
    const moved = await officer.post(`${ticketPath(number)}/transition`, { _csrf: csrfFrom(page.text), to: 'menunggu_pelapor', note: 'Mohon kirim foto surat keterangan dari kelurahan.' });
    expect(moved.status).toBe(303);
    await sendFile(from, { bytes: JPEG, mimeType: 'image/jpeg', filename: 'surat kelurahan.jpg' });
    const after = await officer.get(ticketPath(number));
    expect(fileLinks(after.text, number)).toHaveLength(2);
    expect(after.text).toContain('awal.jpg');
    expect(after.text).toContain('surat kelurahan.jpg');
  });
});

describe('a confidential complaint', () => {
  test('when a plain officer opens its ticket, then the page says how many files and why they are closed, with no name or link, and the file\'s address answers 403 without bytes', async () => {
    const number = await complainWith('6281300000111', [{ bytes: JPEG, mimeType: 'image/jpeg', filename: 'ktp-siti-rahmawati.jpg' }], { confidential: true });
    const page = await officer.get(ticketPath(number));
    expect(page.status).toBe(200);
    expect(page.text).toContain('1 file (foto)');
    expect(page.text).toContain('hanya dapat dibuka supervisor atau admin');
    expect(page.text).not.toContain('ktp-siti-rahmawati');
    expect(fileLinks(page.text, number)).toEqual([]);
    const [record] = await recordsOf(number);
    const refused = await getBytes(officer, `${ticketPath(number)}/files/${String(record._id)}`);
    expect(refused.status).toBe(403);
    expect(refused.bytes.toString('utf8')).toContain('dirahasiakan');
    expect(refused.bytes.includes(JPEG.subarray(0, 64))).toBe(false);
    expect(await fileViews(number)).toBe(0);
  });

  test('when a supervisor opens its ticket, then the file is a link without its name that loads nothing by itself, and opening it serves the bytes and is audited as confidential', async () => {
    const number = await complainWith('6281300000112', [{ bytes: JPEG, mimeType: 'image/jpeg', filename: 'ktp-siti-rahmawati.jpg' }], { confidential: true });
    const page = await supervisor.get(ticketPath(number));
    const [id] = fileLinks(page.text, number);
    expect(id).toBeDefined();
    expect(page.text).not.toContain('<img');
    expect(page.text).not.toContain('ktp-siti-rahmawati');
    expect(page.text).toContain('Buka foto');
    expect(await fileViews(number)).toBe(0);
    const opened = await getBytes(supervisor, `${ticketPath(number)}/files/${id}`);
    expect(opened.status).toBe(200);
    expect(opened.bytes.equals(JPEG)).toBe(true);
    const entry = await db().collection('audit_log').findOne({ action: 'ticket.file_view', target: `ticket:${number}` });
    expect(entry).toMatchObject({ details: { file: id, kind: 'image', confidential: true } });
  });
});

describe('retention', () => {
  test('when a file\'s bytes are removed after the page listed it, then opening it answers 410 in Indonesian, not a 500', async () => {
    const number = await complainWith('6281300000122', [{ bytes: JPEG, mimeType: 'image/jpeg', filename: 'bukti.jpg' }], { confidential: false, body: 'Saya diminta bayar untuk surat keterangan tidak mampu.' });
    const [id] = fileLinks((await officer.get(ticketPath(number))).text, number);
    const [record] = await recordsOf(number);
    await db().collection('attachment_blobs.files').deleteOne({ _id: record!.blobId });
    await db().collection('attachment_blobs.chunks').deleteMany({ files_id: record!.blobId });
    const res = await officer.get(`${ticketPath(number)}/files/${id}`);
    expect(res.status).toBe(410);
    expect(res.text).toContain('File ini sudah tidak tersimpan');
  });

  test('when the chat history\'s 365 days have passed, then the ticket page says in Indonesian that the file is no longer kept, and its old address answers 410 with why, not a 500', async () => {
    const number = await complainWith('6281300000121', [{ bytes: JPEG, mimeType: 'image/jpeg', filename: 'bukti.jpg' }], { confidential: false });
    const [id] = fileLinks((await officer.get(ticketPath(number))).text, number);
    const saved = t.clock.now();
    t.clock.advance(366 * 24 * 3_600_000);
    try {
      await t.service.jobs.find((j) => j.name === 'attachment-retention')!.run();
      const later = await signedIn(t, 'oka', ['officer']); // a year on, a new session
      const page = await later.get(ticketPath(number));
      expect(page.status).toBe(200);
      expect(fileLinks(page.text, number)).toEqual([]);
      expect(page.text).toContain('1 file sudah tidak tersimpan: file dari chat dihapus setelah masa simpan riwayat chat (365 hari)');
      const old = await later.get(`${ticketPath(number)}/files/${id}`);
      expect(old.status).toBe(410);
      expect(old.text).toContain('File ini sudah tidak tersimpan');
    } finally {
      t.clock.set(saved.toISOString());
    }
  });
});
