/**
 * The dashboard pages over real HTTP, as a browser without JavaScript would use them: the
 * inbox (queue, history, claim, reply, canned reply, close) and its live stream, users and
 * roles, the WhatsApp page, reports, and tickets from the complaints module.
 */
import { startTestService, type TestService } from '../support/service';
import { csrfFrom, fileComplaint, readEvents, seedUser, signedIn, WebClient } from './support';

let t: TestService;
let staff: WebClient;
let admin: WebClient;
let officer: WebClient;

beforeAll(async () => {
  t = await startTestService({});
  staff = await signedIn(t, 'sari', ['staff']);
  admin = await signedIn(t, 'admin', ['admin']);
  officer = await signedIn(t, 'budi', ['officer']);
});
afterAll(async () => {
  await t.close();
});

const ref = (from: string) => t.service.handoffs.refOf(`simulator:${from}`);
const chatPath = (from: string) => `/dashboard/inbox/chat/${ref(from)}`;
const outTexts = async (from: string) => (await t.transcript(from)).filter((m) => m.direction === 'out').map((m) => m.text);

test('when any dashboard page is served, then the browser is told not to keep it (Back after sign-out shows nothing)', async () => {
  for (const path of ['/dashboard/inbox', '/dashboard/tickets', '/dashboard/login']) {
    const client = path === '/dashboard/tickets' ? officer : path === '/dashboard/login' ? new WebClient(t.baseUrl) : staff;
    const page = await client.request('GET', path);
    expect({ path, cache: page.headers.get('cache-control') }).toEqual({ path, cache: 'no-store' });
  }
});

describe('inbox', () => {
  const from = '6281355500001';

  test('when a chat is escalated, then it waits in the queue with its waiting time', async () => {
    await t.send(from, 'halo');
    await t.send(from, 'petugas');
    t.clock.advanceMinutes(7);
    const page = await staff.get('/dashboard/inbox');
    expect(page.text).toContain('+62813****0001 (simulator)'); // masked for every role in the inbox (README, phone numbers)
    expect(page.text).toMatch(/menunggu <span data-since="[^"]+">7 menit<\/span>/);
    expect(page.text).toContain('data-live-src="/dashboard/inbox/queue"');
  });

  test('when staff open the chat, then the whole history shows, bot and person alike, and the view is audited', async () => {
    const page = await staff.get(chatPath(from));
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/class="msg user"><span class="by">Pemohon · 10\.00<\/span>halo/);
    expect(page.text).toMatch(/class="msg bot"><span class="by">Bot · 10\.00<\/span>Baik, percakapan ini kami teruskan ke petugas/);
    expect(page.text).toContain('Ambil percakapan');
    expect(page.text).toContain('<option value="">Balasan siap pakai…</option>');
    const audit = await t.service.modules.audit.forTarget(`chat:simulator:${from}`);
    expect(audit.map((a) => a.action)).toContain('handoff.view');
  });

  test('when staff claim, reply and use a canned reply, then both reach the chat, attributed to them', async () => {
    const csrf = csrfFrom((await staff.get(chatPath(from))).text);
    expect((await staff.post(`${chatPath(from)}/claim`, { _csrf: csrf })).location).toBe(`${chatPath(from)}?ok=claimed`);
    const reply = await staff.post(`${chatPath(from)}/reply`, { _csrf: csrf, text: 'Selamat siang Bu, ada yang bisa dibantu?', canned: '' });
    expect(reply.status).toBe(303);
    const canned = await staff.post(`${chatPath(from)}/reply`, { _csrf: csrf, text: '', canned: 'Baik, mohon ditunggu sebentar, kami periksa terlebih dahulu 🙏' });
    expect(canned.status).toBe(303);
    expect(await outTexts(from)).toEqual(expect.arrayContaining(['Selamat siang Bu, ada yang bisa dibantu?', 'Baik, mohon ditunggu sebentar, kami periksa terlebih dahulu 🙏']));
    const page = await staff.get(`${chatPath(from)}?ok=replied`);
    expect(page.text).toContain('Balasan terkirim.');
    expect(page.text).toMatch(/class="msg staff"><span class="by">Petugas · Anda · [\d.]+<\/span>Selamat siang Bu/);
    expect(page.text).toContain('Ditangani');
  });

  test('when the reply is empty, then the page says so in Indonesian and nothing is sent', async () => {
    const before = (await outTexts(from)).length;
    const csrf = csrfFrom((await staff.get(chatPath(from))).text);
    const res = await staff.post(`${chatPath(from)}/reply`, { _csrf: csrf, text: '   ', canned: '' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Balasan tidak boleh kosong.');
    expect((await outTexts(from)).length).toBe(before);
  });

  test('when another member of staff opens the claimed chat, then replying needs taking it over first', async () => {
    const other = await signedIn(t, 'rina', ['staff']);
    const page = await other.get(chatPath(from));
    expect(page.text).toContain('Ambil alih');
    expect(page.text).toContain('ditangani orang lain');
    const res = await other.post(`${chatPath(from)}/reply`, { _csrf: csrfFrom(page.text), text: 'Halo' });
    expect(res.location).toBe(`${chatPath(from)}?err=not_claimable`);
    expect((await other.get(res.location!)).text).toContain('sudah ditangani petugas lain');
  });

  test('when staff close the chat, then the bot tells the person, answers again, and the queue no longer shows it', async () => {
    const csrf = csrfFrom((await staff.get(chatPath(from))).text);
    const res = await staff.post(`${chatPath(from)}/close`, { _csrf: csrf });
    expect(res.location).toBe('/dashboard/inbox?ok=closed');
    expect((await outTexts(from)).at(-1)).toMatch(/Percakapan dengan petugas sudah selesai/);
    expect((await t.send(from, 'menu')).join('\n')).toMatch(/Silakan balas dengan angka pilihan/);
    const queue = await staff.get('/dashboard/inbox/queue', { 'x-partial': '1' });
    expect(queue.text).not.toContain('6281355500001');
    const actions = (await t.service.modules.audit.forTarget(`chat:simulator:${from}`)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['handoff.claim', 'handoff.reply', 'handoff.close']));
  });

  test('when a chat is escalated while the inbox is open, then the live stream announces it', async () => {
    const seen = await readEvents(staff, () => t.send('6281355500002', 'petugas'), /event: handoff/);
    expect(seen).toContain(`event: handoff\ndata: {"chat":"${ref('6281355500002')}","status":"waiting"}`);
  });

  test('when someone without the inbox role listens, then chat events do not reach them', async () => {
    const seen = await readEvents(officer, () => t.send('6281355500003', 'petugas'), /event: handoff/, 800);
    expect(seen).not.toContain('event: handoff');
  });
});

describe('users and roles', () => {
  test('when an admin adds a user with roles and a WhatsApp number, then the user can sign in with exactly those roles', async () => {
    const csrf = await admin.csrf('/dashboard/admin/users');
    const res = await admin.post('/dashboard/admin/users', {
      _csrf: csrf, username: 'Verifikator1', name: 'Vera Verifikator', password: 'kata-sandi-kuat-1', phone: '0812 1111 2222', roles: ['verifier', 'supervisor'],
    });
    expect(res.location).toBe('/dashboard/admin/users?ok=user_created');
    const created = await t.service.staff.users.byUsername('verifikator1');
    expect(created).toMatchObject({ name: 'Vera Verifikator', roles: ['verifier', 'supervisor'], phone: '+6281211112222' });
    const vera = new WebClient(t.baseUrl);
    expect((await vera.login('verifikator1', 'kata-sandi-kuat-1')).status).toBe(303);
    expect((await vera.get('/dashboard/reports')).status).toBe(200);
    expect((await vera.get('/dashboard/inbox')).status).toBe(403);
    const audit = await t.service.modules.audit.forTarget('staff_user:verifikator1');
    expect(audit.map((a) => a.action)).toContain('staff.user_created');
  });

  test('when the form is wrong, then every problem is listed in Indonesian and nothing is created', async () => {
    const csrf = await admin.csrf('/dashboard/admin/users');
    const res = await admin.post('/dashboard/admin/users', { _csrf: csrf, username: 'x', name: 'A', password: 'pendek', phone: '12345' });
    expect(res.status).toBe(400);
    for (const msg of ['Nama pengguna 3–40 karakter', 'Nama minimal 2 karakter.', 'Kata sandi minimal 10 karakter.', 'Nomor WhatsApp tidak valid', 'Pilih minimal satu peran.']) expect(res.text).toContain(msg);
    const dup = await admin.post('/dashboard/admin/users', { _csrf: csrf, username: 'sari', name: 'Sari Lain', password: 'kata-sandi-kuat-1', roles: 'staff' });
    expect(dup.status).toBe(409);
    expect(dup.text).toContain('Nama pengguna sudah dipakai.');
  });

  test('when an admin changes roles or deactivates a user, then the person is signed out and the change holds', async () => {
    const user = await seedUser(t, 'dewi', ['staff']);
    const dewi = new WebClient(t.baseUrl);
    await dewi.login('dewi');
    const csrf = await admin.csrf(`/dashboard/admin/users/${user.id}`);
    const res = await admin.post(`/dashboard/admin/users/${user.id}`, { _csrf: csrf, name: 'Dewi Lestari', phone: '', roles: ['officer'], active: '1' });
    expect(res.location).toBe(`/dashboard/admin/users/${user.id}?ok=user_updated`);
    expect((await dewi.get('/dashboard/inbox')).status).toBe(303); // signed out
    await dewi.login('dewi');
    expect((await dewi.get('/dashboard/tickets')).status).toBe(200);
    expect((await dewi.get('/dashboard/inbox')).status).toBe(403);

    await admin.post(`/dashboard/admin/users/${user.id}`, { _csrf: csrf, name: 'Dewi Lestari', phone: '', roles: ['officer'] }); // active unchecked
    expect((await dewi.get('/dashboard/tickets')).status).toBe(303);
    expect((await dewi.login('dewi')).status).toBe(401);
  });

  test('when an admin resets a password, then the old one stops working', async () => {
    const user = await seedUser(t, 'eko', ['staff']);
    const csrf = await admin.csrf(`/dashboard/admin/users/${user.id}`);
    const short = await admin.post(`/dashboard/admin/users/${user.id}/password`, { _csrf: csrf, password: 'pendek' });
    expect(short.text).toContain('Kata sandi minimal 10 karakter.');
    const res = await admin.post(`/dashboard/admin/users/${user.id}/password`, { _csrf: csrf, password: 'sandi-baru-eko-1' });
    expect(res.location).toBe(`/dashboard/admin/users/${user.id}?ok=password_reset`);
    expect((await new WebClient(t.baseUrl).login('eko')).status).toBe(401);
    expect((await new WebClient(t.baseUrl).login('eko', 'sandi-baru-eko-1')).status).toBe(303);
  });

  test('when the only admin would lose the admin role, then the page refuses', async () => {
    const me = (await t.service.staff.users.byUsername('admin'))!;
    const csrf = await admin.csrf(`/dashboard/admin/users/${me.id}`);
    const res = await admin.post(`/dashboard/admin/users/${me.id}`, { _csrf: csrf, name: me.name, phone: '', roles: ['staff'], active: '1' });
    expect(res.status).toBe(409);
    expect(res.text).toContain('Admin terakhir tidak boleh');
  });
});

test('when WhatsApp is not enabled, then the WhatsApp page says so', async () => {
  const page = await admin.get('/dashboard/admin/whatsapp');
  expect(page.status).toBe(200);
  expect(page.text).toContain('WhatsApp dinonaktifkan.');
});

describe('tickets', () => {
  const complainant = '6281355500100';
  let number: string;

  beforeAll(async () => {
    number = await fileComplaint(t, complainant);
  });

  test('when an officer opens the list, then tickets show with stage, channel and the deadline countdown; filters narrow it', async () => {
    const list = await officer.get('/dashboard/tickets');
    expect(list.status).toBe(200);
    expect(list.text).toContain(number);
    expect(list.text).toMatch(/data-until="2026-11-26T08:00:00.000Z">sisa \d+ hari \d+ jam<\/span>/);
    expect((await officer.get('/dashboard/tickets?stage=selesai')).text).not.toContain(number);
    // Filed through the simulator, the ticket's channel is the simulator's (b029086), not WhatsApp.
    expect((await officer.get('/dashboard/tickets?channel=simulator&overdue=false&assignee=')).text).toContain(number);
    expect((await officer.get('/dashboard/tickets?channel=whatsapp&overdue=false&assignee=')).text).not.toContain(number);
    expect((await officer.get('/dashboard/tickets?stage=bukan')).status).toBe(400);
  });

  test('when an officer moves the ticket and sends a response, then it reaches the complainant and the ticket is ditanggapi', async () => {
    const detail = await officer.get(`/dashboard/tickets/${number}`);
    expect(detail.text).toContain('Antrean di loket tidak dipanggil sejak pagi.');
    const csrf = csrfFrom(detail.text);
    const note = await officer.post(`/dashboard/tickets/${number}/transition`, { _csrf: csrf, to: 'ditutup', note: '' });
    expect(note.status).toBe(400);
    expect(note.text).toContain('Catatan wajib diisi');
    expect((await officer.post(`/dashboard/tickets/${number}/transition`, { _csrf: csrf, to: 'cek_administrasi', note: 'Dicek ke loket' })).status).toBe(303);
    const res = await officer.post(`/dashboard/tickets/${number}/respond`, { _csrf: csrf, text: 'Mohon maaf, berkas Ibu sudah ditemukan dan diproses hari ini.' });
    expect(res.location).toBe(`/dashboard/tickets/${number}?ok=ticket_responded`);
    expect((await outTexts(complainant)).at(-1)).toContain('Mohon maaf, berkas Ibu sudah ditemukan dan diproses hari ini.');
    const after = await officer.get(res.location!);
    expect(after.text).toMatch(/id="ticket-stage">Ditanggapi</);
    expect(after.text).toContain('Baru → Cek administrasi');
    expect(after.text).toContain('Tanggapan dikirim ke pelapor.');
  });

  test('when an officer logs a complaint from the complaint box, then it gets a number and is assigned to them', async () => {
    const form = await officer.get('/dashboard/tickets/new');
    const res = await officer.post('/dashboard/tickets/new', {
      _csrf: csrfFrom(form.text), channel: 'complaint_box', topic: 'petugas', body: 'Petugas loket tidak ramah.', receivedAt: '2026-11-20T09:00',
      name: '', phone: '', nik: '', attachments: '1', laporTrackingId: '', assignToMe: '1',
    });
    expect(res.status).toBe(303);
    const created = await officer.get(res.location!);
    expect(created.text).toContain('Pengaduan dicatat.');
    expect(created.text).toContain('Kotak pengaduan');
    expect(created.text).toContain('Nama budi');
    const bad = await officer.post('/dashboard/tickets/new', { _csrf: csrfFrom(form.text), channel: 'complaint_box', topic: 'petugas', body: '', nik: '1234' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Isi pengaduan wajib diisi.');
  });
});

test('when a supervisor opens the reports, then ticket and handoff figures show', async () => {
  const supervisor = await signedIn(t, 'kepala', ['supervisor']);
  const res = await supervisor.get('/dashboard/reports?from=2026-11-01&to=2026-11-30');
  expect(res.status).toBe(200);
  expect(res.text).toContain('id="report-tickets"');
  expect(res.text).toMatch(/<div class="n">[1-9]\d*<\/div>permintaan petugas/);
  expect(res.text).toMatch(/<td>Ditanggapi<\/td><td>1<\/td>/);
  expect((await supervisor.get('/dashboard/reports?from=kemarin')).status).toBe(400);
});
