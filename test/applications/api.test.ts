/**
 * The staff API for applications over real HTTP: authorisation, validation with field names,
 * registering, masked reads and audited reveals, search, status transitions and home visits,
 * and the OpenAPI document.
 */
import { startTestService, type TestService } from '../support/service';
import { createApplication, DOB_MAN, KK, newPhone, NIK_MAN, NIK_WOMAN } from './fixtures';

let t: TestService;

beforeAll(async () => {
  t = await startTestService({ now: '2026-11-23T02:00:00Z' }); // Monday 10:00 WITA
});
afterAll(async () => {
  await t.close();
});

const paths = (body: { error: { details?: { path: string }[] } }) => (body.error.details ?? []).map((d) => d.path);
let seq = 0;
const nextNumber = () => `BJM/2026/${String(++seq).padStart(5, '0')}`;

describe('authorisation', () => {
  test('when no token or a wrong token is sent, then the API answers 401', async () => {
    expect((await t.api('GET', '/api/v1/applications', undefined, null)).status).toBe(401);
    expect((await t.api('POST', '/api/v1/applications', {}, 'wrong-token-wrong-token-wrong')).status).toBe(401);
  });

  test('when a signed-in user lacks the verifier role, then the API answers 403; a verifier gets through', async () => {
    const original = t.service.modules.auth.sessionUser;
    // Stands in for a dashboard session: the role comes from a test header.
    t.service.modules.auth.sessionUser = async (req) => {
      const role = req.headers['x-test-role'];
      return typeof role === 'string' ? { id: `u-${role}`, name: role, roles: [role as 'officer'] } : null;
    };
    try {
      const as = (role: string) => fetch(`${t.baseUrl}/api/v1/applications?name=siti`, { headers: { 'x-test-role': role } });
      expect((await as('officer')).status).toBe(403);
      expect((await as('verifier')).status).toBe(200);
    } finally {
      t.service.modules.auth.sessionUser = original;
    }
  });
});

describe('registering an application', () => {
  test('when the body is invalid, then 400 names every wrong field and never echoes the NIK', async () => {
    const res = await t.api('POST', '/api/v1/applications', {
      registrationNumber: '#',
      nik: '3204110613970001',
      kkNumber: '12',
      dateOfBirth: '1997-02-30',
      phones: ['12345'],
      status: 'selesai',
    });
    expect(res.status).toBe(400);
    expect(paths(res.body)).toEqual(
      expect.arrayContaining(['body.registrationNumber', 'body.nik', 'body.kkNumber', 'body.name', 'body.dateOfBirth', 'body.phones.0', 'body.status']),
    );
    expect(res.body.error.message).toContain('body.nik: Angka ke-7 sampai ke-12 NIK (061397) adalah tanggal lahir, tetapi bulan 13 tidak ada');
    expect(res.text).not.toContain('3204110613970001');
  });

  test('when the status is not one the office uses or its details are missing, then 400 says so', async () => {
    const base = { registrationNumber: nextNumber(), nik: NIK_WOMAN, kkNumber: KK, name: 'Siti', dateOfBirth: '1997-09-06' };
    const aktif = await t.api('POST', '/api/v1/applications', { ...base, status: 'aktif' });
    expect(aktif.status).toBe(400);
    expect(aktif.body.error.message).toContain('body.status: status aktif is not used by this office');
    const noReason = await t.api('POST', '/api/v1/applications', { ...base, status: 'tidak_layak' });
    expect(noReason.body.error.message).toContain('body.reason: is required with status tidak_layak');
    const emergency = await t.api('POST', '/api/v1/applications', { ...base, status: 'diterima', route: 'emergency' });
    expect(emergency.body.error.message).toContain('body.route: this office has no emergency route');
  });

  test('when a valid application is posted, then 201 with its id, and a second one with the same number is a 409', async () => {
    const number = nextNumber();
    const res = await t.api('POST', '/api/v1/applications', {
      registrationNumber: number,
      nik: '6371.0146.0997.0001',
      kkNumber: KK,
      name: 'Siti Aminah',
      dateOfBirth: '1997-09-06',
      phones: ['0813 7700 0001'],
      status: 'diterima',
      address: { kelurahan: 'Kuin Utara', kecamatan: 'Banjarmasin Utara' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      warnings: [],
      receipt: { registrationNumber: number.toUpperCase(), verificationCode: expect.stringMatching(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/), text: expect.stringContaining('Kode verifikasi: ') },
    });
    const again = await t.api('POST', '/api/v1/applications', { registrationNumber: number.toLowerCase(), nik: NIK_MAN, kkNumber: KK, name: 'X', dateOfBirth: DOB_MAN, status: 'diterima' });
    expect(again.status).toBe(409);
  });

  test('when the birth date differs from the one inside the NIK, then it is registered with a warning', async () => {
    const res = await t.api('POST', '/api/v1/applications', { registrationNumber: nextNumber(), nik: NIK_WOMAN, kkNumber: KK, name: 'Siti', dateOfBirth: '1997-09-07', status: 'diterima' });
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([expect.stringContaining('dateOfBirth differs')]);
  });
});

describe('reading and searching', () => {
  test('when an application is read, then NIK, KK and phones are masked; ?reveal=nik shows the NIK and is audited', async () => {
    const phone = newPhone();
    const id = await createApplication(t, { registrationNumber: nextNumber(), phones: [phone] });
    const masked = await t.api('GET', `/api/v1/applications/${id}`);
    expect(masked.status).toBe(200);
    expect(masked.body).toMatchObject({ nik: '6371********0001', kkNumber: '6371********0003', phones: ['+62813****' + phone.slice(-4)], status: 'diterima', statusLabel: 'Berkas diterima' });
    expect(masked.text).not.toContain(NIK_WOMAN);
    const revealed = await t.api('GET', `/api/v1/applications/${id}?reveal=nik`);
    expect(revealed.body.nik).toBe(NIK_WOMAN);
    expect(revealed.body.kkNumber).toBe('6371********0003');
    const audit = await t.service.modules.audit.forTarget(`application:${id}`);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['application.create', 'application.reveal']));
    expect(audit.find((a) => a.action === 'application.reveal')).toMatchObject({ actorId: 'api-token', details: { fields: ['nik'] } });
    expect((await t.api('GET', `/api/v1/applications/${id}?reveal=password`)).status).toBe(400);
    expect((await t.api('GET', '/api/v1/applications/000000000000000000000000')).status).toBe(404);
    expect((await t.api('GET', '/api/v1/applications/not-an-id')).status).toBe(404);
  });

  test('when searching by registration number, name or exact NIK, then the matches come back masked', async () => {
    const number = nextNumber();
    await createApplication(t, { registrationNumber: number, nik: NIK_MAN, dateOfBirth: DOB_MAN, name: 'Budi Santoso' });
    const byNumber = await t.api('GET', `/api/v1/applications?registrationNumber=${encodeURIComponent(number.toLowerCase())}`);
    expect(byNumber.body.applications).toHaveLength(1);
    expect(byNumber.body.applications[0]).toMatchObject({ registrationNumber: number, name: 'Budi Santoso', nik: '6371********0002' });
    expect((await t.api('GET', '/api/v1/applications?name=budi%20san')).body.applications.map((a: { name: string }) => a.name)).toContain('Budi Santoso');
    const byNik = await t.api('GET', `/api/v1/applications?nik=${NIK_MAN}`);
    expect(byNik.body.applications.map((a: { registrationNumber: string }) => a.registrationNumber)).toContain(number);
    const bad = await t.api('GET', '/api/v1/applications?nik=123');
    expect(bad.status).toBe(400);
    expect(paths(bad.body)).toEqual(['query.nik']);
  });
});

describe('status and visits', () => {
  test('when the status changes along the table, then history grows; an invalid jump is a 409 with the allowed next statuses', async () => {
    const id = await createApplication(t, { registrationNumber: nextNumber() });
    const jump = await t.api('PATCH', `/api/v1/applications/${id}/status`, { status: 'diusulkan', funding: 'APBD' });
    expect(jump.status).toBe(200);
    const back = await t.api('PATCH', `/api/v1/applications/${id}/status`, { status: 'diterima' });
    expect(back.status).toBe(409);
    expect(back.body.error.message).toBe('cannot change status from diusulkan to diterima; allowed next: daftar_tunggu');
    const waiting = await t.api('PATCH', `/api/v1/applications/${id}/status`, { status: 'daftar_tunggu', waitingListPosition: 12, quotaPeriod: 'Januari 2027', note: 'kuota habis' });
    expect(waiting.status).toBe(200);
    expect(waiting.body.decision).toEqual({ outcome: 'waiting_list', position: 12, quotaPeriod: 'Januari 2027' });
    expect(waiting.body.history.map((h: { status: string }) => h.status)).toEqual(['diterima', 'diusulkan', 'daftar_tunggu']);
    expect(waiting.body.history[2]).toMatchObject({ actor: 'api-token', note: 'kuota habis' });
  });

  test('when a status change lacks a required detail or carries a foreign one, then 400 names it', async () => {
    const id = await createApplication(t, { registrationNumber: nextNumber() });
    const res = await t.api('PATCH', `/api/v1/applications/${id}/status`, { status: 'tidak_layak', funding: 'APBN' });
    expect(res.status).toBe(400);
    expect(paths(res.body)).toEqual(['body.reason', 'body.funding']);
    expect((await t.api('PATCH', `/api/v1/applications/${id}/status`, { status: 'tidak_layak', reason: 'mampu', extra: 1 })).status).toBe(400);
  });

  test('when a home visit is scheduled, then the status becomes verifikasi_dijadwalkan; a past date or a decided file is refused', async () => {
    const id = await createApplication(t, { registrationNumber: nextNumber(), status: 'menunggu_verifikasi' });
    const past = await t.api('PUT', `/api/v1/applications/${id}/visit`, { date: '2026-11-20', timeWindow: '09:00-12:00' });
    expect(past.status).toBe(400);
    expect(paths(past.body)).toEqual(['body.date']);
    const badWindow = await t.api('PUT', `/api/v1/applications/${id}/visit`, { date: '2026-11-26', timeWindow: '12:00-09:00' });
    expect(paths(badWindow.body)).toEqual(['body.timeWindow']);
    const ok = await t.api('PUT', `/api/v1/applications/${id}/visit`, { date: '2026-11-26', timeWindow: '09.00 – 12.00' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'verifikasi_dijadwalkan', visit: { date: '2026-11-26', timeWindow: '09:00-12:00' } });
    await t.api('PATCH', `/api/v1/applications/${id}/status`, { status: 'layak' });
    expect((await t.api('PUT', `/api/v1/applications/${id}/visit`, { date: '2026-11-27', timeWindow: '09:00-12:00' })).status).toBe(409);
  });
});

test('when a scheduled visit is called off (back to menunggu_verifikasi), then the visit is cleared', async () => {
  const id = await createApplication(t, { registrationNumber: nextNumber(), status: 'menunggu_verifikasi' });
  await t.api('PUT', `/api/v1/applications/${id}/visit`, { date: '2026-11-26', timeWindow: '09:00-12:00' });
  const res = await t.api('PATCH', `/api/v1/applications/${id}/status`, { status: 'menunggu_verifikasi', note: 'pemohon di luar kota' });
  expect(res.body).toMatchObject({ status: 'menunggu_verifikasi', visit: null });
});

test('when the OpenAPI document is fetched, then it describes the routes and the body schemas generated from zod', async () => {
  const res = await t.api('GET', '/api/v1/openapi.json', undefined, null);
  expect(res.status).toBe(200);
  expect(res.body.openapi).toBe('3.1.0');
  expect(Object.keys(res.body.paths)).toEqual(
    expect.arrayContaining(['/applications', '/applications/{id}', '/applications/{id}/status', '/applications/{id}/visit', '/applications/import', '/applications/export.csv']),
  );
  const create = res.body.components.schemas.CreateApplication;
  expect(create.required).toEqual(expect.arrayContaining(['registrationNumber', 'nik', 'kkNumber', 'name', 'dateOfBirth', 'status']));
  expect(create.properties.status.enum).toContain('verifikasi_dijadwalkan');
});
