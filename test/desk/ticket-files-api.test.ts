/**
 * A ticket's files in the staff API (issue 16): GET /api/v1/tickets/<number> lists them (id,
 * kind, MIME type, size, and a URL under /api/v1 that serves the bytes under the ticket page's
 * rule), never their bytes. A confidential complaint's files: only their kinds for an officer (the
 * URL answers 403), openable by a supervisor (each opening audited), as on the page.
 */
import { TEST_API_TOKEN, type TestService } from '../support/service';
import { useDeskWithOfficerAndSupervisor, type WebClient } from '../dashboard/support';
import { complainWith, getBytes, SAMPLE_JPEG as JPEG, SAMPLE_PDF as PDF } from '../support/files';

jest.setTimeout(90_000);

let t: TestService;
let officer: WebClient;
let supervisor: WebClient;
useDeskWithOfficerAndSupervisor((started) => ({ t, officer, supervisor } = started));

const db = () => t.service.db.connection.db!;
const ticketJson = async (client: WebClient, number: string) => {
  const res = await client.get(`/api/v1/tickets/${number}`);
  expect(res.status).toBe(200);
  return { text: res.text, files: JSON.parse(res.text).ticket.files };
};
const fileViews = (number: string) => db().collection('audit_log').countDocuments({ action: 'ticket.file_view', target: `ticket:${number}` });
const idPattern = /^[0-9a-f]{24}$/;

test('when an officer reads an ordinary complaint filed with a photo and a PDF, then its JSON lists both (id, kind, type, size, URL, no bytes, no name), and each URL serves the exact bytes to the officer and to the API token', async () => {
  const number = await complainWith(t, '6281300000301', [
    { bytes: JPEG, mimeType: 'image/jpeg', filename: 'bukti pungli.jpg' },
    { bytes: PDF, mimeType: 'application/pdf', filename: 'kuitansi.pdf', type: 'document' },
  ], { confidential: false });
  const { text, files } = await ticketJson(officer, number);
  expect(files.mayOpen).toBe(true);
  expect(files.items).toEqual([
    { id: expect.stringMatching(idPattern), kind: 'image', mimeType: 'image/jpeg', size: JPEG.length, url: expect.any(String) },
    { id: expect.stringMatching(idPattern), kind: 'document', mimeType: 'application/pdf', size: PDF.length, url: expect.any(String) },
  ]);
  expect(files.items[0].url).toBe(`/api/v1/tickets/${number}/files/${files.items[0].id}`);
  expect(text).not.toContain(JPEG.subarray(0, 48).toString('base64'));
  expect(text).not.toContain('bukti pungli');

  const photo = await getBytes(t, officer, files.items[0].url);
  expect(photo.status).toBe(200);
  expect(photo.bytes.equals(JPEG)).toBe(true);
  expect(photo.headers.get('content-type')).toBe('image/jpeg');
  expect(photo.headers.get('cache-control')).toBe('no-store');
  expect(photo.headers.get('x-content-type-options')).toBe('nosniff');
  const pdf = await fetch(t.baseUrl + files.items[1].url, { headers: { authorization: `Bearer ${TEST_API_TOKEN}` } });
  expect(pdf.status).toBe(200);
  expect(Buffer.from(await pdf.arrayBuffer()).equals(PDF)).toBe(true);
  expect(pdf.headers.get('content-disposition')).toBe('attachment; filename="kuitansi.pdf"');
  expect(await db().collection('audit_log').findOne({ action: 'ticket.file_view', target: `ticket:${number}`, 'details.file': files.items[0].id })).toMatchObject({ actorName: expect.any(String), details: { kind: 'image', confidential: false } });

  // Another ticket's file is not this ticket's, even from the same person.
  const other = await complainWith(t, '6281300000301', [{ bytes: JPEG, mimeType: 'image/jpeg' }], { confidential: false, body: 'Antrean di loket tidak dipanggil sejak pagi.' });
  const theirs = (await ticketJson(officer, other)).files.items[0].id;
  const crossed = await getBytes(t, officer, `/api/v1/tickets/${number}/files/${theirs}`);
  expect(crossed.status).toBe(404);
  expect(crossed.bytes.includes(JPEG.subarray(0, 64))).toBe(false);
});

test('when an officer reads a confidential complaint, then its JSON gives only the files\' kinds, and the file\'s API address answers 403 without bytes and unaudited; a supervisor gets the URL, and each opening is audited', async () => {
  const number = await complainWith(t, '6281300000302', [{ bytes: JPEG, mimeType: 'image/jpeg', filename: 'ktp-siti.jpg' }], { confidential: true });
  const seen = await ticketJson(officer, number);
  expect(seen.files).toEqual({ mayOpen: false, items: [{ kind: 'image' }], gone: 0, inChat: 0 });
  const [id] = (await db().collection('tickets').findOne({ number }))!.fileIds as string[];
  expect(seen.text).not.toContain(id);
  const refused = await getBytes(t, officer, `/api/v1/tickets/${number}/files/${id}`);
  expect(refused.status).toBe(403);
  expect(refused.bytes.includes(JPEG.subarray(0, 64))).toBe(false);
  expect(await fileViews(number)).toBe(0);

  const allowed = await ticketJson(supervisor, number);
  expect(allowed.files.items).toEqual([{ id, kind: 'image', mimeType: 'image/jpeg', size: JPEG.length, url: `/api/v1/tickets/${number}/files/${id}` }]);
  for (let i = 0; i < 2; i++) expect((await getBytes(t, supervisor, allowed.files.items[0].url)).bytes.equals(JPEG)).toBe(true);
  expect(await fileViews(number)).toBe(2);
});
