/**
 * The register of data-subject requests, over HTTP as a signed-in admin: a request written down
 * when received gets the law's deadline (3×24 hours), is shown open until its answer is recorded,
 * and is flagged overdue — on the register and on the privacy page — once the deadline passes
 * unanswered. What the database holds names the person only masked and by pseudonym.
 */
import { createPiiCipher } from '../../src/applications/pii-crypto';
import { subjectTarget } from '../../src/privacy/subject';
import { NIK_WOMAN } from '../applications/fixtures';
import { signedIn, type WebClient } from '../dashboard/support';
import { startTestService, TEST_KEY, type TestService } from '../support/service';

jest.setTimeout(60_000);

const BASE = '/dashboard/admin/privacy';
const REGISTER = `${BASE}/requests`;
const cipher = createPiiCipher(TEST_KEY);

let t: TestService;
let admin: WebClient;

beforeAll(async () => {
  t = await startTestService({}); // Monday 23 Nov 2026 10:00 WITA
  admin = await signedIn(t, 'admin', ['admin']);
});
afterAll(async () => {
  await t?.close();
});

const db = () => t.service.db.connection.db!;

async function registerRequest(form: Record<string, string>) {
  const csrf = await admin.csrf(REGISTER);
  return admin.post(REGISTER, { _csrf: csrf, kind: 'nik', value: NIK_WOMAN, requestKind: 'access', channel: 'counter', note: '', ...form });
}

/** The row of one request on the register page. */
function rowOf(page: string, number: string): string {
  const m = new RegExp(`<tr data-request="${number}"[^>]*>[\\s\\S]*?</tr>`).exec(page);
  if (!m) throw new Error(`no row for ${number}`);
  return m[0];
}

test('when a request is registered, then the register shows it open with a deadline 3×24 hours after receipt, and the database holds no NIK', async () => {
  // Received at the counter on Monday 09:30 WITA, written down at 10:00.
  const res = await registerRequest({ receivedAt: '2026-11-23T09:30', note: 'Surat 12/XI/2026, pemohon hubungi 081377790001' });
  expect(res.status).toBe(303);
  const page = (await admin.get(REGISTER)).text;
  const row = rowOf(page, 'PDP-2026-0001');
  expect(row).toContain('NIK 6371********0001');
  expect(row).toContain('23 Nov 2026 09.30 WITA');
  expect(row).toContain('26 Nov 2026 09.30 WITA'); // Thursday: 72 clock hours later
  expect(row).toContain('data-overdue="false"');
  expect(row).not.toContain('Lewat batas waktu');

  const stored = await db().collection('privacy_requests').find().toArray();
  expect(stored).toHaveLength(1);
  expect(stored[0]).toMatchObject({
    status: 'open',
    receivedAt: new Date('2026-11-23T01:30:00Z'),
    dueAt: new Date('2026-11-26T01:30:00Z'),
    subjectTarget: subjectTarget(cipher, { kind: 'nik', nik: NIK_WOMAN }),
  });
  const dump = JSON.stringify(stored);
  expect(dump).not.toContain(NIK_WOMAN);
  expect(dump).not.toContain('81377790001');
  const audit = await t.service.modules.audit.forTarget(subjectTarget(cipher, { kind: 'nik', nik: NIK_WOMAN }));
  expect(audit.map((e) => e.action)).toEqual(['privacy.request_registered']);
});

test('when the deadline passes unanswered, then the register and the privacy page flag it overdue; once answered it is no longer open', async () => {
  t.clock.set('2026-11-26T01:31:00Z'); // one minute past the deadline
  expect((await admin.login('admin')).status).toBe(303); // three days on, the sign-in has lapsed
  const register = (await admin.get(REGISTER)).text;
  const row = rowOf(register, 'PDP-2026-0001');
  expect(row).toContain('data-overdue="true"');
  expect(row).toContain('Lewat batas waktu');
  expect(register).toContain('1 permintaan lewat batas waktu 3×24 jam');
  const home = (await admin.get(BASE)).text;
  expect(home).toMatch(/id="privacy-requests-overdue">1 lewat batas waktu/);

  const id = (await db().collection('privacy_requests').findOne({ number: 'PDP-2026-0001' }))!._id.toString();
  const csrf = await admin.csrf(REGISTER);
  expect((await admin.post(`${REGISTER}/${id}/close`, { _csrf: csrf, outcome: 'answered', note: 'Salinan data diserahkan di loket' })).status).toBe(303);
  const after = (await admin.get(REGISTER)).text;
  expect(after).toContain('id="privacy-no-open-requests"');
  expect(rowOf(after, 'PDP-2026-0001')).toContain('terlambat');
  expect((await admin.get(BASE)).text).not.toContain('privacy-requests-overdue');
  // Answered twice: refused, nothing changes.
  expect((await admin.post(`${REGISTER}/${id}/close`, { _csrf: csrf, outcome: 'refused', note: 'Salah klik lagi' })).status).toBe(409);
  expect(await db().collection('privacy_requests').findOne({ number: 'PDP-2026-0001' })).toMatchObject({ status: 'answered', outcomeNote: 'Salinan data diserahkan di loket' });
});

test('when a request is received in the future, has no valid NIK or no kind, then 400 with the reasons and nothing is registered', async () => {
  const before = await db().collection('privacy_requests').countDocuments();
  const future = await registerRequest({ receivedAt: '2026-12-31T10:00' });
  expect(future.status).toBe(400);
  expect(future.text).toContain('Waktu diterima tidak boleh di masa depan.');
  const badNik = await registerRequest({ value: '1234' });
  expect(badNik.status).toBe(400);
  expect(badNik.text).toContain('NIK tidak valid');
  const badKind = await registerRequest({ requestKind: 'gossip' });
  expect(badKind.status).toBe(400);
  expect(badKind.text).toContain('Pilih jenis permintaan.');
  expect(await db().collection('privacy_requests').countDocuments()).toBe(before);
});

test('when a non-admin opens or posts to the register, then 403', async () => {
  const officer = await signedIn(t, 'officer', ['officer', 'supervisor', 'verifier', 'staff']);
  expect((await officer.get(REGISTER)).status).toBe(403);
  const csrf = await officer.csrf('/dashboard/inbox');
  expect((await officer.post(REGISTER, { _csrf: csrf, kind: 'nik', value: NIK_WOMAN, requestKind: 'access', channel: 'counter' })).status).toBe(403);
});
