/**
 * The dashboard in a real Chromium (Debian's, driven by playwright-core): an admin signs in; a
 * chat escalated from the simulator appears in the inbox without a reload; staff claim it and
 * reply, and the reply reaches the simulated chat; staff close it and the bot answers again;
 * an officer answers a ticket, which moves it to `ditanggapi` and reaches the complainant; a
 * verifier cannot open the users page. A screenshot of each page goes to
 * test-output/screenshots/. Skips, saying why, when Chromium is not installed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserDescribe, launchChromium, SHOTS } from './chromium';
import { startTestService, type TestService } from '../support/service';
import { fileComplaint, PASSWORD, seedUser } from './support';


jest.setTimeout(60_000);

browserDescribe('the dashboard in Chromium', () => {
  let t: TestService;
  /** The opaque key the inbox addresses a chat by (its links, attributes, events). */
  const ref = (from: string) => t.service.handoffs.refOf(`simulator:${from}`);
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const from = '6281366600001';

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await startTestService();
    await seedUser(t, 'admin', ['admin'], { name: 'Admin Dinsos' });
    await seedUser(t, 'sari', ['staff'], { name: 'Sari Petugas' });
    await seedUser(t, 'budi', ['officer'], { name: 'Budi Pengaduan' });
    await seedUser(t, 'vera', ['verifier'], { name: 'Vera Verifikator' });
    // A default launch uses a fresh, empty temporary profile: nothing of a previous run leaks in.
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  async function signIn(username: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'id-ID' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('dialog', (d) => void d.accept());
    await page.goto(`${t.baseUrl}/dashboard/login`);
    await page.fill('#username', username);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL(/\/dashboard\/(?!login)/), page.click('button[type=submit]')]);
    return page;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  const outTexts = async () => (await t.transcript(from)).filter((m) => m.direction === 'out').map((m) => m.text);

  let admin: Page;
  let staff: Page;

  test('an admin signs in and lands on the inbox', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    contexts.push(context);
    const login = await context.newPage();
    await login.goto(`${t.baseUrl}/dashboard/login`);
    await shot(login, '01-login');
    admin = await signIn('admin');
    expect(admin.url()).toBe(`${t.baseUrl}/dashboard/inbox`);
    await expect(admin.textContent('.topbar .me')).resolves.toContain('Admin Dinsos');
    await shot(admin, '02-inbox-empty');
  });

  test('a chat escalated from the simulator appears in the inbox without a reload', async () => {
    await admin.waitForSelector('#live-indicator.on');
    await admin.evaluate(() => void ((globalThis as { notReloaded?: boolean }).notReloaded = true));
    await t.send(from, 'halo');
    await t.send(from, 'petugas');
    await admin.waitForSelector(`li[data-chat="${ref(from)}"]`, { timeout: 5000 });
    expect(await admin.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await expect(admin.textContent('#queue')).resolves.toContain('Menunggu');
    await shot(admin, '03-inbox-new-chat');
  });

  test('staff claim the chat and reply; the reply arrives in the simulator chat', async () => {
    staff = await signIn('sari');
    await staff.click(`li[data-chat="${ref(from)}"] a`);
    await staff.waitForSelector('.msg.user');
    await expect(staff.textContent('#history')).resolves.toContain('halo');
    await Promise.all([staff.waitForURL(/ok=claimed/), staff.click('button:has-text("Ambil percakapan")')]);
    await staff.selectOption('select[data-canned]', { label: 'Sedang dicek (/cek)' });
    await expect(staff.inputValue('#reply-text')).resolves.toContain('mohon ditunggu sebentar');
    await staff.fill('#reply-text', 'Selamat siang Ibu, saya Sari. Ada yang bisa dibantu?');
    await Promise.all([staff.waitForURL(/ok=replied/), staff.click('.reply button[type=submit]')]);
    expect(await outTexts()).toContain('Selamat siang Ibu, saya Sari. Ada yang bisa dibantu?');
    await expect(staff.textContent('#history')).resolves.toContain('Selamat siang Ibu, saya Sari.');

    // The person answers; the open chat shows it without a reload, and the bot stays silent.
    expect(await t.send(from, 'Kartu KIS saya belum aktif')).toEqual([]);
    await staff.locator('#history', { hasText: 'Kartu KIS saya belum aktif' }).waitFor({ timeout: 5000 });
    await shot(staff, '04-inbox-chat');
  });

  test('staff close the chat and the bot answers again', async () => {
    await Promise.all([staff.waitForURL(/ok=closed/), staff.click('button:has-text("Tutup percakapan")')]);
    await expect(staff.textContent('.flash.ok')).resolves.toContain('dikembalikan ke layanan otomatis');
    expect((await outTexts()).at(-1)).toMatch(/Percakapan dengan petugas sudah selesai/);
    expect((await t.send(from, 'menu')).join('\n')).toMatch(/Silakan balas dengan angka pilihan/);
  });

  test('an officer moves a ticket to ditanggapi and the complainant receives the response', async () => {
    const complainant = '6281366600002';
    const number = await fileComplaint(t, complainant);
    const officer = await signIn('budi');
    expect(officer.url()).toBe(`${t.baseUrl}/dashboard/tickets`);
    await officer.waitForSelector(`tr[data-ticket="${number}"]`);
    await shot(officer, '05-tickets');
    await Promise.all([officer.waitForURL(`**/dashboard/tickets/${number}`), officer.click(`tr[data-ticket="${number}"] a`)]);
    await officer.fill('#response-text', 'Berkas Ibu sudah kami temukan; antrean Ibu kami prioritaskan besok pagi.');
    await Promise.all([officer.waitForURL(/ok=ticket_responded/), officer.click('button:has-text("Kirim tanggapan")')]);
    await expect(officer.textContent('#ticket-stage')).resolves.toBe('Ditanggapi');
    const received = (await t.transcript(complainant)).filter((m) => m.direction === 'out').map((m) => m.text);
    expect(received.at(-1)).toContain('Berkas Ibu sudah kami temukan; antrean Ibu kami prioritaskan besok pagi.');
    await shot(officer, '06-ticket-detail');
    await officer.goto(`${t.baseUrl}/dashboard/tickets/new`);
    await shot(officer, '07-ticket-new');
  });

  test('a verifier cannot open the users page', async () => {
    const verifier = await signIn('vera');
    const res = await verifier.goto(`${t.baseUrl}/dashboard/admin/users`);
    expect(res?.status()).toBe(403);
    await expect(verifier.textContent('#error-message')).resolves.toContain('Anda tidak memiliki akses ke halaman ini.');
    expect(await verifier.$('nav a[href="/dashboard/admin/users"]')).toBeNull();
    await shot(verifier, '08-verifier-denied');
    await verifier.goto(`${t.baseUrl}/dashboard/applications`);
    await shot(verifier, '09-applications');
  });

  test('the admin pages and reports render', async () => {
    for (const [url, name] of [
      ['/dashboard/admin/users', '10-users'],
      ['/dashboard/admin/whatsapp', '11-whatsapp'],
      ['/dashboard/reports', '12-reports'],
    ]) {
      const res = await admin.goto(t.baseUrl + url);
      expect(res?.status()).toBe(200);
      await shot(admin, name);
    }
    await admin.goto(`${t.baseUrl}/dashboard/admin/users`);
    await Promise.all([admin.waitForURL(/\/dashboard\/admin\/users\/\w+/), admin.click('td a >> nth=0')]);
    await shot(admin, '13-user-edit');
  });
});
