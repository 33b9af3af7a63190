/**
 * Rules kept in one place (issue 17), checked at the outermost layers so that a call site that
 * stops using the rule fails here: which stages need a note (API and dashboard), "overdue" (the
 * API's flag, its list filter, the report and the dashboard's counts and rows agree on every
 * kind of ticket), the ticket-number format (generated, accepted and refused alike by the API
 * and the dashboard), domain errors worded by one table (API code and status, Indonesian on the
 * dashboard page), the CSRF check on both the API's cookie sessions and the pages, and which
 * stage changes message the complainant (the dashboard asks first exactly when the chat gets one).
 */
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { csrfFrom, fileComplaint, signedIn, type WebClient } from '../dashboard/support';
import { startTestService, type TestService } from '../support/service';

let mongo: EmbeddedMongo;
let t: TestService;
let officer: WebClient;
const MONDAY_10_WITA = '2026-11-23T02:00:00Z';

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  t = await startTestService({ mongo, now: MONDAY_10_WITA });
  officer = await signedIn(t, 'petugas1', ['officer', 'supervisor']);
});
afterAll(async () => {
  await t.close();
  await mongo.stop();
});

const walkIn = (extra: Record<string, unknown> = {}) => ({ channel: 'walk_in', topic: 'petugas', body: 'Petugas loket membentak saya.', ...extra });
async function create(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await t.api('POST', '/api/v1/tickets', walkIn(extra));
  expect(res.status).toBe(201);
  return res.body.ticket.number;
}
const move = (n: string, to: string, note?: string) => t.api('POST', `/api/v1/tickets/${n}/transitions`, note === undefined ? { to } : { to, note });

describe('a note is required for waiting on the complainant and for closing', () => {
  test.each(['menunggu_pelapor', 'ditutup'])('when the API moves a ticket to %s without a note, then the answer is 400 on body.note', async (to) => {
    const n = await create();
    const res = await move(n, to);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', details: [expect.objectContaining({ path: 'body.note' })] });
    expect((await move(n, to, '   ')).status).toBe(400);
    expect((await t.api('GET', `/api/v1/tickets/${n}`)).body.ticket.stage).toBe('baru');
  });

  test.each([
    ['menunggu_pelapor', 'Menunggu pelapor'],
    ['ditutup', 'Ditutup'],
  ])('when the dashboard moves a ticket to %s without a note, then the ticket page says the note is required', async (to, label) => {
    const n = await create();
    const page = await officer.get(`/dashboard/tickets/${n}`);
    const res = await officer.post(`/dashboard/tickets/${n}/transition`, { _csrf: csrfFrom(page.text), to, note: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain(`Catatan wajib diisi untuk tahap &quot;${label}&quot;`);
    expect(res.text).toContain('id="ticket-stage"'); // the ticket page, not the error page
  });

  test('when a stage needs no note, then none is asked for', async () => {
    const n = await create();
    expect((await move(n, 'cek_administrasi')).status).toBe(200);
  });
});

describe('overdue: one definition everywhere', () => {
  test('when tickets are late now, answered late, answered in time, paused, escalated then paused, escalated then closed, closed and new, then the API flag, its filter, the reports and the dashboard list agree', async () => {
    const fresh = await startTestService({ mongo, now: MONDAY_10_WITA }); // due Thursday 26 Nov 16:00 WITA
    try {
      const make = async (extra: Record<string, unknown> = {}) => (await fresh.api('POST', '/api/v1/tickets', walkIn(extra))).body.ticket.number as string;
      const go = (n: string, to: string, note?: string) => fresh.api('POST', `/api/v1/tickets/${n}/transitions`, { to, note });
      const answer = (n: string) => fresh.api('POST', `/api/v1/tickets/${n}/responses`, { text: 'Sudah kami tindak lanjuti.' });
      const [escalated, answeredLate, answeredInTime, paused, escalatedThenPaused, escalatedThenClosed, closed] = await Promise.all(Array.from({ length: 7 }, () => make()));

      fresh.clock.set('2026-11-24T02:00:00Z'); // Tuesday
      await answer(answeredInTime);
      await go(paused, 'menunggu_pelapor', 'Mohon kirim nomor antrean.');
      await go(closed, 'ditutup', 'Aduan ganda.');

      fresh.clock.set('2026-11-27T02:00:00Z'); // Friday, past Thursday's deadline
      await answer(answeredLate);
      await fresh.service.jobs.find((j) => j.name === 'complaints-sla-monitor')!.run();
      for (const n of [escalated, escalatedThenPaused, escalatedThenClosed]) expect((await fresh.api('GET', `/api/v1/tickets/${n}`)).body.ticket.alerts.escalatedAt).not.toBeNull();
      await go(escalatedThenPaused, 'menunggu_pelapor', 'Mohon kirim foto berkas.');
      await go(escalatedThenClosed, 'ditutup', 'Pelapor mencabut aduannya.');
      // Logged after the monitor ran, received on Monday: late now, not yet recorded as such.
      const lateUnseen = await make({ receivedAt: '2026-11-23T10:00:00+08:00' });
      const brandNew = await make();

      const overdue = [escalated, answeredLate, escalatedThenPaused, escalatedThenClosed, lateUnseen].sort();
      const notOverdue = [answeredInTime, paused, closed, brandNew].sort();
      const all = (await fresh.api('GET', '/api/v1/tickets')).body.tickets as { number: string; overdue: boolean }[];
      expect(all.filter((x) => x.overdue).map((x) => x.number).sort()).toEqual(overdue);
      const filtered = async (q: string) => ((await fresh.api('GET', `/api/v1/tickets?overdue=${q}`)).body.tickets as { number: string }[]).map((x) => x.number).sort();
      expect(await filtered('true')).toEqual(overdue);
      expect(await filtered('false')).toEqual(notOverdue);

      const report = (await fresh.api('GET', '/api/v1/reports/tickets')).body;
      expect(report.overdue.tickets.map((x: { number: string }) => x.number).sort()).toEqual(overdue);
      const csv = (await fresh.api('GET', '/api/v1/reports/tickets.csv')).text;
      for (const n of overdue) expect(csv).toMatch(new RegExp(`^${n},.*,yes,[^,]*,(yes|no),(yes|no),[^,]*$`, 'm'));

      const supervisor = await signedIn(fresh, 'kepala1', ['supervisor']);
      const reports = await supervisor.get('/dashboard/reports?from=2026-11-01&to=2026-11-30');
      expect(reports.text).toMatch(/<div class="n">5<\/div>melewati batas waktu/);
      // Still owed a first response and not finished: neither answered-late nor escalated-then-closed.
      expect(reports.text).toMatch(/<div class="n">3<\/div>terlambat saat ini/);
      const rows = (await supervisor.get('/dashboard/tickets/rows?overdue=true&show=all')).text;
      for (const n of overdue) expect(rows).toContain(`data-ticket="${n}"`);
      for (const n of notOverdue) expect(rows).not.toContain(`data-ticket="${n}"`);
      const lateRows = [...rows.matchAll(/<tr class="overdue" data-ticket="([^"]+)"/g)].map((m) => m[1]).sort();
      expect(lateRows).toEqual(overdue);
    } finally {
      await fresh.close();
    }
  });
});

describe('the ticket-number format', () => {
  test('when a ticket is numbered, then the API and the dashboard accept that number and refuse one out of format alike', async () => {
    const n = await create();
    expect(n).toMatch(/^ADU-BJM-2611-\d{4}$/);
    expect((await t.api('GET', `/api/v1/tickets/${n}`)).status).toBe(200);
    expect((await officer.get(`/dashboard/tickets/${n}`)).status).toBe(200);
    for (const bad of [n.slice(0, -1), n.toLowerCase(), `${n}x`]) {
      expect((await t.api('GET', `/api/v1/tickets/${encodeURIComponent(bad)}`)).status).toBe(400);
      expect((await officer.get(`/dashboard/tickets/${encodeURIComponent(bad)}`)).status).toBe(404);
    }
    // In format but unknown: the domain's not_found, 404 on both.
    expect((await t.api('GET', '/api/v1/tickets/ADU-BJM-2611-9999')).body.error.code).toBe('not_found');
    expect((await officer.get('/dashboard/tickets/ADU-BJM-2611-9999')).status).toBe(404);
  });
});

describe('domain errors, worded at the edges', () => {
  test('when a move is not allowed, then the API answers 409 invalid_transition with the allowed stages and the dashboard says it in Indonesian', async () => {
    const n = await create();
    const res = await move(n, 'selesai');
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'invalid_transition', details: { from: 'baru', to: 'selesai' } });
    const page = await officer.get(`/dashboard/tickets/${n}`);
    const refused = await officer.post(`/dashboard/tickets/${n}/transition`, { _csrf: csrfFrom(page.text), to: 'selesai', note: 'x' });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('Perubahan tahap ini tidak diizinkan dari tahap sekarang.');
    expect(refused.text).toContain('id="ticket-stage"'); // shown on the ticket page, beside its form
  });

  test('when an open ticket is reopened, then the API answers 409 ticket_open and the dashboard page says why', async () => {
    const n = await create();
    expect((await t.api('POST', `/api/v1/tickets/${n}/reopen`, { reason: 'Pelapor keberatan.' })).body.error.code).toBe('ticket_open');
    expect((await t.api('POST', `/api/v1/tickets/${n}/reopen`, { reason: '  ' })).body.error.details[0].path).toBe('body.reason');
    const page = await officer.get(`/dashboard/tickets/${n}`);
    const refused = await officer.post(`/dashboard/tickets/${n}/reopen`, { _csrf: csrfFrom(page.text), reason: 'Pelapor keberatan.' });
    expect(refused.status).toBe(409);
    expect(refused.text).toContain('hanya pengaduan yang selesai atau ditutup yang dapat dibuka kembali');
  });

  test('when a receipt time in the future is sent, then the desk refuses it on receivedAt', async () => {
    const res = await t.api('POST', '/api/v1/tickets', walkIn({ receivedAt: '2026-12-01T09:00:00+08:00' }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'body.receivedAt', message: 'must not be in the future' }]);
  });
});

describe('the CSRF check', () => {
  test('when a signed-in session changes something without its token, then both the API and the dashboard refuse it with 403, and accept it with the token', async () => {
    const n = await create();
    const page = await officer.get(`/dashboard/tickets/${n}`);
    const token = csrfFrom(page.text);
    const api = (headers: Record<string, string>) => officer.request('POST', `/api/v1/tickets/${n}/transitions`, { json: { to: 'cek_administrasi' }, headers });
    expect((await api({})).status).toBe(403);
    expect((await api({ 'x-csrf-token': `${token}x` })).status).toBe(403);
    expect((await officer.post(`/dashboard/tickets/${n}/transition`, { to: 'koordinasi', note: '' })).status).toBe(403);
    expect((await officer.post(`/dashboard/tickets/${n}/transition`, { _csrf: '', to: 'koordinasi', note: '' })).status).toBe(403);
    expect((await api({ 'x-csrf-token': token })).status).toBe(200);
    expect((await officer.post(`/dashboard/tickets/${n}/transition`, { _csrf: token, to: 'koordinasi', note: '' })).status).toBe(303);
  });
});

describe('a stage change that messages the complainant', () => {
  // Every stage a ticket filed from a chat can be moved out of, with how to get it there.
  const FROM: [string, (n: string) => Promise<unknown>][] = [
    ['baru', async () => undefined],
    ['cek_administrasi', (n) => move(n, 'cek_administrasi')],
    ['koordinasi', (n) => move(n, 'koordinasi')],
    ['menunggu_pelapor, unanswered', (n) => move(n, 'menunggu_pelapor', 'Mohon kirim foto kartu.')],
    ['ditanggapi', (n) => t.api('POST', `/api/v1/tickets/${n}/responses`, { text: 'Sudah kami tindak lanjuti.' })],
    ['menunggu_pelapor, answered', async (n) => {
      await t.api('POST', `/api/v1/tickets/${n}/responses`, { text: 'Sudah kami tindak lanjuti.' });
      await move(n, 'menunggu_pelapor', 'Mohon kirim foto kartu.');
    }],
  ];
  let phone = 0;

  test.each(FROM)('when a ticket in %s is moved to each stage it may take on the dashboard, then the page asks first exactly when the chat gets a message', async (_from, reach) => {
    const told: Record<string, { asked: boolean; messaged: boolean }> = {};
    const first = await fileComplaint(t, `6281255500${String(++phone).padStart(3, '0')}`);
    await reach(first);
    const stageSelect = /<select id="to"[^]*?<\/select>/.exec((await officer.get(`/dashboard/tickets/${first}`)).text)![0];
    const options = [...stageSelect.matchAll(/<option value="(\w+)"/g)].map((m) => m[1]);
    expect(options.length).toBeGreaterThan(0);
    for (const to of options) {
      const from = `6281255500${String(++phone).padStart(3, '0')}`;
      const n = await fileComplaint(t, from);
      await reach(n);
      const page = await officer.get(`/dashboard/tickets/${n}`);
      const asked = new RegExp(`<option value="${to}" data-confirm=`).test(page.text);
      const before = (await t.transcript(from)).length;
      const res = await officer.post(`/dashboard/tickets/${n}/transition`, { _csrf: csrfFrom(page.text), to, note: 'Catatan petugas.' });
      expect(res.status).toBe(303);
      told[to] = { asked, messaged: (await t.transcript(from)).length > before };
    }
    for (const [to, { asked, messaged }] of Object.entries(told)) expect({ to, asked }).toEqual({ to, asked: messaged });
  });
});
