/**
 * The officers' ticket API over real HTTP: logging tickets from other channels, sequential
 * numbers under concurrency, validated transitions, assignment and LAPOR! ids, list filters,
 * confidential identities, the report with its CSV export, validation errors and authorisation.
 */
import type { Actor, Role } from '../../src/http/api-auth';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { seedUser } from '../dashboard/support';
import { startTestService, type TestService } from '../support/service';

let mongo: EmbeddedMongo;
let t: TestService;
const MONDAY_10_WITA = '2026-11-23T02:00:00Z';

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  t = await startTestService({ mongo, now: MONDAY_10_WITA });
  // Dashboard sessions stand in as a header naming the signed-in user, so roles can be tested.
  t.service.modules.auth.sessionUser = async (req) => {
    const header = req.headers['x-test-user'];
    if (typeof header !== 'string') return null;
    const [id, roles] = header.split(':');
    return { id, name: `Pegawai ${id}`, roles: roles.split(',') as Role[] } satisfies Actor;
  };
});
afterAll(async () => {
  await t.close();
  await mongo.stop();
});

/** A request as a signed-in dashboard user, e.g. "off-1:officer". */
async function as(user: string, method: string, path: string, body?: unknown) {
  const headers: Record<string, string> = { 'x-test-user': user };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(t.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text.startsWith('{') ? JSON.parse(text) : undefined, text, headers: res.headers };
}

const walkIn = (extra: Record<string, unknown> = {}) => ({ channel: 'walk_in', topic: 'petugas', body: 'Petugas loket membentak saya.', ...extra });

async function create(extra: Record<string, unknown> = {}) {
  const res = await t.api('POST', '/api/v1/tickets', walkIn(extra));
  expect(res.status).toBe(201);
  return res.body.ticket;
}

describe('ticket numbers', () => {
  test('when 50 tickets are logged at once, then they get numbers 0001 to 0050 of the month with none duplicated or skipped', async () => {
    const fresh = await startTestService({ mongo, now: MONDAY_10_WITA });
    try {
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => fresh.api('POST', '/api/v1/tickets', walkIn({ body: `Aduan nomor ${i}` }))));
      expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
      const numbers = results.map((r) => r.body.ticket.number as string).sort();
      expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => `ADU-BJM-2611-${String(i + 1).padStart(4, '0')}`));
      // A new month starts a new series.
      fresh.clock.set('2026-12-01T02:00:00Z');
      const december = await fresh.api('POST', '/api/v1/tickets', walkIn());
      expect(december.body.ticket.number).toBe('ADU-BJM-2612-0001');
    } finally {
      await fresh.close();
    }
  });
});

describe('logging a ticket from another channel', () => {
  test('when an officer logs a complaint-box ticket received earlier, then the deadline counts from the receipt and the phone is kept but not in plain text', async () => {
    const res = await t.api('POST', '/api/v1/tickets', {
      channel: 'complaint_box',
      topic: 'bansos_lain',
      body: 'Bantuan beras tidak sampai.',
      receivedAt: '2026-11-20T09:00:00+08:00',
      complainant: { name: 'Ahmad', phone: '0812-3456-7891', nik: '3204110609970001' },
      attachments: 2,
      laporTrackingId: 'LAPOR-8812',
    });
    expect(res.status).toBe(201);
    expect(res.body.ticket).toMatchObject({
      channel: 'complaint_box',
      receivedAt: '2026-11-20T09:00:00+08:00',
      responseDueAt: '2026-11-25T16:00:00+08:00',
      complainant: { name: 'Ahmad', phone: '+6281234567891', nik: '3204********0001' },
      lapor: { classification: 'pengaduan', category: 'Sosial dan Kesejahteraan', trackingId: 'LAPOR-8812' },
      attachments: 2,
    });
    const raw = await t.service.db.connection.collection('tickets').findOne({ number: res.body.ticket.number });
    const stored = JSON.stringify(raw);
    expect(stored).not.toContain('3204110609970001');
    expect(stored).not.toContain('81234567891');
  });

  test('when the body is invalid, then the answer is 400 naming every wrong field', async () => {
    const res = await t.api('POST', '/api/v1/tickets', {
      channel: 'fax',
      topic: 'loket',
      body: '',
      complainant: { phone: '12345', nik: '1234' },
      receivedAt: 'kemarin',
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.channel', 'body.body', 'body.complainant.phone', 'body.complainant.nik', 'body.receivedAt']));
    expect(res.text).not.toContain('12345');
  });

  test('when an officer logs a ticket under the simulator\'s channel, then it is refused: only a simulator chat files there', async () => {
    const res = await t.api('POST', '/api/v1/tickets', { channel: 'simulator', topic: 'loket', body: 'Antrean lama.' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['body.channel']);
  });

  test('when the receipt time is in the future, then the answer is 400 on receivedAt', async () => {
    const res = await t.api('POST', '/api/v1/tickets', walkIn({ receivedAt: '2026-12-01T09:00:00+08:00' }));
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('body.receivedAt');
  });

  test('when a ticket number is malformed or unknown, then the answer is 400 or 404', async () => {
    expect((await t.api('GET', '/api/v1/tickets/ADU-123')).status).toBe(400);
    expect((await t.api('GET', '/api/v1/tickets/ADU-BJM-2611-9999')).status).toBe(404);
  });
});

describe('stages', () => {
  test('when an officer moves a ticket through the stages, then each transition is recorded with actor, time and note, and invalid moves are refused', async () => {
    const ticket = await create();
    const n = ticket.number;
    expect((await t.api('POST', `/api/v1/tickets/${n}/transitions`, { to: 'selesai' })).status).toBe(409);
    const toDitanggapi = await t.api('POST', `/api/v1/tickets/${n}/transitions`, { to: 'ditanggapi' });
    expect(toDitanggapi.status).toBe(409);
    expect(toDitanggapi.body.error.message).toContain('send a response');

    t.clock.set('2026-11-23T03:00:00Z');
    const checked = await as('off-1:officer', 'POST', `/api/v1/tickets/${n}/transitions`, { to: 'cek_administrasi', note: 'Berkas diperiksa.' });
    expect(checked.status).toBe(200);
    await t.api('POST', `/api/v1/tickets/${n}/transitions`, { to: 'koordinasi', note: 'Diteruskan ke Kabid.' });
    await t.api('POST', `/api/v1/tickets/${n}/responses`, { text: 'Petugas yang bersangkutan sudah ditegur.' });
    const done = await t.api('POST', `/api/v1/tickets/${n}/transitions`, { to: 'selesai', note: 'Selesai.' });
    expect(done.body.ticket.stage).toBe('selesai');
    expect(done.body.ticket.allowedTransitions).toEqual([]);
    expect(done.body.ticket.history.map((h: { to: string }) => h.to)).toEqual(['baru', 'cek_administrasi', 'koordinasi', 'ditanggapi', 'selesai']);
    expect(done.body.ticket.history[1]).toMatchObject({ from: 'baru', actorId: 'off-1', actorName: 'Pegawai off-1', note: 'Berkas diperiksa.', at: '2026-11-23T11:00:00+08:00' });
    // Nothing is answered after the end.
    expect((await t.api('POST', `/api/v1/tickets/${n}/responses`, { text: 'lagi' })).status).toBe(409);

    const audit = await t.service.modules.audit.forTarget(`ticket:${n}`);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['ticket.created', 'ticket.transition', 'ticket.responded']));
  });

  test('when a transition lacks its reason or names an unknown stage, then the answer is 400 naming the field', async () => {
    const ticket = await create();
    const noReason = await t.api('POST', `/api/v1/tickets/${ticket.number}/transitions`, { to: 'menunggu_pelapor' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].path).toBe('body.note');
    const unknown = await t.api('POST', `/api/v1/tickets/${ticket.number}/transitions`, { to: 'beres' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('body.to');
  });

  test('when a ticket without a chat is answered, then the response is recorded and marked as not delivered', async () => {
    const ticket = await create();
    const res = await t.api('POST', `/api/v1/tickets/${ticket.number}/responses`, { text: 'Kami telepon Bapak.' });
    expect(res.status).toBe(201);
    expect(res.body.delivered).toBe(false);
    expect(res.body.ticket.responses).toEqual([expect.objectContaining({ text: 'Kami telepon Bapak.', sentToChat: false })]);
  });
});

describe('assignment, confidentiality and LAPOR!', () => {
  test('when a confidential ticket is assigned and read, then nobody sees who filed it by default, not even the assignee', async () => {
    const budi = await seedUser(t, 'budi-conf', ['officer'], { name: 'Budi' });
    const ticket = await create({ confidential: true, complainant: { name: 'Rahasia Sekali', phone: '081234567892' } });
    const n = ticket.number;
    // The officer assigns the ticket to himself: that must not unmask the complainant.
    const assigned = await as(`${budi.id}:officer`, 'POST', `/api/v1/tickets/${n}/assignment`, { assignee: { id: budi.id } });
    expect(assigned.status).toBe(200);
    expect(assigned.body.ticket.assignee).toEqual({ id: budi.id, name: 'Budi' });
    expect(assigned.text).not.toContain('Rahasia Sekali');

    for (const viewer of [`${budi.id}:officer`, 'off-2:officer', 'sup-1:supervisor', 'adm-1:admin']) {
      const res = await as(viewer, 'GET', `/api/v1/tickets/${n}`);
      expect(res.status).toBe(200);
      expect(res.body.ticket.complainant).toEqual({ hidden: true, name: null, phone: null, nik: null, identityComplete: true });
      expect(res.text).not.toContain('Rahasia Sekali');
      expect(res.text).not.toContain('1234567892');
    }
    const list = await as(`${budi.id}:officer`, 'GET', `/api/v1/tickets?assignee=${budi.id}`);
    expect(list.body.tickets.find((x: { number: string }) => x.number === n)).toMatchObject({ complainantName: null, identityHidden: true });
    const audit = await t.service.modules.audit.forTarget(`ticket:${n}`);
    expect(audit.some((a) => a.action === 'ticket.identity_viewed' || a.action === 'ticket.identity_revealed')).toBe(false);
  });

  test('when a confidential complainant is revealed, then only a supervisor or admin may, only with a reason, and each reveal is audited with it', async () => {
    const budi = await seedUser(t, 'budi-reveal', ['officer'], { name: 'Budi' });
    const ticket = await create({ confidential: true, complainant: { name: 'Rahasia Dua', phone: '081234567893' } });
    const n = ticket.number;
    await t.api('POST', `/api/v1/tickets/${n}/assignment`, { assignee: { id: budi.id } });
    const reason = 'Klarifikasi aduan terhadap petugas loket';
    const officer = await as(`${budi.id}:officer`, 'GET', `/api/v1/tickets/${n}?reveal=identity&reason=${encodeURIComponent(reason)}`);
    expect(officer.status).toBe(403);
    expect(officer.text).not.toContain('Rahasia Dua');
    const noReason = await as('sup-1:supervisor', 'GET', `/api/v1/tickets/${n}?reveal=identity`);
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details).toEqual([expect.objectContaining({ path: 'query.reason' })]);

    const supervisor = await as('sup-1:supervisor', 'GET', `/api/v1/tickets/${n}?reveal=identity&reason=${encodeURIComponent(reason)}`);
    expect(supervisor.body.ticket.complainant).toMatchObject({ hidden: false, name: 'Rahasia Dua', phone: '+6281234567893' });
    const admin = await t.api('GET', `/api/v1/tickets/${n}?reveal=identity&reason=${encodeURIComponent('Permintaan pimpinan untuk tindak lanjut')}`);
    expect(admin.body.ticket.complainant.name).toBe('Rahasia Dua');

    const audit = await t.service.modules.audit.forTarget(`ticket:${n}`);
    const reveals = audit.filter((a) => a.action === 'ticket.identity_revealed');
    expect(reveals.map((a) => a.actorId)).toEqual(expect.arrayContaining(['sup-1', 'api-token']));
    expect(reveals).toHaveLength(2);
    expect(reveals.map((a) => (a.details as { reason: string }).reason)).toEqual(expect.arrayContaining([reason]));
  });

  test('when a ticket is assigned to a made-up, inactive or non-officer account, then it is refused and the name always comes from the account', async () => {
    const ticket = await create();
    const n = ticket.number;
    const verifier = await seedUser(t, 'verif-only', ['verifier']);
    const gone = await seedUser(t, 'pensiun', ['officer']);
    await t.service.db.connection.db!.collection('staff_users').updateOne({ username: 'pensiun' }, { $set: { active: false } });
    for (const id of ['off-1', '000000000000000000000000', verifier.id, gone.id]) {
      const res = await t.api('POST', `/api/v1/tickets/${n}/assignment`, { assignee: { id, name: 'Budi' } });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'body.assignee.id' })]);
    }
    const logged = await t.api('POST', '/api/v1/tickets', walkIn({ assignee: { id: 'off-1', name: 'Budi' } }));
    expect(logged.status).toBe(400);
    const real = await seedUser(t, 'sri-asli', ['officer'], { name: 'Sri Asli' });
    const ok = await t.api('POST', `/api/v1/tickets/${n}/assignment`, { assignee: { id: real.id, name: 'Nama Karangan' } });
    expect(ok.status).toBe(200);
    expect(ok.body.ticket.assignee).toEqual({ id: real.id, name: 'Sri Asli' });
    const stored = await t.service.db.connection.db!.collection('tickets').findOne({ number: n });
    expect(stored!.assignee).toEqual({ id: real.id, name: 'Sri Asli' });
  });

  test('when the LAPOR! tracking id is stored, then the ticket shows it with its LAPOR! classification', async () => {
    const ticket = await create({ topic: 'kepesertaan' });
    const res = await t.api('PUT', `/api/v1/tickets/${ticket.number}/lapor`, { trackingId: 'LPR-2026-0099' });
    expect(res.status).toBe(200);
    expect(res.body.ticket.lapor).toEqual({ classification: 'pengaduan', category: 'Kesehatan', trackingId: 'LPR-2026-0099' });
  });
});

describe('authorisation', () => {
  test('when no credentials are sent, then every ticket route answers 401', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/tickets'],
      ['POST', '/api/v1/tickets'],
      ['GET', '/api/v1/tickets/ADU-BJM-2611-0001'],
      ['POST', '/api/v1/tickets/ADU-BJM-2611-0001/responses'],
      ['GET', '/api/v1/reports/tickets'],
      ['GET', '/api/v1/reports/tickets.csv'],
    ]) {
      expect([method, path, (await t.api(method, path, method === 'POST' ? {} : undefined, null)).status]).toEqual([method, path, 401]);
    }
    expect((await t.api('GET', '/api/v1/tickets', undefined, 'wrong-token-wrong-token-wrong')).status).toBe(401);
  });

  test('when a signed-in user has neither the officer nor the supervisor role, then the answer is 403', async () => {
    expect((await as('ver-1:verifier', 'GET', '/api/v1/tickets')).status).toBe(403);
    expect((await as('off-3:officer', 'GET', '/api/v1/tickets')).status).toBe(200);
  });
});

describe('listing and reporting', () => {
  let reportService: TestService;
  let budiId: string;
  beforeAll(async () => {
    reportService = await startTestService({ mongo, now: '2026-11-02T02:00:00Z' }); // Monday 2 November, 10:00 WITA
    const api = reportService.api;
    budiId = (await seedUser(reportService, 'budi-report', ['officer'], { name: 'Budi' })).id;
    const log = async (at: string, extra: Record<string, unknown> = {}) => {
      reportService.clock.set(at);
      return (await api('POST', '/api/v1/tickets', walkIn(extra))).body.ticket.number as string;
    };
    // Answered after 2 working hours (Monday 10:00 → 12:00).
    const a = await log('2026-11-02T02:00:00Z', { channel: 'email' });
    reportService.clock.set('2026-11-02T04:00:00Z');
    await api('POST', `/api/v1/tickets/${a}/responses`, { text: 'Ditanggapi.' });
    // Answered after 10.5 working hours (Monday 10:00 → Tuesday 12:00: 6 + 4.5).
    const b = await log('2026-11-02T02:00:00Z', { channel: 'email', assignee: { id: budiId } });
    reportService.clock.set('2026-11-03T04:00:00Z');
    await api('POST', `/api/v1/tickets/${b}/responses`, { text: 'Ditanggapi.' });
    await api('POST', `/api/v1/tickets/${b}/transitions`, { to: 'selesai', note: 'Tuntas.' });
    // Never answered: due Thursday 5 November 16:00, overdue by the 9th.
    await log('2026-11-02T03:00:00Z', { channel: 'instagram' });
    // Received later, still within its deadline.
    await log('2026-11-09T02:00:00Z', { channel: 'walk_in' });
    reportService.clock.set('2026-11-09T03:00:00Z');
  });
  afterAll(() => reportService.close());

  test('when tickets are listed with filters, then stage, overdue, assignee, channel and dates narrow the list', async () => {
    const get = async (q: string) => ((await reportService.api('GET', `/api/v1/tickets${q}`)).body.tickets as { number: string; channel: string }[]).map((x) => x.channel);
    expect(await get('')).toHaveLength(4);
    expect(await get('?overdue=true')).toEqual(['instagram']);
    expect(await get('?overdue=false')).toHaveLength(3);
    expect(await get('?stage=selesai')).toEqual(['email']);
    expect(await get(`?assignee=${budiId}`)).toEqual(['email']);
    expect(await get('?assignee=none')).toHaveLength(3);
    expect(await get('?channel=email')).toEqual(['email', 'email']);
    expect(await get('?from=2026-11-09&to=2026-11-09')).toEqual(['walk_in']);
    expect(await get('?to=2026-11-02')).toHaveLength(3);
  });

  test('when the list query is invalid, then the answer is 400 naming the parameters', async () => {
    const res = await reportService.api('GET', '/api/v1/tickets?stage=beres&overdue=maybe&from=2026-13-01&limit=0');
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['query.stage', 'query.overdue', 'query.from', 'query.limit']));
    const reversed = await reportService.api('GET', '/api/v1/reports/tickets?from=2026-11-10&to=2026-11-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details[0].path).toBe('query.from');
  });

  test('when the report is asked for, then it counts stages, lists overdue tickets and gives the median working hours to first response', async () => {
    const res = await reportService.api('GET', '/api/v1/reports/tickets');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      total: 4,
      byStage: { baru: 2, ditanggapi: 1, selesai: 1, cek_administrasi: 0 },
      byChannel: { email: 2, instagram: 1, walk_in: 1 },
      overdue: { count: 1, tickets: [expect.objectContaining({ responseDueAt: '2026-11-05T16:00:00+08:00' })] },
      firstResponse: { responded: 2, withinDeadline: 2, medianWorkingHours: 6.25 },
      rating: { count: 0, average: null },
    });
    const november2 = await reportService.api('GET', '/api/v1/reports/tickets?from=2026-11-02&to=2026-11-02');
    expect(november2.body.total).toBe(3);
  });

  test('when the CSV export is asked for, then it has a header and one row per ticket without personal data', async () => {
    const res = await reportService.api('GET', '/api/v1/reports/tickets.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const lines = res.text.trim().split('\n');
    expect(lines[0]).toBe(
      'number,received_at,channel,topic,lapor_category,lapor_tracking_id,stage,response_due_at,provisional,responded_at,working_hours_to_first_response,overdue,assignee,confidential,identity_complete,rating',
    );
    expect(lines).toHaveLength(5);
    expect(lines[1]).toMatch(/^ADU-BJM-2611-0001,2026-11-02T10:00:00\+08:00,email,petugas,Pelayanan Publik,,ditanggapi,2026-11-05T16:00:00\+08:00,no,2026-11-02T12:00:00\+08:00,2\.00,no,,no,no,$/);
    expect(lines[2]).toContain(',10.50,');
    expect(lines[3]).toContain(',instagram,');
    expect(lines[3]).toContain(',yes,'); // overdue
  });
});
