/**
 * Views of an applicant's files in the audit log (UU 27/2022): once per person, file and sitting
 * (30 minutes). A photo shown inline is fetched on every page load and re-render, uncached; one row
 * per fetch buried the log in repeats of the same view. Who saw which file, and from when, stays
 * answerable: another person, or the same one after the sitting, writes a new row. A confidential
 * complaint's file, opened only by a deliberate click, is recorded at every opening.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startTestService, type TestService } from '../support/service';
import { csrfFrom, signedIn, type WebClient } from '../dashboard/support';
import { complainWith, getBytes, sendFile } from '../support/files';

jest.setTimeout(90_000);

const JPEG = fs.readFileSync(path.join(__dirname, '..', 'attachments', 'fixtures', 'sample-card.jpg'));

let t: TestService;
let officer: WebClient;
let colleague: WebClient;
let supervisor: WebClient;

beforeAll(async () => {
  t = await startTestService();
  officer = await signedIn(t, 'oki', ['officer', 'staff']);
  colleague = await signedIn(t, 'oka', ['officer']);
  supervisor = await signedIn(t, 'sari', ['supervisor']);
});
afterAll(async () => {
  await t?.close();
});

const db = () => t.service.db.connection.db!;
const views = (action: string, filter: Record<string, unknown> = {}) => db().collection('audit_log').find({ action, ...filter }).sort({ at: 1 }).toArray();
const fileIdsIn = (html: string) => [...new Set([...html.matchAll(/\/files\/([0-9a-f]{24})/g)].map((m) => m[1]))];

/** Loads `url` as the page's <img> would, `times` times; each load must serve the photo. */
async function load(client: WebClient, url: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const res = await getBytes(t, client, url);
    expect(res.status).toBe(200);
    expect(res.bytes.equals(JPEG)).toBe(true);
  }
}

test('when an officer reloads a ticket page with an inline photo three times, then the log holds one view of that file; a colleague adds theirs, and the same officer half an hour later one more', async () => {
  const number = await complainWith(t, '6281300000401', [{ bytes: JPEG, mimeType: 'image/jpeg', filename: 'bukti.jpg' }], { confidential: false });
  const ticketPath = `/dashboard/tickets/${number}`;
  const [id] = fileIdsIn((await officer.get(ticketPath)).text);
  const target = { target: `ticket:${number}` };
  await load(officer, `${ticketPath}/files/${id}`, 3);
  const first = await views('ticket.file_view', target);
  expect(first).toMatchObject([{ actorName: expect.any(String), details: { file: id, kind: 'image', confidential: false } }]);
  await load(colleague, `${ticketPath}/files/${id}`, 2);
  expect(new Set((await views('ticket.file_view', target)).map((v) => v.actorId)).size).toBe(2);
  t.clock.advance(31 * 60_000);
  await load(officer, `${ticketPath}/files/${id}`, 1);
  const all = await views('ticket.file_view', target);
  expect(all).toHaveLength(3);
  expect(all.filter((v) => v.actorId === first[0].actorId)).toHaveLength(2);
});

test('when a supervisor opens a confidential complaint\'s file twice, then each opening is its own row', async () => {
  const number = await complainWith(t, '6281300000402', [{ bytes: JPEG, mimeType: 'image/jpeg' }], { confidential: true });
  const ticketPath = `/dashboard/tickets/${number}`;
  const [id] = fileIdsIn((await supervisor.get(ticketPath)).text);
  await load(supervisor, `${ticketPath}/files/${id}`, 2);
  expect(await views('ticket.file_view', { target: `ticket:${number}`, 'details.confidential': true })).toHaveLength(2);
});

test('when the staff chat with an inline photo re-renders and the photo loads again, then the log holds one view of it for that sitting', async () => {
  const from = '6281300000403';
  await t.send(from, 'petugas');
  const chatPath = `/dashboard/inbox/chat/${encodeURIComponent(`simulator:${from}`)}`;
  const page = await officer.get(chatPath);
  expect((await officer.post(`${chatPath}/claim`, { _csrf: csrfFrom(page.text) })).status).toBe(303);
  await sendFile(t, from, 'image', { bytes: JPEG, mimeType: 'image/jpeg', filename: 'kk.jpg' });
  const [id] = fileIdsIn((await officer.get(`${chatPath}/history`)).text);
  const before = (await views('handoff.file_view')).length;
  await load(officer, `${chatPath}/files/${id}`, 3);
  const after = await views('handoff.file_view', { 'details.file': id });
  expect(after).toHaveLength(1);
  expect((await views('handoff.file_view')).length).toBe(before + 1);
});
