/**
 * The follow-up in a real Chromium at 1366×768: the top bar stays one line for an admin who may
 * open every section (the admin pages under one "Pengaturan" menu), and a NIK typed into the
 * ticket search finds the ticket without ever standing in the address bar.
 * Screenshots go to test-output/screenshots/desk-followup-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { browserDescribe, officeBrowser, SHOTS, type OfficeBrowser, signedInPage } from '../dashboard/chromium';
import { PASSWORD, seedUser } from '../dashboard/support';
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
});
