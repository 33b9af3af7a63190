/**
 * The Content-Security-Policy in a real Chromium (Debian's, driven by playwright-core): the
 * pages with interactive parts still work under a policy with no 'unsafe-inline', and the
 * browser reports no violation. The simulator (its inline script runs by nonce), the inbox
 * (live updates, claim, canned reply by keyboard, a "/cek" shortcut, Ctrl+Enter, a
 * confirmation that can be declined), the monthly chart, and one's own password form. Then the
 * dashboard as an office LAN serves it, on plain http under a host name (not localhost,
 * which browsers treat as secure): styled, and the sign-in arrives. Screenshots go to
 * test-output/screenshots/csp-*.png. Skips, saying why, when Chromium is not installed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { browserDescribe, officeBrowser, SHOTS, type OfficeBrowser } from './chromium';
import { startTestService, type TestService } from '../support/service';
import { PASSWORD, seedUser } from './support';

jest.setTimeout(90_000);

/** A name for this machine as an office PC would type it: not localhost, so not a "secure context". */
const LAN_HOST = 'layanan-dinsos.lan';

browserDescribe('the dashboard under its CSP, in Chromium', () => {
  let t: TestService;
  let office: OfficeBrowser;
  /** What went wrong on every page opened, CSP violations first among them. */
  const problems: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await startTestService();
    await seedUser(t, 'sari', ['staff'], { name: 'Sari Petugas' });
    await seedUser(t, 'kepala', ['supervisor'], { name: 'Kepala Seksi' });
    await seedUser(t, 'budi', ['officer'], { name: 'Budi Pengaduan' });
    office = await officeBrowser([`--host-resolver-rules=MAP ${LAN_HOST} 127.0.0.1`]);
  });

  afterAll(async () => {
    await office?.close();
    await t?.close();
  });

  beforeEach(() => void problems.splice(0));
  afterEach(() => expect(problems).toEqual([]));

  async function watched(): Promise<Page> {
    const page = await office.newPage();
    // A refused resource is reported below with its address (the console line has none).
    page.on('console', (m) => void ((m.type() === 'error' || /Content Security Policy/i.test(m.text())) && !/^Failed to load resource/.test(m.text()) && problems.push(`console ${m.type()}: ${m.text()}`)));
    page.on('response', (r) => void (r.status() >= 400 && !r.url().endsWith('/favicon.ico') && problems.push(`${r.status()} ${r.url()}`)));
    page.on('pageerror', (e) => void problems.push(`page error: ${e.message}`));
    // Leaving a page aborts its event stream: that is not a failure.
    page.on('requestfailed', (r) => void (r.failure()?.errorText !== 'net::ERR_ABORTED' && problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`)));
    // The browser's own report of each violation, whether or not it also logs one.
    await page.addInitScript(`document.addEventListener('securitypolicyviolation', (e) => {
      (window.__violations = window.__violations || []).push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber);
    });`);
    return page;
  }

  /** The violations the page itself saw (call before leaving it). */
  async function violationsOn(page: Page): Promise<void> {
    const seen = (await page.evaluate('window.__violations || []')) as string[];
    problems.push(...seen.map((v) => `CSP violation on ${page.url()}: ${v}`));
  }

  async function signIn(username: string, base = t.baseUrl, password = PASSWORD): Promise<Page> {
    const page = await watched();
    await page.goto(`${base}/dashboard/login`);
    await page.fill('#username', username);
    await page.fill('#password', password);
    await Promise.all([page.waitForURL(/\/dashboard\/(?!login)/), page.click('button[type=submit]')]);
    return page;
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `csp-${name}.png`) });
  const css = (page: Page, selector: string, property: string) =>
    page.$eval(selector, (el, p) => (globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> }).getComputedStyle(el)[p], property);
  const outTexts = async (from: string) => (await t.transcript(from)).filter((m) => m.direction === 'out').map((m) => m.text);
  const ref = (from: string) => t.service.handoffs.refOf(`simulator:${from}`);
  const chatUrl = (from: string) => `${t.baseUrl}/dashboard/inbox/chat/${ref(from)}`;

  test('the simulator page: its inline style and script run by the nonce, and a message sent gets its answer', async () => {
    const page = await watched();
    await page.goto(`${t.baseUrl}/simulator`);
    await expect(css(page, 'header', 'backgroundColor')).resolves.toBe('rgb(0, 128, 105)');
    const input = page.locator('.chat form input').first();
    await input.waitFor({ timeout: 5000 });
    await input.fill('halo');
    await input.press('Enter');
    await page.locator('.chat .msg.out').first().waitFor({ timeout: 5000 });
    await violationsOn(page);
    await shot(page, '01-simulator');
  });

  test('the inbox: live updates, claim, a canned reply by keyboard, a /shortcut and Ctrl+Enter all work', async () => {
    const from = '6281388800001';
    await t.send(from, 'petugas');
    const staff = await signIn('sari');
    await expect(css(staff, '.topbar', 'backgroundColor')).resolves.not.toBe('rgba(0, 0, 0, 0)');
    await staff.waitForSelector('#live-indicator.on', { timeout: 5000 });
    // Live: a chat escalated now appears without a reload (EventSource, then a fetched fragment).
    await staff.evaluate('window.notReloaded = true');
    const other = '6281388800002';
    await t.send(other, 'petugas');
    await staff.waitForSelector(`li[data-chat="${ref(other)}"]`, { timeout: 5000 });
    expect(await staff.evaluate('window.notReloaded')).toBe(true);

    await staff.goto(chatUrl(from));
    await Promise.all([staff.waitForURL(/ok=claimed/), staff.click('button:has-text("Ambil percakapan")')]);
    const options = await staff.$$eval('select[data-canned] option', (els) => els.map((e) => (e as unknown as { value: string }).value));
    await staff.focus('select[data-canned]');
    await staff.keyboard.press('ArrowDown');
    await staff.keyboard.press('Enter');
    await expect(staff.inputValue('#reply-text')).resolves.toBe(options[1]);
    expect(staff.url()).toMatch(/ok=claimed/); // Enter picked the reply; it did not send the form
    await staff.fill('#reply-text', '');
    await staff.click('#reply-text');
    await staff.keyboard.type('/cek ');
    await expect(staff.inputValue('#reply-text')).resolves.toBe('Baik, mohon ditunggu sebentar, kami periksa terlebih dahulu 🙏 ');
    await staff.keyboard.type('Berkas Ibu sedang kami periksa.');
    await shot(staff, '02-inbox-reply');
    await Promise.all([staff.waitForURL(/ok=replied/), staff.press('#reply-text', 'Control+Enter')]);
    expect((await outTexts(from)).at(-1)).toBe('Baik, mohon ditunggu sebentar, kami periksa terlebih dahulu 🙏 Berkas Ibu sedang kami periksa.');
    await violationsOn(staff);
  });

  test('a confirmation button asks first: declined, nothing is posted; accepted, the chat is closed', async () => {
    const from = '6281388800003';
    await t.send(from, 'petugas');
    const staff = await signIn('sari');
    await staff.goto(chatUrl(from));
    await Promise.all([staff.waitForURL(/ok=claimed/), staff.click('button:has-text("Ambil percakapan")')]);
    const posted: string[] = [];
    staff.on('request', (r) => void (r.method() === 'POST' && posted.push(r.url())));
    const asked: string[] = [];
    staff.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await staff.click('button:has-text("Tutup percakapan")');
    await staff.waitForTimeout(300);
    expect(asked).toEqual(['Tutup percakapan ini dan kembalikan ke layanan otomatis?']);
    expect(posted).toEqual([]);
    staff.once('dialog', (d) => void d.accept());
    await Promise.all([staff.waitForURL(/ok=closed/), staff.click('button:has-text("Tutup percakapan")')]);
    expect(posted).toHaveLength(1);
    await violationsOn(staff);
  });

  test('the monthly chart is drawn by the served Chart.js', async () => {
    const boss = await signIn('kepala');
    await boss.goto(`${t.baseUrl}/dashboard/reports/monthly?month=2026-11`);
    await boss.waitForFunction("Boolean(window.Chart && window.Chart.getChart(document.getElementById('monthly-chart')))", undefined, { timeout: 5000 });
    const inked = (await boss.evaluate(`(() => {
      const canvas = document.getElementById('monthly-chart');
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) n++;
      return n;
    })()`)) as number;
    expect(inked).toBeGreaterThan(1000);
    await violationsOn(boss);
    await shot(boss, '03-monthly-chart');
  });

  test('an officer changes their own password from the top bar, and stays signed in on this browser', async () => {
    const officer = await signIn('budi');
    await Promise.all([officer.waitForURL(/\/dashboard\/account\/password$/), officer.click('#account-password')]);
    await officer.fill('#current-password', PASSWORD);
    await officer.fill('#new-password', 'Kebun-Jeruk-Martapura-7');
    await officer.fill('#confirm-password', 'Kebun-Jeruk-Martapura-7');
    await Promise.all([officer.waitForURL(/ok=password_changed/), officer.click('button:has-text("Ganti kata sandi")')]);
    await expect(officer.textContent('.flash.ok')).resolves.toContain('Kata sandi Anda sudah diganti.');
    await shot(officer, '04-own-password');
    await violationsOn(officer);
    await officer.goto(`${t.baseUrl}/dashboard/tickets`);
    await expect(officer.textContent('h1')).resolves.toContain('Pengaduan');
    await violationsOn(officer);
  });

  test('on an office LAN over plain http (a host name, not localhost), the pages are styled and the sign-in arrives', async () => {
    const port = new URL(t.baseUrl).port;
    const lan = `http://${LAN_HOST}:${port}`;
    const login = await watched();
    await login.goto(`${lan}/dashboard/login`);
    await expect(login.evaluate('window.isSecureContext')).resolves.toBe(false);
    await expect(css(login, '.panel', 'borderTopStyle')).resolves.toBe('solid');
    await login.close();
    const staff = await signIn('sari', lan);
    expect(staff.url()).toBe(`${lan}/dashboard/inbox`);
    await expect(css(staff, '.topbar', 'display')).resolves.toBe('flex');
    await staff.waitForSelector('#live-indicator.on', { timeout: 5000 });
    await violationsOn(staff);
    await shot(staff, '05-office-lan-http');
  });
});
