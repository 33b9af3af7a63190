/**
 * The rest of a working day at the desk, in a real Chromium at 1366×768 and over HTTP:
 * signing in again lands on the page that was asked for (and never on another site); closed
 * chats with search and pages; the contact panel beside a chat (masked number, applications,
 * tickets, staff notes stored and audited); failed messages sent again through the outbox;
 * reopening a finished ticket. Screenshots go to test-output/screenshots/desk-more-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { browserDescribe, officeBrowser, SHOTS, type OfficeBrowser } from './chromium';
import { handoffTarget } from '../../src/handoff/handoff-routes';
import { startTestService, type TestService } from '../support/service';
import { csrfFrom, fileComplaint, PASSWORD, seedUser, WebClient } from './support';

jest.setTimeout(90_000);

browserDescribe('the desk for a whole day, in Chromium', () => {
  let t: TestService;
  let office: OfficeBrowser;
  let sariId: string;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await startTestService();
    await seedUser(t, 'admin', ['admin'], { name: 'Admin Dinsos' });
    sariId = (await seedUser(t, 'sari', ['staff'], { name: 'Sari Petugas' })).id;
    await seedUser(t, 'oki', ['officer'], { name: 'Oki Petugas Aduan' });
    office = await officeBrowser();
  });

  afterAll(async () => {
    await office?.close();
    await t?.close();
  });

  const newPage = (): Promise<Page> => office.newPage();

  async function signIn(username: string): Promise<Page> {
    const page = await newPage();
    await page.goto(`${t.baseUrl}/dashboard/login`);
    await page.fill('#username', username);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(/\/dashboard\/(?!login)/), page.click('button[type=submit]')]);
    return page;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `desk-more-${name}.png`) });
  const key = (from: string) => `simulator:${from}`;

  /** Polls until `check` holds (events land a moment after the call that caused them). */
  async function eventually(check: () => Promise<boolean>, ms = 5000): Promise<void> {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  describe('signing in returns to the page that was asked for', () => {
    test('a ticket list with its filters opened signed out: after signing in, that page, not the home page', async () => {
      const page = await newPage();
      await page.goto(`${t.baseUrl}/dashboard/tickets?show=all&sort=newest&q=ibu+siti`);
      expect(page.url()).toContain('/dashboard/login?next=');
      await page.fill('#username', 'admin');
      await page.fill('#password', PASSWORD);
      await Promise.all([page.waitForURL(/\/dashboard\/tickets/), page.click('button[type=submit]')]);
      expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/dashboard/tickets?show=all&sort=newest&q=ibu+siti');
      await expect(page.inputValue('#f-q')).resolves.toBe('ibu siti');
    });

    test.each(['//evil.com', 'https://evil.com', '/\\evil.com', '/dashboard@evil.com', '/dashboard/\\evil.com', 'javascript:alert(1)'])(
      'next=%s is refused: the sign-in lands on the home page of this site',
      async (next) => {
        const client = new WebClient(t.baseUrl);
        const form = await client.get(`/dashboard/login?next=${encodeURIComponent(next)}`);
        expect(form.text).not.toContain('evil.com');
        const res = await client.post('/dashboard/login', { username: 'sari', password: PASSWORD, _csrf: csrfFrom(form.text), next });
        expect(res.status).toBe(303);
        expect(res.location).toBe('/dashboard/inbox');
        // Already signed in, the same link does not leave the site either.
        const again = await client.get(`/dashboard/login?next=${encodeURIComponent(next)}`);
        expect(again.location).toBe('/dashboard/inbox');
      },
    );

    test('a form posted after the session ended offers to sign in again and come back to the page it was on', async () => {
      const client = new WebClient(t.baseUrl);
      await client.login('sari');
      const csrf = await client.csrf('/dashboard/inbox/closed');
      await t.service.staff.sessions.destroyForUser(sariId);
      const res = await client.request('POST', '/dashboard/inbox/chat/simulator%3A6281300000000/notes', {
        form: { _csrf: csrf, text: 'x' },
        headers: { referer: `${t.baseUrl}/dashboard/inbox/closed?q=0001` },
      });
      expect(res.status).toBe(401);
      const link = /id="login-again" href="([^"]+)"|href="([^"]+)" id="login-again"/.exec(res.text);
      expect(link?.[1] ?? link?.[2]).toBe(`/dashboard/login?next=${encodeURIComponent('/dashboard/inbox/closed?q=0001')}`);
      const form = await client.get((link![1] ?? link![2]).replace(/&amp;/g, '&'));
      const signedIn = await client.post('/dashboard/login', { username: 'sari', password: PASSWORD, _csrf: csrfFrom(form.text), next: '/dashboard/inbox/closed?q=0001' });
      expect(signedIn.location).toBe('/dashboard/inbox/closed?q=0001');
    });
  });

  const siti = '6281377700003';
  let confidentialNumber = '';

  describe('closed chats and the contact panel', () => {
    beforeAll(async () => {
      const created = await t.api('POST', '/api/v1/applications', {
        registrationNumber: 'BJM/2026/05050', nik: '6371014609970001', kkNumber: '6371010101150003', name: 'Siti Aminah', dateOfBirth: '1997-09-06', phones: [`+${siti}`], status: 'diterima',
      });
      expect(created.status).toBe(201);
      await fileComplaint(t, siti);
      // A confidential complaint from the same number (about staff, say): the desk must not learn who made it.
      const secret = await t.api('POST', '/api/v1/tickets', { channel: 'complaint_box', topic: 'petugas', body: 'Petugas loket kasar', confidential: true, complainant: { name: 'Siti Aminah', phone: `+${siti}` } });
      expect(secret.status).toBe(201);
      confidentialNumber = secret.body.ticket.number;
      // 22 chats handed to staff and back: more than one page of closed chats.
      for (let i = 10; i < 32; i++) {
        const from = `62813888000${i}`;
        await t.send(from, 'petugas');
        expect((await t.api('POST', `/api/v1/handoffs/${encodeURIComponent(key(from))}/close`)).status).toBe(200);
      }
      t.clock.advance(30_000); // the newest closed chat
      await t.send(siti, 'petugas');
      expect((await t.api('POST', `/api/v1/handoffs/${encodeURIComponent(key(siti))}/close`)).status).toBe(200);
    });

    test('the closed view lists chats returned to the bot, masked, paged and searchable by masked number or name', async () => {
      const staff = await signIn('sari');
      await staff.goto(`${t.baseUrl}/dashboard/inbox`);
      await Promise.all([staff.waitForURL(/\/inbox\/closed/), staff.click('a:has-text("Percakapan selesai")')]);
      await expect(staff.textContent('#closed-count')).resolves.toContain('Menampilkan 20 dari 23 percakapan');
      const body = await staff.textContent('#closed-table');
      // Numbers only masked (which of the 22 chats closed in the same instant come first is the index's order).
      expect(body).not.toMatch(/62813888000\d\d/);
      expect(body).toMatch(/\+62813\*{4}00[1-3]\d/);
      await expect(staff.textContent('#closed-table tbody tr >> nth=0')).resolves.toContain('Siti Aminah');
      await shot(staff, '01-closed-chats');
      await Promise.all([staff.waitForURL(/page=2/), staff.click('a[rel="next"]')]);
      await expect(staff.locator('#closed-table tbody tr').count()).resolves.toBe(3);

      for (const q of ['siti', '+62813****0003', '0813 7770 0003']) {
        await staff.goto(`${t.baseUrl}/dashboard/inbox/closed`);
        await staff.fill('#closed-q', q);
        await Promise.all([staff.waitForURL(/q=/), staff.click('button:has-text("Cari")')]);
        await expect(staff.textContent('#closed-count')).resolves.toContain('Menampilkan 1 dari 1');
        await expect(staff.getAttribute('#closed-table tbody tr', 'data-chat')).resolves.toBe(t.service.handoffs.refOf(key(siti)));
      }
      await shot(staff, '02-closed-search');
    });

    test('beside the chat: the masked number, the application with its status and masked NIK, the ticket; a note is stored, audited and shown with author and time', async () => {
      const staff = await signIn('sari');
      await staff.goto(`${t.baseUrl}/dashboard/inbox/closed?q=siti`);
      await Promise.all([staff.waitForURL(/\/inbox\/chat\//), staff.click('#closed-table tbody tr a')]);
      await expect(staff.textContent('#contact-number')).resolves.toBe('+62813****0003');
      await expect(staff.textContent('#contact-name')).resolves.toBe('Siti Aminah');
      const apps = await staff.textContent('#contact-applications');
      expect(apps).toContain('BJM/2026/05050');
      expect(apps).toContain('Berkas diterima');
      expect(apps).not.toContain('6371014609970001');
      expect(apps).toMatch(/NIK 6371\*+0001/);
      await expect(staff.locator('#contact-tickets li').count()).resolves.toBe(1);
      await expect(staff.locator(`#contact-tickets li[data-ticket="${confidentialNumber}"]`).count()).resolves.toBe(0);
      // Counter staff see the ticket and its stage; only officers get a link to it.
      await expect(staff.locator('#contact-tickets a').count()).resolves.toBe(0);
      expect(await staff.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1366);

      await staff.fill('#note-text', 'Ibu Siti minta dihubungi sore hari, nomor lain 0813 1234 5678.');
      await Promise.all([staff.waitForURL(/ok=note_added/), staff.click('button:has-text("Simpan catatan")')]);
      const note = await staff.textContent('#contact-notes li >> nth=0');
      expect(note).toContain('Sari Petugas · 23 Nov 2026 10.00 WITA');
      expect(note).toContain('Ibu Siti minta dihubungi sore hari');
      expect(note).not.toContain('0813 1234 5678');
      await shot(staff, '03-contact-panel');

      const stored = await t.service.db.connection.collection('contact_notes').find({}).toArray();
      expect(stored).toHaveLength(1);
      expect(stored[0].text).toContain('Ibu Siti minta dihubungi sore hari');
      expect(JSON.stringify(stored[0])).not.toContain(siti); // the chat only by its keyed hash
      const audited = await t.service.modules.audit.forTarget(handoffTarget(key(siti)));
      expect(audited.map((a) => a.action)).toContain('contact.note');
    });
  });

  describe('failed messages', () => {
    const from = '6281377700077';
    const text = 'Berkas Bapak sudah lengkap, silakan datang hari Kamis.';

    test('a message that finally failed is shown with its reason; "Kirim ulang" sends it again through the outbox, once', async () => {
      await t.send(from, 'petugas');
      let outboxId = '';
      const seen = (e: { _id: unknown; text: string }) => void (e.text === text && (outboxId = String(e._id)));
      t.service.outbox.on('sent', seen);
      const staffApi = await t.api('POST', `/api/v1/handoffs/${encodeURIComponent(key(from))}/reply`, { text });
      expect(staffApi.status).toBe(202);
      await t.service.outbox.settled(key(from));
      t.service.outbox.off('sent', seen);
      expect(outboxId).toMatch(/^[a-f0-9]{24}$/);
      // The provider reports afterwards that it could not deliver it.
      expect(await t.service.outbox.recordDelivery({ channel: 'simulator', providerMessageId: `sim-${outboxId}`, outboxId, status: 'failed', at: t.clock.now(), error: { code: '131026', reason: 'Message undeliverable' } })).toBe(true);

      const staff = await signIn('sari');
      await eventually(async () => {
        await staff.goto(`${t.baseUrl}/dashboard/inbox/failed`);
        return (await staff.$(`tr[data-outbox="${outboxId}"]`)) !== null;
      });
      const row = await staff.textContent(`tr[data-outbox="${outboxId}"]`);
      expect(row).toContain(text);
      expect(row).toContain('kode 131026');
      expect(row).toContain('+62813****0077');
      await shot(staff, '04-failed-messages');

      const before = (await t.transcript(from)).filter((m) => m.direction === 'out' && m.text === text).length;
      staff.once('dialog', (d) => void d.accept());
      await Promise.all([staff.waitForURL(/ok=resent/), staff.click(`tr[data-outbox="${outboxId}"] button:has-text("Kirim ulang")`)]);
      await expect(staff.textContent(`tr[data-outbox="${outboxId}"]`)).resolves.toContain('Dikirim ulang oleh Anda');
      await shot(staff, '05-failed-resent');
      expect((await t.transcript(from)).filter((m) => m.direction === 'out' && m.text === text).length).toBe(before + 1);

      // The same resend posted again (a double click, a colleague) sends nothing more.
      const client = new WebClient(t.baseUrl);
      await client.login('admin');
      const csrf = await client.csrf('/dashboard/inbox/failed');
      const again = await client.post('/dashboard/inbox/failed/resend', { _csrf: csrf, chatKey: key(from), outboxId, back: 'list' });
      expect(again.status).toBe(303);
      await t.service.outbox.settled(key(from));
      expect((await t.transcript(from)).filter((m) => m.direction === 'out' && m.text === text).length).toBe(before + 1);
      const audited = await t.service.modules.audit.forTarget(handoffTarget(key(from)));
      expect(audited.filter((a) => a.action === 'outbox.resend').length).toBeGreaterThanOrEqual(1);
    });

    test('a message id that is not a failed one of that chat is refused', async () => {
      const client = new WebClient(t.baseUrl);
      await client.login('admin');
      const csrf = await client.csrf('/dashboard/inbox/failed');
      const res = await client.post('/dashboard/inbox/failed/resend', { _csrf: csrf, chatKey: key(siti), outboxId: 'a'.repeat(24), back: 'list' });
      expect(res.status).toBe(404);
      const bad = await client.post('/dashboard/inbox/failed/resend', { _csrf: csrf, chatKey: 'evil:1', outboxId: 'x' });
      expect(bad.status).toBe(400);
    });
  });

  describe('reopening a finished ticket', () => {
    test('an officer reopens it with a reason: back to checking, a new deadline from now, the complainant told, audited', async () => {
      const complainant = '6281377700088';
      const number = await fileComplaint(t, complainant);
      expect((await t.api('POST', `/api/v1/tickets/${number}/responses`, { text: 'Antrean sudah kami perbaiki.' })).status).toBe(201);
      expect((await t.api('POST', `/api/v1/tickets/${number}/transitions`, { to: 'selesai' })).status).toBe(200);
      // Two working days later the complainant says it happened again.
      t.clock.set('2026-11-25T03:00:00Z');
      const officer = await signIn('oki');
      await officer.goto(`${t.baseUrl}/dashboard/tickets/${number}`);
      await expect(officer.textContent('#ticket-stage')).resolves.toBe('Selesai');
      // The reason is required: the browser will not send the form without it.
      await officer.click('button:has-text("Buka kembali")');
      expect(officer.url()).not.toContain('ok=');
      await officer.fill('#reopen-reason', 'Pelapor mengabarkan antrean macet lagi.');
      officer.once('dialog', (d) => void d.accept());
      await Promise.all([officer.waitForURL(/ok=ticket_reopened/), officer.click('button:has-text("Buka kembali")')]);
      await expect(officer.textContent('#ticket-stage')).resolves.toBe('Cek administrasi');
      await expect(officer.textContent('#ticket-history')).resolves.toContain('Selesai → Cek administrasi');
      await expect(officer.textContent('#ticket-history')).resolves.toContain('Pelapor mengabarkan antrean macet lagi.');
      await shot(officer, '06-ticket-reopened');

      const ticket = (await t.api('GET', `/api/v1/tickets/${number}`)).body.ticket;
      expect(ticket.stage).toBe('cek_administrasi');
      expect(ticket.respondedAt).toBeNull();
      // Wednesday 25 Nov 11.00 WITA + 3 working days: Monday 30 Nov at closing time.
      expect(ticket.responseDueAt).toMatch(/^2026-11-30T/);
      const told = (await t.transcript(complainant)).filter((m) => m.direction === 'out').map((m) => m.text);
      expect(told.at(-1)).toContain(`Penanganan pengaduan *${number}* dilanjutkan`);
      const audited = await t.service.modules.audit.forTarget(`ticket:${number}`);
      expect(audited.find((a) => a.action === 'ticket.reopened')?.details).toMatchObject({ reason: 'Pelapor mengabarkan antrean macet lagi.' });
    });

    test('the API refuses a reopen without a reason (400) and of a ticket still open (409)', async () => {
      const open = await t.api('POST', '/api/v1/tickets', { channel: 'complaint_box', topic: 'loket', body: 'Keluhan loket' });
      const number = open.body.ticket.number;
      expect((await t.api('POST', `/api/v1/tickets/${number}/reopen`, { reason: '  ' })).status).toBe(400);
      const refused = await t.api('POST', `/api/v1/tickets/${number}/reopen`, { reason: 'Coba' });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('ticket_open');
    });
  });
});
