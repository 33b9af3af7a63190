/**
 * A working day at the desk in a real Chromium at 1366×768 (Debian's, driven by
 * playwright-core): the demo's printed URL shows a working chat in order; a long unbroken
 * message keeps the chat's buttons on screen and WhatsApp formatting shows as formatting;
 * canned replies by keyboard; an unread count rising when an applicant writes in another
 * chat; the status form's reason field and its confirmation; paging past 200 tickets; the
 * WhatsApp banner. Screenshots go to test-output/screenshots/desk-*.png. Skips, saying why,
 * when Chromium is not installed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { browserDescribe, officeBrowser, SHOTS, type OfficeBrowser } from './chromium';
import { MessageLog } from '../../src/conversation/message-log';
import { createDashboard } from '../../src/dashboard';
import { ContactNotes } from '../../src/handoff/contact-notes-store';
import { CannedReplyStore } from '../../src/handoff/canned-reply-store';
import { UndeliveredStore } from '../../src/handoff/undelivered-store';
import { createHttpApp } from '../../src/http/app';
import { startTestService, type TestService } from '../support/service';
import { fileComplaint, PASSWORD, seedUser } from './support';


jest.setTimeout(90_000);

browserDescribe('a working day at the desk, in Chromium', () => {
  let t: TestService;
  let office: OfficeBrowser;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await startTestService();
    await seedUser(t, 'admin', ['admin'], { name: 'Admin Dinsos' });
    await seedUser(t, 'sari', ['staff'], { name: 'Sari Petugas' });
    office = await officeBrowser();
  });

  afterAll(async () => {
    await office?.close();
    await t?.close();
  });

  const newPage = (): Promise<Page> => office.newPage();

  async function signIn(username: string, baseUrl = t.baseUrl): Promise<Page> {
    const page = await newPage();
    await page.goto(`${baseUrl}/dashboard/login`);
    await page.fill('#username', username);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(/\/dashboard\/(?!login)/), page.click('button[type=submit]')]);
    return page;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `desk-${name}.png`) });
  const ref = (from: string) => t.service.handoffs.refOf(`simulator:${from}`);
  const chatUrl = (from: string) => `${t.baseUrl}/dashboard/inbox/chat/${ref(from)}`;

  test('the URL the demo prints (/simulator, no trailing slash) shows a working chat, the message before its answer', async () => {
    const page = await newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('response', (r) => void (r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`)));
    await page.goto(`${t.baseUrl}/simulator`);
    const input = page.locator('.chat form input').first();
    await input.waitFor({ timeout: 5000 });
    await input.fill('halo');
    await input.press('Enter');
    await page.locator('.chat .msg.out').first().waitFor({ timeout: 5000 });
    const order = await page.$$eval('.chat .log .msg', (els) => els.map((e) => `${e.className}: ${(e.textContent ?? '').slice(0, 20)}`));
    expect(order[0]).toMatch(/^msg in: halo/);
    expect(order.slice(1).every((o) => o.startsWith('msg out'))).toBe(true);
    expect(problems).toEqual([]);
    await shot(page, '01-simulator');
  });

  const from = '6281377700001';
  let staff: Page;

  test('a long unbroken message keeps the claim, close and send buttons on screen; *bold* and _italic_ show as formatting', async () => {
    await t.send(from, 'petugas');
    await t.send(from, 'w' + 'kwk'.repeat(50));
    await t.send(from, 'Ini *penting* sekali, _tolong_ dibantu. Kode <b>x</b> tetap teks.');
    staff = await signIn('sari');
    await staff.goto(chatUrl(from));
    await staff.waitForSelector('.msg.user');
    const onScreen = async (selector: string) => {
      const box = await staff.locator(selector).first().boundingBox();
      return box !== null && box.x >= 0 && box.x + box.width <= 1366;
    };
    expect(await onScreen('button:has-text("Ambil percakapan")')).toBe(true);
    expect(await onScreen('button:has-text("Tutup percakapan")')).toBe(true);
    expect(await onScreen('.reply button[type=submit]')).toBe(true);
    expect(await staff.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1366);
    await expect(staff.locator('.msg.user b').first().textContent()).resolves.toBe('penting');
    await expect(staff.locator('.msg.user i').first().textContent()).resolves.toBe('tolong');
    // Markup typed by the applicant is text, not markup.
    await expect(staff.locator('.msg.user', { hasText: 'Kode' }).locator('b').count()).resolves.toBe(1);
    await expect(staff.locator('.msg.user', { hasText: 'Kode' }).textContent()).resolves.toContain('<b>x</b>');
    await shot(staff, '02-long-text-and-formatting');
  });

  test('canned replies by keyboard: ↓ moves through the list, Enter inserts the chosen one', async () => {
    await Promise.all([staff.waitForURL(/ok=claimed/), staff.click('button:has-text("Ambil percakapan")')]);
    const options = await staff.$$eval('select[data-canned] option', (els) => els.map((e) => (e as unknown as { value: string }).value));
    await staff.focus('select[data-canned]');
    await staff.keyboard.press('ArrowDown');
    await staff.keyboard.press('ArrowDown');
    await expect(staff.inputValue('#reply-text')).resolves.toBe('');
    await expect(staff.inputValue('select[data-canned]')).resolves.toBe(options[2]);
    await staff.keyboard.press('Enter');
    await expect(staff.inputValue('#reply-text')).resolves.toBe(options[2]);
    expect(staff.url()).toMatch(/ok=claimed/); // Enter did not send the form
    await shot(staff, '03-canned-keyboard');
  });

  test('an unread count rises when the applicant writes in another chat, in the queue, the tab title and the top bar', async () => {
    await Promise.all([staff.waitForURL(/ok=replied/), staff.click('.reply button[type=submit]')]);
    await staff.waitForSelector('#live-indicator.on');
    await expect(staff.title()).resolves.toMatch(/^Kotak Masuk/);
    const other = '6281377700002';
    await t.send(other, 'petugas');
    await staff.waitForSelector(`li.unread[data-chat="${ref(other)}"]`, { timeout: 5000 });
    await staff.waitForFunction("document.title.startsWith('(1) Kotak Masuk')", undefined, { timeout: 5000 });
    await t.send(other, 'Halo, saya mau tanya soal kartu KIS');
    await staff.waitForSelector(`li[data-chat="${ref(other)}"][data-unread="2"]`, { timeout: 5000 });
    await expect(staff.textContent(`li[data-chat="${ref(other)}"] .preview`)).resolves.toBe('Halo, saya mau tanya soal kartu KIS');
    await expect(staff.textContent('#inbox-counter .n')).resolves.toBe('1');
    const weight = await staff.$eval(`li[data-chat="${ref(other)}"] .who`, (e) => (globalThis as unknown as { getComputedStyle(el: unknown): { fontWeight: string } }).getComputedStyle(e).fontWeight);
    expect(Number(weight)).toBeGreaterThanOrEqual(700);
    await shot(staff, '04-unread-other-chat');
  });

  test('a draft survives a reload and a colleague taking the chat; Ctrl+Enter sends it and ends it', async () => {
    const draft = 'Bu, berkas Ibu sudah kami terima dan sedang kami periksa.';
    await staff.goto(chatUrl(from));
    await staff.fill('#reply-text', draft);
    await staff.reload();
    await expect(staff.inputValue('#reply-text')).resolves.toBe(draft);
    await expect(staff.isVisible('.draft-note')).resolves.toBe(true);
    // A colleague takes the chat meanwhile: the send is refused, and the text is still there.
    const taken = await t.api('POST', `/api/v1/handoffs/${encodeURIComponent(`simulator:${from}`)}/claim`, { takeOver: true });
    expect(taken.status).toBe(200);
    await Promise.all([staff.waitForURL(/err=not_claimable/), staff.press('#reply-text', 'Control+Enter')]);
    await expect(staff.inputValue('#reply-text')).resolves.toBe(draft);
    await shot(staff, '05-draft-kept-after-takeover');
    await Promise.all([staff.waitForURL(/ok=taken_over/), staff.click('button:has-text("Ambil alih")')]);
    await expect(staff.inputValue('#reply-text')).resolves.toBe(draft);
    await Promise.all([staff.waitForURL(/ok=replied/), staff.press('#reply-text', 'Control+Enter')]);
    expect((await t.transcript(from)).filter((m) => m.direction === 'out').map((m) => m.text)).toContain(draft);
    await staff.reload();
    await expect(staff.inputValue('#reply-text')).resolves.toBe('');
  });

  test('the status form shows "Alasan" without unfolding, preselects nothing, and asks before messaging the applicant', async () => {
    const created = await t.api('POST', '/api/v1/applications', {
      registrationNumber: 'BJM/2026/04040', nik: '6371014609970001', kkNumber: '6371010101150003', name: 'Siti Aminah', dateOfBirth: '1997-09-06', phones: ['+6281377700003'], status: 'diterima',
    });
    expect(created.status).toBe(201);
    const admin = await signIn('admin');
    await admin.goto(`${t.baseUrl}/dashboard/applications/${created.body.id}`);
    await expect(admin.isVisible('#d-reason')).resolves.toBe(true);
    await expect(admin.isVisible('label[for="d-reason"]')).resolves.toBe(true);
    await expect(admin.inputValue('#status')).resolves.toBe('');
    const posted: string[] = [];
    admin.on('request', (r) => void (r.method() === 'POST' && posted.push(r.url())));
    const asked: string[] = [];
    admin.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await admin.selectOption('#status', 'menunggu_verifikasi');
    await admin.click('button:has-text("Simpan status")');
    await admin.waitForTimeout(300);
    expect(asked).toEqual(['Status akan diubah dan pemohon diberi tahu lewat WhatsApp. Lanjutkan?']);
    expect(posted).toEqual([]);
    await expect(admin.textContent('#application-status')).resolves.toBe('Berkas diterima');
    admin.once('dialog', (d) => void d.accept());
    await Promise.all([admin.waitForURL(/ok=status_changed/), admin.click('button:has-text("Simpan status")')]);
    await shot(admin, '06-status-form');
  });

  test('paging past 200 tickets: "Menampilkan 50 dari 210", the overdue one first, the next page one click away', async () => {
    const overdue = await t.api('POST', '/api/v1/tickets', { channel: 'complaint_box', topic: 'loket', body: 'Antrean loket macet', receivedAt: '2026-11-09T01:00:00Z' });
    for (let i = 1; i < 210; i++) await t.api('POST', '/api/v1/tickets', { channel: 'complaint_box', topic: 'loket', body: `Keluhan ${i}`, receivedAt: new Date(Date.parse('2026-11-23T01:00:00Z') - i * 1000).toISOString() });
    const admin = await signIn('admin');
    await admin.goto(`${t.baseUrl}/dashboard/tickets`);
    await expect(admin.textContent('#ticket-count')).resolves.toContain('Menampilkan 50 dari 210 pengaduan');
    await expect(admin.locator('#ticket-table tbody tr').count()).resolves.toBe(50);
    await expect(admin.getAttribute('#ticket-table tbody tr >> nth=0', 'data-ticket')).resolves.toBe(overdue.body.number ?? overdue.body.ticket?.number);
    await shot(admin, '07-tickets-page-1');
    await Promise.all([admin.waitForURL(/page=2/), admin.click('a[rel="next"]')]);
    await expect(admin.textContent('#ticket-count')).resolves.toContain('(nomor 51–100)');
  }, 180_000);

  test('a complaint filed on WhatsApp appears in the open ticket list without a reload', async () => {
    const admin = await signIn('admin');
    await admin.goto(`${t.baseUrl}/dashboard/tickets?sort=newest`);
    await admin.waitForSelector('#live-indicator.on');
    await admin.evaluate('window.notReloaded = true');
    const number = await fileComplaint(t, '6281377700009');
    await admin.waitForSelector(`tr[data-ticket="${number}"]`, { timeout: 5000 });
    expect(await admin.evaluate('window.notReloaded')).toBe(true);
    await expect(admin.textContent('#ticket-count')).resolves.toContain('dari 211 pengaduan');
  });

  test('when WhatsApp is not paired, every page shows a banner with the cause', async () => {
    // The same service's parts behind a second app whose WhatsApp link is a stand-in.
    const s = t.service;
    const dashboard = createDashboard({
      chats: s.channels, profile: s.profile, calendar: s.calendar, cipher: s.modules.cipher, catalogue: s.catalogue, clock: t.clock, audit: s.modules.audit,
      auth: s.modules.auth, staff: s.staff, handoffs: s.handoffs, messageLog: new MessageLog(s.db.connection, s.modules.cipher), outbox: s.outbox,
      desk: { notes: new ContactNotes(s.db.connection, s.modules.cipher), undelivered: new UndeliveredStore(s.db.connection, s.modules.cipher), canned: new CannedReplyStore(s.db.connection) },
      whatsapp: () => ({ state: () => ({ status: 'qr' }) }),
    });
    const app = createHttpApp({ logger: s.modules.logger, routers: dashboard.routers, readiness: [] });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const admin = await signIn('admin', base);
      for (const p of ['/dashboard/inbox', '/dashboard/reports', '/dashboard/admin/users']) {
        await admin.goto(base + p);
        await expect(admin.textContent('#channel-banner')).resolves.toContain('WhatsApp kantor belum ditautkan.');
      }
      await expect(admin.isVisible('#channel-banner a[href="/dashboard/admin/whatsapp"]')).resolves.toBe(true);
      await admin.goto(`${base}/dashboard/inbox`);
      await shot(admin, '08-whatsapp-banner');
      // Where WhatsApp works (the test service has none), no banner.
      await admin.goto(`${t.baseUrl}/dashboard/inbox`);
      await expect(admin.$('#channel-banner')).resolves.toBeNull();
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
