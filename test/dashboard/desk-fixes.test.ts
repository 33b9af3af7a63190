/**
 * The defects of a working day at the desk, over real HTTP as a browser without JavaScript
 * sees them: a bad date in the reports address, a visit time written "09.00-11.00", the
 * status-change form, the CSV import report in Indonesian (and a stray quote), the ticket
 * list past 200 tickets, the inbox's unread counts and previews, the top-bar counter.
 */
import { startTestService, type TestService } from '../support/service';
import { csrfFrom, signedIn, type WebClient } from './support';

const NIK = '6371014609970001';
const KK = '6371010101150003';
let t: TestService;
/** The opaque key the inbox addresses a chat by. */
const ref = (from: string) => t.service.handoffs.refOf(`simulator:${from}`);
let admin: WebClient;

beforeAll(async () => {
  t = await startTestService();
  admin = await signedIn(t, 'admin', ['admin']);
});
afterAll(async () => {
  await t.close();
});

describe('reports', () => {
  test.each([
    ['from=2026-02-31', 'Tanggal tersebut tidak ada di kalender.'],
    ['to=2026-13-01', 'Tanggal tersebut tidak ada di kalender.'],
    ['from=kemarin', 'Tanggal harus berformat TTTT-BB-HH.'],
    ['from=2026-11-20&to=2026-11-01', 'Tanggal awal harus sebelum atau sama dengan tanggal akhir.'],
  ])('when the reports address carries %s, then a 400 page says why (never a 500)', async (q, reason) => {
    const res = await admin.get(`/dashboard/reports?${q}`);
    expect(res.status).toBe(400);
    expect(res.text).toContain('Alamat halaman tidak valid');
    expect(res.text).toContain(reason);
  });
});

describe('applications', () => {
  let id = '';
  beforeAll(async () => {
    const res = await t.api('POST', '/api/v1/applications', {
      registrationNumber: 'BJM/2026/00777', nik: NIK, kkNumber: KK, name: 'Siti Aminah', dateOfBirth: '1997-09-06', phones: ['+6281377100077'], status: 'diterima',
    });
    if (res.status !== 201) throw new Error(`create answered ${res.status}: ${res.text}`);
    id = res.body.id;
  });

  test.each(['09.00-11.00', '9.00 - 11.00', '09.00 s/d 11.00'])('when a verifier writes the visit time as "%s", then it is accepted as 09:00-11:00', async (timeWindow) => {
    const csrf = csrfFrom((await admin.get(`/dashboard/applications/${id}`)).text);
    const res = await admin.post(`/dashboard/applications/${id}/visit`, { _csrf: csrf, date: '2026-11-26', timeWindow });
    expect(res.status).toBe(303);
    const page = await admin.get(`/dashboard/applications/${id}`);
    expect(page.text).toContain('2026-11-26 pukul 09:00-11:00');
  });

  test('when the status form is shown, then no step is preselected, the reason field is not folded away, and it asks before messaging the applicant', async () => {
    const page = (await admin.get(`/dashboard/applications/${id}`)).text;
    const form = page.slice(page.indexOf(`action="/dashboard/applications/${id}/status"`) - 40, page.indexOf('Simpan status'));
    expect(form).toMatch(/<select id="status" name="status" required><option value="">Pilih status baru…<\/option>/);
    expect(form).not.toMatch(/<option value="[^"]+" selected>/);
    expect(form).not.toContain('<details');
    expect(form).toContain('<label for="d-reason">Alasan');
    expect(form).toContain('data-confirm="Status akan diubah dan pemohon diberi tahu lewat WhatsApp. Lanjutkan?"');
    expect(page).toContain('data-confirm="Jadwal kunjungan disimpan dan dikirim ke WhatsApp pemohon. Lanjutkan?"');
  });

  async function upload(csv: string, fields: Record<string, string>) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'permohonan.csv');
    const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(`${t.baseUrl}/dashboard/applications/import`, { method: 'POST', body: form, headers: { cookie }, redirect: 'manual' });
    return { status: res.status, text: await res.text() };
  }
  const HEADER = 'registration_number,name,nik,kk_number,date_of_birth,status';

  test('when a CSV row has a stray quote, then the file is refused in Indonesian naming that line, and nothing is saved', async () => {
    const csrf = csrfFrom((await admin.get('/dashboard/applications/import')).text);
    const csv = [HEADER, `BJM/2026/30001,Budi Santoso,6371010512800002,${KK},1980-12-05,diterima`, `BJM/2026/30002,Siti "Ani,6371014609970001,${KK},1997-09-06,diterima`].join('\n');
    const res = await upload(csv, { _csrf: csrf, dryRun: '1' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Berkas belum diimpor: ada tanda kutip (&quot;) yang tidak berpasangan di baris 3.');
    expect(res.text).toContain('Tidak ada data yang disimpan.');
    expect(res.text).not.toMatch(/CSV_|not valid CSV|near line/);
  });

  test('when rows are bad, then the report names each line and reason in Indonesian; a bad header is refused in Indonesian', async () => {
    const csrf = csrfFrom((await admin.get('/dashboard/applications/import')).text);
    const csv = [
      HEADER,
      `BJM/2026/30003,Budi Santoso,6371010512800002,${KK},1980-13-45,diterima`,
      `BJM/2026/30004,Ani,6371010512800002,${KK},1980-12-05`,
      `BJM/2026/30005,Rudi Hartono,6371010512800002,${KK},1980-12-05,diterima`,
    ].join('\n');
    const res = await upload(csv, { _csrf: csrf, dryRun: '1' });
    expect(res.status).toBe(200);
    const report = res.text.slice(res.text.indexOf('id="import-errors"'));
    expect(report).toContain('<td>2</td><td>tanggal lahir (date_of_birth)</td><td>Tanggal tidak valid; tulis TTTT-BB-HH');
    expect(report).toContain('<td>3</td><td>–</td><td>Jumlah kolom 5, padahal judul kolom ada 6.');
    expect(report).not.toMatch(/must be|expected \d|fields like/);
    const header = await upload('registration_number,nama,nik\nX,Y,Z', { _csrf: csrf, dryRun: '1' });
    expect(header.status).toBe(400);
    expect(header.text).toContain('Judul kolom (baris 1) tidak sesuai: kolom &quot;nama&quot; tidak dikenal; kolom wajib &quot;name&quot; tidak ada');
  });

  test('when a dry run is fine, then the checked file can be imported from the report without choosing it again', async () => {
    const csrf = csrfFrom((await admin.get('/dashboard/applications/import')).text);
    const csv = [HEADER, `BJM/2026/30010,Dewi Lestari,6371010512800002,${KK},1980-12-05,diterima`].join('\n');
    const dry = await upload(csv, { _csrf: csrf, dryRun: '1' });
    expect(dry.text).toContain('id="import-checked"');
    const carried = /<textarea name="csv" hidden>([^<]*)<\/textarea>/.exec(dry.text)?.[1].replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    expect(carried).toBe(csv);
    const form = new FormData();
    form.append('_csrf', csrf);
    form.append('csv', carried!);
    const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const real = await fetch(`${t.baseUrl}/dashboard/applications/import`, { method: 'POST', body: form, headers: { cookie } });
    expect(await real.text()).toContain('Hasil impor');
    expect((await admin.get('/dashboard/applications?q=BJM%2F2026%2F30010')).text).toContain('Dewi Lestari');
  });
});

describe('tickets past 200', () => {
  const numbers: string[] = [];
  beforeAll(async () => {
    // The oldest is overdue: with the list cut at the 200 newest, it was the one that vanished.
    const create = async (receivedAt: string, body: string, name: string | null) => {
      const res = await t.api('POST', '/api/v1/tickets', { channel: 'complaint_box', topic: 'loket', body, receivedAt, complainant: { name } });
      if (res.status !== 201) throw new Error(`ticket answered ${res.status}: ${res.text}`);
      numbers.push(res.body.number ?? res.body.ticket?.number);
    };
    await create('2026-11-09T01:00:00Z', 'Antrean loket macet sejak subuh', 'Rahmat Hidayat');
    for (let i = 1; i < 210; i++) await create(new Date(Date.parse('2026-11-23T01:00:00Z') - i * 1000).toISOString(), `Keluhan nomor ${i}`, null);
  }, 120_000);

  test('when there are 210 open tickets, then the first page says "Menampilkan 50 dari 210" and starts with the overdue one', async () => {
    const page = (await admin.get('/dashboard/tickets')).text;
    expect(page).toContain('Menampilkan 50 dari 210 pengaduan');
    expect(page.match(/<tr class="[^"]*" data-ticket=/g)).toHaveLength(50);
    const first = /data-ticket="([^"]+)"/.exec(page)?.[1];
    expect(first).toBe(numbers[0]);
    expect(page).toContain('terlambat');
    expect(page).toContain('Halaman 1 dari 5');
  });

  test('when the last page is opened, then it shows the remaining 10', async () => {
    const page = (await admin.get('/dashboard/tickets?page=5')).text;
    expect(page).toContain('Menampilkan 10 dari 210 pengaduan');
    expect(page.match(/data-ticket=/g)).toHaveLength(10);
    expect(page).toContain('rel="prev"');
    expect(page).not.toContain('rel="next"');
  });

  test.each([
    ['the number', () => numbers[0]],
    ['the name', () => 'rahmat'],
    ['the text', () => 'loket macet'],
  ])('when searching by %s, then the ticket is found', async (_what, q) => {
    const page = (await admin.get(`/dashboard/tickets?q=${encodeURIComponent(q())}`)).text;
    expect(page).toContain('Menampilkan 1 dari 1 pengaduan');
    expect(page).toContain(`data-ticket="${numbers[0]}"`);
  });

  test('when a ticket is opened, then the stage select starts blank (no step chosen for the officer)', async () => {
    const page = (await admin.get(`/dashboard/tickets/${numbers[0]}`)).text;
    expect(page).toContain('<select id="to" name="to" required><option value="">Pilih tahap…</option>');
    expect(page).not.toMatch(/<select id="to"[^]*?<option value="[^"]+" selected>[^]*?<\/select>/);
  });

  test('when a deadline is less than a working day away, then its row is amber and says so', async () => {
    const res = await t.api('POST', '/api/v1/tickets', { channel: 'walk_in', topic: 'loket', body: 'Kartu belum jadi', receivedAt: '2026-11-18T01:00:00Z' });
    const number = res.body.ticket.number as string;
    const page = (await admin.get(`/dashboard/tickets?q=${number}`)).text;
    expect(page).toContain(`<tr class="due-soon" data-ticket="${number}">`);
    expect(page).toContain('kurang dari 1 hari kerja');
    const later = (await admin.get(`/dashboard/tickets?q=${numbers[5]}`)).text;
    expect(later).not.toContain('kurang dari 1 hari kerja');
  });

  test('when a page number is not a number, then the address is refused with a 400 page', async () => {
    const res = await admin.get('/dashboard/tickets?page=dua');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Halaman harus angka.');
  });
});

describe('inbox signals', () => {
  const from = '6281366609901';

  test('when an applicant is waiting, then the queue shows the unanswered count and a preview, and every page shows the count in its title and top bar', async () => {
    await t.send(from, 'halo'); // before the handoff: answered by the bot, not counted
    t.clock.advanceMinutes(1);
    await t.send(from, 'petugas');
    await t.send(from, 'Kartu KIS ibu saya belum aktif, sudah tiga bulan');
    const inbox = (await admin.get('/dashboard/inbox')).text;
    const row = inbox.slice(inbox.indexOf(`data-chat="${ref(from)}"`) - 30, inbox.indexOf('</li>', inbox.indexOf(`data-chat="${ref(from)}"`)));
    expect(row).toContain('class="unread"');
    expect(row).toContain('2 belum dibalas');
    expect(row).toContain('<span class="preview">Kartu KIS ibu saya belum aktif, sudah tiga bulan</span>');
    expect(inbox).toContain('<title>(1) Kotak Masuk · ');
    const reports = (await admin.get('/dashboard/reports')).text;
    expect(reports).toMatch(/id="inbox-counter" class="counter on" data-count="1"/);
    expect(reports).toContain('<title>(1) Laporan · ');
  });

  test('when staff answer, then the chat is no longer unanswered and the count goes back to zero', async () => {
    const chat = `/dashboard/inbox/chat/${ref(from)}`;
    const csrf = csrfFrom((await admin.get(chat)).text);
    expect((await admin.post(`${chat}/reply`, { _csrf: csrf, text: 'Baik Bu, kami cek dulu.' })).status).toBe(303);
    const inbox = (await admin.get('/dashboard/inbox')).text;
    expect(inbox).toContain(`data-chat="${ref(from)}" data-unread="0"`);
    expect(inbox).toContain('<title>Kotak Masuk · ');
    expect((await admin.get('/dashboard/inbox/counter', { 'x-partial': '1' })).text).toContain('data-count="0"');
  });

  test('when the queue is filtered to mine or waiting, then only those chats are listed, and the live region keeps the filter', async () => {
    const other = '6281366609902';
    await t.send(other, 'petugas');
    const mine = (await admin.get('/dashboard/inbox?tab=mine')).text;
    expect(mine).toContain(`data-chat="${ref(from)}"`);
    expect(mine).not.toContain(`data-chat="${ref(other)}"`);
    expect(mine).toContain('data-live-src="/dashboard/inbox/queue?tab=mine"');
    expect(mine).toMatch(/class="active" aria-current="true">Milik saya <span class="n">1<\/span>/);
    const waiting = (await admin.get('/dashboard/inbox/queue?tab=waiting', { 'x-partial': '1' })).text;
    expect(waiting).toContain(`data-chat="${ref(other)}"`);
    expect(waiting).not.toContain(`data-chat="${ref(from)}"`);
    expect(waiting).toContain(`href="/dashboard/inbox/chat/${ref(other)}?tab=waiting"`);
    const unknown = (await admin.get('/dashboard/inbox?tab=toString')).text;
    expect(unknown).toContain(`data-chat="${ref(from)}"`);
    expect(unknown).toContain(`data-chat="${ref(other)}"`);
  });
});
