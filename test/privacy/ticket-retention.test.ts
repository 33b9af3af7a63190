/**
 * Retention of finished complaint tickets, checked in what the database holds: once a ticket has
 * been finished longer than RETENTION_TICKET_DAYS, the retention job leaves its number, stages
 * and dates for the reports and removes the complainant's name, number, NIK, chat and every
 * text; tickets still open, or finished recently, keep everything. A data-subject search no
 * longer finds the anonymised ticket (nothing of the person is left on it).
 */
import { NIK_WOMAN } from '../applications/fixtures';
import { csrfFrom, fileComplaint, signedIn, type WebClient } from '../dashboard/support';
import { startTestService, type TestService } from '../support/service';

jest.setTimeout(120_000);

const DAY = 24 * 3_600_000;
const PHONE_OLD = '6281377792001';
const PHONE_OPEN = '6281377792002';
const PHONE_RECENT = '6281377792003';
const PHONE_DESK = '081377792004';
const RESPONSE = 'Bapak Rahmat, loket kami buka kembali pukul 08.00.';
const DESK_BODY = 'Pelapor datang ke kantor: bantuan untuk anaknya belum cair, hubungi 0813-7779-2004.';

let t: TestService;
let admin: WebClient;
let whatsappOld: string;
let deskOld: string;
let stillOpen: string;
let recent: string;

const tickets = () => t.service.db.connection.db!.collection('tickets');
const doc = async (number: string) => (await tickets().findOne({ number }))!;

async function close(number: string, respond: boolean) {
  if (respond) expect((await t.api('POST', `/api/v1/tickets/${number}/responses`, { text: RESPONSE })).status).toBeLessThan(300);
  expect((await t.api('POST', `/api/v1/tickets/${number}/transitions`, { to: respond ? 'selesai' : 'ditutup', note: `Ditutup: ${RESPONSE}` })).status).toBeLessThan(300);
}

async function runJob() {
  const job = t.service.jobs.find((j) => j.name === 'ticket-retention');
  expect(job).toBeDefined();
  await job!.run();
}

beforeAll(async () => {
  t = await startTestService({ env: { RETENTION_TICKET_DAYS: '30' } });
  admin = await signedIn(t, 'admin', ['admin']);
  // Day 0: a complaint by WhatsApp, answered and finished; one logged at the desk with a NIK, closed; one left open.
  whatsappOld = await fileComplaint(t, PHONE_OLD);
  await close(whatsappOld, true);
  const form = await admin.get('/dashboard/tickets/new');
  const created = await admin.post('/dashboard/tickets/new', {
    _csrf: csrfFrom(form.text), channel: 'walk_in', topic: 'bansos_lain', body: DESK_BODY, name: 'Rahmat Hidayat', phone: PHONE_DESK, nik: NIK_WOMAN, attachments: '0',
  });
  expect(created.status).toBe(303);
  deskOld = /ADU-[A-Z]+-\d{4}-\d{4,}/.exec(created.location!)![0];
  await close(deskOld, false);
  stillOpen = await fileComplaint(t, PHONE_OPEN);
  // Day 25: one more, finished.
  t.clock.advance(25 * DAY);
  recent = await fileComplaint(t, PHONE_RECENT);
  await close(recent, true);
  // Day 31: the first two were finished 31 days ago, the last 6.
  t.clock.advance(6 * DAY);
});
afterAll(async () => {
  await t?.close();
});

test('when the retention job runs, then tickets finished longer ago than RETENTION_TICKET_DAYS keep their number, stages and dates but no personal data', async () => {
  const before = await doc(whatsappOld);
  expect(before.complainant.phoneHash).toEqual(expect.any(String)); // there was something to remove
  await runJob();
  for (const number of [whatsappOld, deskOld]) {
    const after = await doc(number);
    expect(after).toMatchObject({
      number,
      stage: number === whatsappOld ? 'selesai' : 'ditutup',
      complainant: { name: null, phoneHash: null, phoneSealed: null, nikHash: null, nikSealed: null },
      chatHash: null,
      chatSealed: null,
      fingerprint: null,
      body: '[dihapus: masa simpan data berakhir]',
      anonymisedAt: t.clock.now(),
    });
    expect(after.receivedAt).toEqual(expect.any(Date));
    expect(after.history.map((h: { to: string }) => h.to)).toContain(after.stage);
    const dump = JSON.stringify(after);
    for (const secret of [NIK_WOMAN, '81377792001', '81377792004', '7779-2004', 'Rahmat', 'Siti Rahmawati', 'Antrean di loket', 'loket kami buka']) expect([number, dump.includes(secret)]).toEqual([number, false]);
  }
  expect((await doc(whatsappOld)).responses).toEqual([expect.objectContaining({ text: '[dihapus: masa simpan data berakhir]' })]);
});

test('when the retention job runs, then an open ticket and one finished recently keep everything', async () => {
  for (const number of [stillOpen, recent]) {
    const kept = await doc(number);
    expect(kept.complainant.phoneSealed).toEqual(expect.any(String));
    expect(kept.body).toContain('Antrean di loket');
    expect(kept.anonymisedAt).toBeUndefined();
  }
});

test('when an admin searches for the person of an anonymised ticket, then the ticket is no longer found', async () => {
  // A fresh sign-in on a fresh client: the first session is weeks old on the test clock.
  const later = await signedIn(t, 'admin-later', ['admin']);
  const csrf = await later.csrf('/dashboard/admin/privacy');
  const res = await later.post('/dashboard/admin/privacy/lookup', { _csrf: csrf, kind: 'nik', value: NIK_WOMAN, reason: 'Permintaan salinan data oleh pemohon di loket' });
  expect(res.status).toBe(200);
  expect(res.text).not.toContain(deskOld);
  const page = await later.get('/dashboard/admin/privacy');
  expect(page.text).toContain('RETENTION_TICKET_DAYS');
  expect(page.text).toContain('30 hari sejak selesai');
});
