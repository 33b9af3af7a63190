/**
 * What the staff-day audit left open, over real HTTP with a signed-in browser stand-in, and what
 * the database and the log hold afterwards: closed chats found by the WhatsApp name; tickets
 * found by phone or NIK through their keyed hashes (neither in an address nor the log); the
 * activity log naming who and what instead of codes and "#b96bf3"; supervisors opening a
 * masked number or a confidential complainant, audited.
 */
import { startTestService, type TestService } from '../support/service';
import { csrfFrom, signedIn, type WebClient } from '../dashboard/support';

jest.setTimeout(90_000);

describe('the desk follow-up, over HTTP', () => {
  let t: TestService;
  let sari: WebClient;
  let oki: WebClient;
  let susi: WebClient;

  beforeAll(async () => {
    t = await startTestService();
    sari = await signedIn(t, 'sari', ['staff']);
    oki = await signedIn(t, 'oki', ['officer']);
    susi = await signedIn(t, 'susi', ['supervisor', 'staff', 'officer']);
  });
  afterAll(async () => {
    await t?.close();
  });

  const key = (from: string) => `simulator:${from}`;
  const ref = (from: string) => t.service.handoffs.refOf(key(from));
  const chatPath = (from: string) => `/dashboard/inbox/chat/${ref(from)}`;
  const close = async (from: string) => expect((await t.api('POST', `/api/v1/handoffs/${encodeURIComponent(key(from))}/close`)).status).toBe(200);
  const askWithName = (from: string, name: string) => t.api('POST', '/simulator/messages', { from, text: 'petugas', name }, null);
  const audit = (action: string) => t.service.db.connection.collection('audit_log').find({ action }).toArray();

  describe('closed chats by name', () => {
    test('when a person who gave only their WhatsApp name is searched by it among closed chats, then the chat is found, and the name is stored sealed', async () => {
      expect((await askWithName('6281355500001', 'Rina Wati')).status).toBe(200);
      await close('6281355500001');
      const found = await sari.get('/dashboard/inbox/closed?q=rina');
      expect(found.text).toContain('Menampilkan 1 dari 1');
      expect(found.text).toContain(`data-chat="${ref('6281355500001')}"`);
      expect(found.text).toContain('Rina Wati');
      const stored = await t.service.db.connection.collection('handoffs').find({}).toArray();
      expect(stored.length).toBeGreaterThan(0);
      expect(JSON.stringify(stored)).not.toContain('Rina Wati');
    });

    test('when a chat with a WhatsApp name waits, then the queue shows the name beside the masked number', async () => {
      await askWithName('6281355500002', 'Pak Darto');
      const inbox = await sari.get('/dashboard/inbox');
      const row = new RegExp(`data-chat="${ref('6281355500002')}"[^]*?</li>`).exec(inbox.text)?.[0] ?? '';
      expect(row).toContain('+62813****0002');
      expect(row).toContain('Pak Darto');
    });
  });

  describe('tickets by phone number or NIK', () => {
    const nik = '6371014609970011';
    let number = '';
    let secret = '';
    beforeAll(async () => {
      const made = await t.api('POST', '/api/v1/tickets', { channel: 'complaint_box', topic: 'loket', body: 'Antrean tidak tertib', complainant: { name: 'Hasan Basri', phone: '+6281366600001', nik } });
      expect(made.status).toBe(201);
      number = made.body.ticket.number;
      const hidden = await t.api('POST', '/api/v1/tickets', { channel: 'complaint_box', topic: 'petugas', body: 'Petugas kasar', confidential: true, complainant: { name: 'Hasan Basri', phone: '+6281366600001', nik } });
      secret = hidden.body.ticket.number;
      for (let i = 0; i < 3; i++) await t.api('POST', '/api/v1/tickets', { channel: 'complaint_box', topic: 'loket', body: `Lain ${i}`, complainant: { name: `Orang ${i}`, phone: `+62813666000${i + 2}` } });
    });

    test.each([
      ['a NIK', '6371 0146 0997 0011', 'NIK 6371********0011'],
      ['a phone number as typed', '0813-6660-0001', 'HP +62813****0001'],
    ])('when an officer searches tickets by %s, then the ticket is found through its keyed hash, and neither the address nor the log carries the number', async (_what, typed, label) => {
      const list = await oki.get('/dashboard/tickets');
      expect(list.text).toContain('action="/dashboard/tickets/search"');
      const res = await oki.post('/dashboard/tickets/search', { _csrf: csrfFrom(list.text), q: typed, show: 'all' });
      expect(res.status).toBe(303);
      const digits = typed.replace(/\D/g, '');
      expect(res.location).toMatch(/^\/dashboard\/tickets\?.*who=/);
      expect(res.location!.replace(/\D/g, '')).not.toContain(digits.slice(-8));
      const page = await oki.get(res.location!);
      expect(page.status).toBe(200);
      expect(page.text).toContain(`data-ticket="${number}"`);
      expect(page.text).not.toContain(`data-ticket="${secret}"`); // a confidential complainant is not found by who they are
      expect(page.text).toMatch(/Menampilkan 1 dari 1 pengaduan dengan <strong id="ticket-searched">/);
      expect(page.text).toContain(label);
      expect(page.text).not.toContain(nik);
      for (const line of t.rawLogs) expect(line.replace(/\D/g, '')).not.toContain(digits);
      expect((await audit('ticket.search_by_identity')).length).toBeGreaterThan(0);
    });

    test('when a NIK is typed straight into the address, then the page moves it out of the address before showing anything', async () => {
      const res = await oki.get(`/dashboard/tickets?q=${nik}`);
      expect(res.status).toBe(303);
      expect(res.location).not.toContain(nik);
      expect((await oki.get(res.location!)).text).toContain(`data-ticket="${number}"`);
    });

    test('when the search token is tampered with, then the page says so in Indonesian (400), never a 500', async () => {
      const res = await oki.get('/dashboard/tickets?who=v1-bukan-token');
      expect(res.status).toBe(400);
      expect(res.text).toContain('Cari sekali lagi');
    });
  });

  describe('the activity log names who and what', () => {
    test('when staff open, claim and answer a chat of a known applicant, then the log names the chat by masked number and name, hides the routine opening, and shows no code or #id', async () => {
      const from = '6281377700011';
      const app = await t.api('POST', '/api/v1/applications', {
        registrationNumber: 'BJM/2026/07001', nik: '6371014609970021', kkNumber: '6371010101150021', name: 'Budi Santoso', dateOfBirth: '1997-09-06', phones: [`+${from}`], status: 'diterima',
      });
      expect(app.status).toBe(201);
      await t.send(from, 'petugas');
      for (let i = 0; i < 3; i++) await sari.get(chatPath(from));
      const page = await sari.get(chatPath(from));
      expect((await sari.post(`${chatPath(from)}/claim`, { _csrf: csrfFrom(page.text) })).status).toBe(303);
      for (const text of ['Baik, kami cek', 'Sudah kami cek']) expect((await sari.post(`${chatPath(from)}/reply`, { _csrf: csrfFrom(page.text), text })).status).toBe(303);

      const log = await susi.get('/dashboard/reports/activity');
      expect(log.status).toBe(200);
      const rows = log.text.match(/<tr data-action[^]*?<\/tr>/g) ?? [];
      const text = rows.join('\n');
      expect(text).toContain('Nama sari mengambil percakapan +62813****0011 (simulator) (Budi Santoso).');
      expect(text).toMatch(/Nama sari membalas percakapan \+62813\*\*\*\*0011 \(simulator\) \(Budi Santoso\)\.[^]*?2×/);
      expect(text).toContain('mencatat permohonan BJM/2026/07001 (Budi Santoso)');
      expect(text).not.toMatch(/#[a-f0-9]{6}/);
      expect(rows.some((r) => r.includes('data-action="handoff.view"'))).toBe(false);
      expect(log.text).toContain('Membuka percakapan tidak ditampilkan di sini');
      // Asked for by name, the openings are there, four in a row as one line.
      const views = await susi.get('/dashboard/reports/activity?action=handoff.view');
      expect(views.text).toMatch(/Nama sari membuka percakapan \+62813\*\*\*\*0011 \(simulator\) \(Budi Santoso\)\.[^<]*<span class="badge"[^>]*>\d×/);
      // The log itself still holds every entry, the chat only as its pseudonym.
      const stored = await audit('handoff.view');
      expect(stored.length).toBeGreaterThanOrEqual(4);
      expect(JSON.stringify(stored)).not.toContain(from);
    });

    test('when an admin opens a staff account, then its recent activity reads as sentences, not codes and chat pseudonyms', async () => {
      const admin = await signedIn(t, 'adi', ['admin']);
      const id = String((await t.service.db.connection.collection('staff_users').findOne({ username: 'sari' }))!._id);
      const page = await admin.get(`/dashboard/admin/users/${id}`);
      const activity = /<table id="user-activity">[^]*?<\/table>/.exec(page.text)?.[0] ?? '';
      expect(activity).toContain('membalas percakapan +62813****0011');
      expect(activity).not.toMatch(/handoff\.|chat:h-|staff\.login/);
    });
  });

  describe('the ticket history', () => {
    test('when the assignee changes twice, then the ticket history lists each change with who made it, in time order among the stage changes', async () => {
      const made = await t.api('POST', '/api/v1/tickets', { channel: 'complaint_box', topic: 'loket', body: 'Loket tutup lebih awal', complainant: { name: 'Ani' } });
      const path = `/dashboard/tickets/${made.body.ticket.number}`;
      const page = await oki.get(path);
      expect((await oki.post(`${path}/assign`, { _csrf: csrfFrom(page.text), assignee: 'me' })).status).toBe(303);
      t.clock.advance(60_000);
      expect((await susi.post(`${path}/assign`, { _csrf: csrfFrom((await susi.get(path)).text), assignee: '' })).status).toBe(303);
      const history = /<table id="ticket-history">[^]*?<\/table>/.exec((await oki.get(path)).text)?.[0] ?? '';
      const rows = history.match(/<tr[^>]*>[^]*?<\/tr>/g)!.slice(1);
      expect(rows).toHaveLength(3);
      expect(rows[0]).toContain('Baru');
      expect(rows[1]).toMatch(/Penanggung jawab → Nama oki<\/td><td>Nama oki/);
      expect(rows[2]).toMatch(/Penanggung jawab → belum ada<\/td><td>Nama susi/);
    });
  });

  describe('supervisors reveal what their role allows, audited', () => {
    test('when a supervisor asks for the full number beside a chat, then it is shown on that response and the reveal is in the audit log; counter staff get no control and a 403', async () => {
      const from = '6281388800021';
      await t.send(from, 'petugas');
      const page = await susi.get(chatPath(from));
      expect(page.text).toContain('Tampilkan nomor lengkap');
      expect(page.text).not.toContain(`+${from}`);
      const shown = await susi.post(`${chatPath(from)}/reveal-phone`, { _csrf: csrfFrom(page.text) });
      expect(shown.status).toBe(200);
      expect(shown.text).toMatch(new RegExp(`<span id="contact-number" class="revealed">\\+${from}</span>`));
      expect(shown.headers.get('cache-control')).toContain('no-store');
      const reveals = await audit('contact.phone_revealed');
      expect(reveals).toHaveLength(1);
      expect(reveals[0].actorName).toBe('Nama susi');
      expect(JSON.stringify(reveals)).not.toContain(from);

      const counter = await sari.get(chatPath(from));
      expect(counter.text).not.toContain('Tampilkan nomor lengkap');
      expect((await sari.post(`${chatPath(from)}/reveal-phone`, { _csrf: csrfFrom(counter.text) })).status).toBe(403);
      expect(await audit('contact.phone_revealed')).toHaveLength(1);
      expect((await susi.get('/dashboard/reports/activity')).text).toContain('Nama susi membuka nomor HP lengkap pada percakapan +62813****0021');
    });

    test('when a supervisor opens a confidential complainant with a reason, then the name shows and the reason is audited; without a reason it is refused; an officer has no control', async () => {
      const made = await t.api('POST', '/api/v1/tickets', { channel: 'complaint_box', topic: 'petugas', body: 'Pungutan liar di loket', confidential: true, complainant: { name: 'Maya Sari', phone: '+6281399900031' } });
      const number = made.body.ticket.number as string;
      const path = `/dashboard/tickets/${number}`;
      const page = await susi.get(path);
      expect(page.text).toContain('Identitas dirahasiakan');
      expect(page.text).toContain('Buka identitas pelapor');
      expect(page.text).not.toContain('Maya Sari');

      const blank = await susi.post(`${path}/reveal`, { _csrf: csrfFrom(page.text), reason: ' ' });
      expect(blank.status).toBe(400);
      expect(blank.text).toContain('Alasan membuka identitas pelapor wajib diisi.');
      const opened = await susi.post(`${path}/reveal`, { _csrf: csrfFrom(page.text), reason: 'Tindak lanjut pemeriksaan inspektorat' });
      expect(opened.status).toBe(200);
      expect(opened.text).toContain('Maya Sari');
      expect(opened.text).toContain('+6281399900031');
      const stored = await audit('ticket.identity_revealed');
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ target: `ticket:${number}`, actorName: 'Nama susi', details: { reason: 'Tindak lanjut pemeriksaan inspektorat' } });

      const officerPage = await oki.get(path);
      expect(officerPage.text).not.toContain('Buka identitas pelapor');
      expect((await oki.post(`${path}/reveal`, { _csrf: csrfFrom(officerPage.text), reason: 'ingin tahu' })).status).toBe(403);
      expect(await audit('ticket.identity_revealed')).toHaveLength(1);
    });
  });
});
