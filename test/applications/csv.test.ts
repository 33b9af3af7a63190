/**
 * CSV import and export over real HTTP: the dry run reports every bad row by line and column
 * and writes nothing; the real run upserts by registration number, is idempotent, never writes
 * part of a row, and notifies status changes; the export reads back in unchanged.
 */
import { startTestService, TEST_API_TOKEN, type TestService } from '../support/service';

let t: TestService;

beforeAll(async () => {
  t = await startTestService({ now: '2026-11-23T02:00:00Z' }); // Monday 10:00 WITA
});
afterAll(async () => {
  await t.close();
});

async function importCsv(csv: string, query = '') {
  const res = await fetch(`${t.baseUrl}/api/v1/applications/import${query}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${TEST_API_TOKEN}` },
    body: csv,
  });
  return { status: res.status, body: (await res.json()) as any };
}

const search = async (number: string) => (await t.api('GET', `/api/v1/applications?registrationNumber=${encodeURIComponent(number)}`)).body.applications as any[];

const HEADER = 'registration_number,name,nik,kk_number,date_of_birth,phones,kelurahan,kecamatan,status,visit_date,visit_time_window,reason';
const FILE = [
  HEADER,
  'BJM/2026/10001,Siti Aminah,6371014609970001,6371010101150003,1997-09-06,6281377100001,Kuin Utara,Banjarmasin Utara,diterima,,,',
  "BJM/2026/10002,Budi Santoso,'6371.0105.1280.0002,6371010101150003,05/12/1980,081377100002|6281377100003,,,verifikasi_dijadwalkan,2026-11-26,09:00-12:00,",
  'BJM/2026/10003,Nik Pendek,637101460997000,6371010101150003,1997-09-06,,,,diterima,,,',
  'BJM/2026/10004,Status Asing,6371014609970001,6371010101150003,1997-09-06,,,,selesai,,,',
  'BJM/2026/10005,Excel,6.37101E+15,6371010101150003,1997-09-06,,,,diterima,,,',
  'BJM/2026/10001,Dobel,6371014609970001,6371010101150003,1997-09-06,,,,diterima,,,',
  'BJM/2026/10006,Tanpa Alasan,6371014609970001,6371010101150003,1997-09-06,,,,tidak_layak,,,',
  'BJM/2026/10007,Kurang Kolom,6371014609970001',
  'BJM/2026/10008,"Telepon, Salah",6371014609970001,6371010101150003,1997-09-06,12345,,,diterima,2026-11-30,,',
].join('\r\n');

const EXPECTED_ERRORS = [
  { line: 4, column: 'nik', message: 'NIK harus 16 angka, yang Bapak/Ibu kirim 15 angka. Mohon periksa kembali.' },
  { line: 5, column: 'status', message: expect.stringContaining('must be one of diterima, berkas_tidak_lengkap') },
  { line: 6, column: 'nik', message: expect.stringContaining('scientific notation') },
  { line: 7, column: 'registration_number', message: 'the same registration number is already on line 2' },
  { line: 8, column: 'reason', message: 'is required with status tidak_layak' },
  { line: 9, message: 'expected 12 fields like the header, found 3' },
  { line: 10, column: 'visit_time_window', message: 'visit_date and visit_time_window go together' },
  { line: 10, column: 'phones', message: expect.stringContaining('is not a valid phone number') },
];

test('when a file with bad rows is dry-run, then every bad row is reported with line and column, and nothing is written', async () => {
  const res = await importCsv(FILE, '?dryRun=true');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ dryRun: true, rows: 9, created: 2, updated: 0, unchanged: 0, failed: 7 });
  expect(res.body.errors).toEqual(EXPECTED_ERRORS);
  expect(JSON.stringify(res.body)).not.toContain('6371014609970001');
  expect(await search('BJM/2026/10001')).toEqual([]);
});

test('when the file is imported for real and then again, then good rows are created once and the second run changes nothing', async () => {
  const first = await importCsv(FILE);
  expect(first.body).toMatchObject({ dryRun: false, rows: 9, created: 2, updated: 0, unchanged: 0, failed: 7 });
  expect(first.body.errors).toEqual(EXPECTED_ERRORS);
  const [budi] = await search('BJM/2026/10002');
  const detail = (await t.api('GET', `/api/v1/applications/${budi.id}?reveal=nik,phones`)).body;
  expect(detail).toMatchObject({ nik: '6371010512800002', dateOfBirth: '1980-12-05', phones: ['+6281377100002', '+6281377100003'], visit: { date: '2026-11-26', timeWindow: '09:00-12:00' } });

  const second = await importCsv(FILE);
  expect(second.body).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 7 });
  expect((await t.api('GET', `/api/v1/applications/${budi.id}`)).body.history).toHaveLength(1);
});

test('when a row changes a status, then the record is updated, the history noted and the applicant notified; a row with a forbidden transition is not written at all', async () => {
  const csv = [
    'registration_number,name,nik,kk_number,date_of_birth,phones,status,status_note',
    'BJM/2026/10001,Siti Aminah Baru,6371014609970001,6371010101150003,1997-09-06,6281377100001,menunggu_verifikasi,berkas lengkap',
    'BJM/2026/10002,Budi Ganti Nama,6371010512800002,6371010101150003,1980-12-05,081377100002|6281377100003,diterima,',
  ].join('\n');
  const res = await importCsv(csv);
  expect(res.body).toMatchObject({ created: 0, updated: 1, failed: 1 });
  expect(res.body.errors).toEqual([{ line: 3, column: 'status', message: expect.stringContaining('cannot change status from verifikasi_dijadwalkan to diterima') }]);
  const [siti] = await search('BJM/2026/10001');
  expect(siti).toMatchObject({ name: 'Siti Aminah Baru', status: 'menunggu_verifikasi' });
  // Columns the file leaves out (kelurahan, kecamatan) keep what is stored.
  const detail = (await t.api('GET', `/api/v1/applications/${siti.id}`)).body;
  expect(detail.address).toEqual({ kelurahan: 'Kuin Utara', kecamatan: 'Banjarmasin Utara' });
  expect(detail.history.at(-1)).toMatchObject({ status: 'menunggu_verifikasi', actor: 'api-token', note: 'berkas lengkap' });
  const [budi] = await search('BJM/2026/10002');
  expect(budi.name).toBe('Budi Santoso');
  const sent = (await t.transcript('6281377100001')).map((m) => m.text);
  expect(sent).toEqual([expect.stringContaining('Status: *Menunggu verifikasi*')]);
});

test('when the CSV comes as JSON with semicolons, then it is read the same way', async () => {
  const csv = 'registration_number;name;nik;kk_number;date_of_birth;status\nBJM/2026/10009;Rina;6371014609970001;6371010101150003;1997-09-06;diterima\n';
  const res = await t.api('POST', '/api/v1/applications/import?dryRun=1', { csv });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ rows: 1, created: 1, failed: 0 });
});

test('when the header is wrong or the body is not CSV, then 400/415 explains it', async () => {
  const bad = await importCsv('registration_number,nama,nik\nX,Y,Z\n');
  expect(bad.status).toBe(400);
  expect(bad.body.error.message).toBe('line 1 (header): unknown column "nama"; missing column "name"; missing column "kk_number"; missing column "date_of_birth"; missing column "status"');
  const quote = await importCsv(`${HEADER}\n"unterminated,x\n`);
  expect(quote.status).toBe(400);
  expect((await t.api('POST', '/api/v1/applications/import', { file: 'x' })).status).toBe(400);
  const xml = await fetch(`${t.baseUrl}/api/v1/applications/import`, { method: 'POST', headers: { 'content-type': 'application/xml', authorization: `Bearer ${TEST_API_TOKEN}` }, body: '<x/>' });
  expect(xml.status).toBe(415);
});

test('when the register is exported, then NIKs are masked unless revealed, and a revealed export imports back unchanged', async () => {
  const masked = await t.api('GET', '/api/v1/applications/export.csv');
  expect(masked.status).toBe(200);
  expect(masked.headers.get('content-type')).toContain('text/csv');
  const lines = masked.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  expect(lines[0]).toBe(
    'registration_number,name,nik,kk_number,date_of_birth,phones,kelurahan,kecamatan,route,status,status_note,visit_date,visit_time_window,reason,waiting_list_position,quota_period,funding,proposal_batch_date,bpjs_activation_date,deactivation_reason,notifications_opt_out,status_label,updated_at',
  );
  expect(masked.text).toContain('6371********0001');
  expect(masked.text).not.toMatch(/\d{16}/);

  const revealed = await t.api('GET', '/api/v1/applications/export.csv?reveal=nik,kk,phones');
  expect(revealed.text).toContain('6371014609970001');
  const again = await importCsv(revealed.text);
  expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 0 });
  const audit = await t.service.modules.audit.forTarget('applications');
  expect(audit.find((a) => a.action === 'application.export' && (a.details?.revealed as string[]).length === 3)).toBeDefined();
});
