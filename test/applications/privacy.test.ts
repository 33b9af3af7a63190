/**
 * Personal data at rest and in logs: the stored application holds NIK, KK and phone numbers
 * only as keyed hashes and ciphertexts, no collection holds a NIK or KK in clear, and no log
 * line carries a 16-digit number after checks, API calls and an import.
 */
import { startTestService, TEST_API_TOKEN, type TestService } from '../support/service';
import { createApplication, DOB_MAN, KK, NIK_MAN, NIK_WOMAN } from './fixtures';

let t: TestService;
const PHONE = '6281377555001';

beforeAll(async () => {
  t = await startTestService({ now: '2026-11-23T02:00:00Z' });
  await createApplication(t, { registrationNumber: 'BJM/2026/30001', phones: [PHONE], status: 'menunggu_verifikasi' });
  await t.send(PHONE, `cek nik ${NIK_WOMAN}`);
  await t.send('6281377555002', `cek nik ${NIK_WOMAN.replace(/(\d{4})(?=\d)/g, '$1 ')}`);
  await t.send('6281377555002', 'BJM/2026/30001');
  await t.api('GET', `/api/v1/applications?nik=${NIK_WOMAN}`);
  const csv = `registration_number,name,nik,kk_number,date_of_birth,phones,status\nBJM/2026/30002,Budi,${NIK_MAN},${KK},${DOB_MAN},6281377555003,diterima\nBJM/2026/30003,Salah,${NIK_MAN}9,${KK},${DOB_MAN},,diterima\n`;
  await fetch(`${t.baseUrl}/api/v1/applications/import`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${TEST_API_TOKEN}` }, body: csv });
});
afterAll(async () => {
  await t.close();
});

const db = () => t.service.db.connection.db!;

test('when applications are stored, then the raw documents contain none of the NIK, KK or phone digits', async () => {
  const docs = await db().collection('applications').find().toArray();
  expect(docs).toHaveLength(2);
  const raw = JSON.stringify(docs);
  for (const secret of [NIK_WOMAN, NIK_MAN, KK, PHONE, PHONE.slice(2), '6281377555003', '81377555003']) expect(raw).not.toContain(secret);
  expect(docs[0].nik).toEqual({ hash: expect.stringMatching(/^[0-9a-f]{64}$/), cipher: expect.stringMatching(/^v1:/) });
  expect(docs[0].phones).toEqual([{ hash: expect.stringMatching(/^[0-9a-f]{64}$/), cipher: expect.stringMatching(/^v1:/) }]);
});

test('when the whole database is read, then no collection holds a NIK or KK number in clear', async () => {
  for (const { name } of await db().listCollections().toArray()) {
    const raw = JSON.stringify(await db().collection(name).find().toArray());
    for (const secret of [NIK_WOMAN, NIK_MAN, KK]) expect({ collection: name, leaked: raw.includes(secret) }).toEqual({ collection: name, leaked: false });
  }
});

test('when checks, searches and an import were logged, then no log line contains a 16-digit number', () => {
  expect(t.rawLogs.length).toBeGreaterThan(0);
  // Request ids are random UUIDs whose groups can happen to be all digits: not personal data.
  const withoutIds = t.rawLogs.map((line) => line.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>'));
  const leaking = withoutIds.filter((line) => /\d(?:[\s.-]?\d){15}/.test(line) || line.includes(PHONE));
  expect(leaking).toEqual([]);
});

test('when a NIK is typed into a dashboard search the way the KTP prints it, or sent as a request id, then no log line holds it', async () => {
  const spaced = `${NIK_WOMAN.slice(0, 4)} ${NIK_WOMAN.slice(4, 8)} ${NIK_WOMAN.slice(8, 12)} ${NIK_WOMAN.slice(12)}`;
  for (const q of [encodeURIComponent(spaced), spaced.replace(/ /g, '+'), encodeURIComponent(spaced.replace(/ /g, ' - '))]) {
    await fetch(`${t.baseUrl}/dashboard/applications?q=${q}`, { headers: { 'x-request-id': `req-${NIK_WOMAN}` } });
  }
  // A request id that groups the NIK or a phone number with dashes, the way people write them.
  for (const id of [`req-${spaced.replace(/ /g, '-')}`, `req-${PHONE.replace(/^62/, '0').replace(/(\d{4})(\d{4})(\d+)/, '$1-$2-$3')}`]) {
    await fetch(`${t.baseUrl}/dashboard/applications`, { headers: { 'x-request-id': id } });
  }
  const log = t.rawLogs.join('\n');
  // The middle groups in any spelling: "1106 0997", "1106%200997", "1106+-+0997", "11060997".
  const middle = new RegExp(`${NIK_WOMAN.slice(4, 8)}\\D{0,9}${NIK_WOMAN.slice(8, 12)}`);
  expect(log).not.toMatch(middle);
  expect(log.replace(/(?<=\d)-(?=\d)/g, '')).not.toContain(PHONE.slice(2));
});

