/**
 * The follow-up in a real Chromium at 1366×768: the top bar stays one line for an admin who may
 * open every section (the admin pages under one "Pengaturan" menu), and a NIK typed into the
 * ticket search finds the ticket without ever standing in the address bar; a photo an applicant
 * filed with a complaint on the simulator shows, loaded, on the ticket page an officer opens.
 * Screenshots go to test-output/screenshots/desk-followup-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { browserDescribe, officeBrowser, SHOTS, type OfficeBrowser, signedInPage } from '../dashboard/chromium';
import { PASSWORD, seedUser } from '../dashboard/support';
import { SAMPLE_JPEG as JPEG, sendFile } from '../support/files';
import { startTestService, type TestService } from '../support/service';

jest.setTimeout(90_000);

browserDescribe('the desk follow-up, in Chromium', () => {
  let t: TestService;
  let office: OfficeBrowser;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await startTestService();
    await seedUser(t, 'admin', ['admin'], { name: 'Administrator Dinas Sosial Kota' });
    await seedUser(t, 'oki', ['officer'], { name: 'Oki Petugas Aduan' });
    office = await officeBrowser();
  });
  afterAll(async () => {
    await office?.close();
    await t?.close();
  });

  const signIn = (username: string) => signedInPage(office, t.baseUrl, username, PASSWORD);
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `desk-followup-${name}.png`) });

  /** Every item of the top bar inside its 48 px, each on one line, and nothing wider than the window. */
  const topbarProblems = (page: Page) =>
    page.evaluate<string[]>(`(() => {
      const bar = document.querySelector('header.topbar').getBoundingClientRect();
      const problems = [];
      if (bar.height > 48) problems.push('bar ' + bar.height + 'px high');
      if (document.documentElement.scrollWidth > window.innerWidth) problems.push('page ' + document.documentElement.scrollWidth + 'px wide');
      for (const el of document.querySelectorAll('header.topbar nav > a, header.topbar nav summary, header.topbar .me > *, header.topbar .brand, header.topbar .counter')) {
        const r = el.getBoundingClientRect();
        const line = parseFloat(getComputedStyle(el).lineHeight) || 20;
        if (r.top < bar.top || r.bottom > bar.bottom) problems.push('"' + el.textContent.trim() + '" outside the bar');
        if (!el.classList.contains('brand') && r.height > line * 1.5 + 16) problems.push('"' + el.textContent.trim() + '" wraps (' + r.height + 'px)');
      }
      // Side by side, never on top of one another, and all inside the window.
      const items = [...document.querySelectorAll('header.topbar nav > a, header.topbar nav > details, header.topbar .counter-region, header.topbar .me > *, header.topbar .brand')].map((el) => [el.textContent.trim(), el.getBoundingClientRect()]);
      for (const [name, r] of items) if (r.right > window.innerWidth) problems.push('"' + name + '" past the right edge');
      for (let i = 0; i < items.length; i++)
        for (let j = i + 1; j < items.length; j++) {
          const [a, ra] = items[i], [b, rb] = items[j];
          if (ra.width && rb.width && ra.left < rb.right - 1 && rb.left < ra.right - 1 && ra.top < rb.bottom && rb.top < ra.bottom) problems.push('"' + a + '" overlaps "' + b + '"');
        }
      return problems;
    })()`);

  test('when an admin who may open every section works at 1366×768, then the top bar is one line on every page, and the admin pages open from "Pengaturan"', async () => {
    const admin = await signIn('admin');
    for (const where of ['/dashboard/inbox', '/dashboard/tickets', '/dashboard/reports/activity', '/dashboard/admin/users']) {
      await admin.goto(`${t.baseUrl}${where}`);
      await expect(topbarProblems(admin)).resolves.toEqual([]);
    }
    await admin.goto(`${t.baseUrl}/dashboard/inbox`);
    await shot(admin, '01-topbar-admin');
    await admin.click('#settings-menu summary');
    await expect(admin.isVisible('#settings-menu a:has-text("Balasan siap pakai")')).resolves.toBe(true);
    await shot(admin, '02-settings-menu');
    await Promise.all([admin.waitForURL(/\/dashboard\/admin\/canned/), admin.click('#settings-menu a:has-text("Balasan siap pakai")')]);
    await expect(admin.getAttribute('#settings-menu summary', 'class')).resolves.toContain('active');
    await expect(topbarProblems(admin)).resolves.toEqual([]);
  });

  test('when an officer types a NIK into the ticket search and presses Enter, then the ticket is listed and the NIK is nowhere in the address bar or the history', async () => {
    const nik = '6371014609970031';
    const made = await t.api('POST', '/api/v1/tickets', { channel: 'complaint_box', topic: 'loket', body: 'Antrean panjang', complainant: { name: 'Hasan Basri', nik } });
    expect(made.status).toBe(201);
    await t.api('POST', '/api/v1/tickets', { channel: 'complaint_box', topic: 'loket', body: 'Pengaduan lain', complainant: { name: 'Orang Lain' } });
    const oki = await signIn('oki');
    const requested: string[] = [];
    oki.on('request', (r) => requested.push(r.url()));
    await oki.goto(`${t.baseUrl}/dashboard/tickets`);
    await oki.fill('#f-q', '6371 0146 0997 0031');
    await Promise.all([oki.waitForURL(/who=/), oki.press('#f-q', 'Enter')]);
    expect(oki.url()).not.toContain(nik);
    expect(oki.url()).not.toContain('0031');
    await expect(oki.locator('#ticket-table tbody tr').count()).resolves.toBe(1);
    await expect(oki.getAttribute('#ticket-table tbody tr', 'data-ticket')).resolves.toBe(made.body.ticket.number);
    await expect(oki.textContent('#ticket-count')).resolves.toContain('Menampilkan 1 dari 1 pengaduan dengan NIK 6371********0031');
    const seen = await oki.evaluate<string>('JSON.stringify([location.href, document.referrer])');
    expect(seen).not.toContain(nik);
    // Not even for a moment: no request the browser made carried it in its address.
    expect(requested.some((u) => u.includes('/dashboard/tickets/search'))).toBe(true);
    for (const u of requested) expect(decodeURIComponent(u).replace(/\D/g, '')).not.toContain('0146099700');
    await shot(oki, '03-ticket-search-nik');
  });

  test('when an applicant files a complaint with a photo on the simulator, then the officer opening its ticket sees the photo inline, loaded', async () => {
    const from = '6281300000131';
    for (const text of ['5', '1', 'Petugas loket meminta uang pelicin, ini buktinya.']) await t.send(from, text);
    expect((await sendFile(t, from, 'image', { bytes: JPEG, mimeType: 'image/jpeg', filename: 'bukti pungli.jpg' })).join('\n')).toContain('Lampiran diterima');
    for (const text of ['selesai', 'Siti Rahmawati', 'lewati', '2']) await t.send(from, text);
    const number = /ADU-[A-Z]+-\d{4}-\d{4}/.exec((await t.send(from, '1')).join('\n'))?.[0];
    expect(number).toBeDefined();

    const oki = await signIn('oki');
    await oki.goto(`${t.baseUrl}/dashboard/tickets/${number}`);
    const photo = oki.locator(`#ticket-files figure.file.image img[src^="/dashboard/tickets/${number}/files/"]`);
    await expect(photo.count()).resolves.toBe(1);
    await photo.scrollIntoViewIfNeeded();
    await expect(photo.isVisible()).resolves.toBe(true);
    // Loaded and decoded in the page (the dashboard's own CSP and the file's headers included), not only in the markup.
    const loaded = `(() => { const img = document.querySelector('#ticket-files figure.file.image img');
      return img.decode().then(() => ({ complete: img.complete, width: img.naturalWidth }), (e) => ({ complete: img.complete, width: img.naturalWidth, error: String(e) })); })()`;
    const shown = await oki.evaluate<{ complete: boolean; width: number }>(loaded);
    expect(shown.width).toBeGreaterThan(0);
    expect(shown).toEqual({ complete: true, width: 480 });
    await expect(oki.textContent('#ticket-files figcaption')).resolves.toContain('bukti pungli.jpg');
    await shot(oki, '04-ticket-photo');
  });
});
