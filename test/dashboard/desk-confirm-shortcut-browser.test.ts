/**
 * Two gaps found using the desk in Chromium at 1366×768 (issue 16): a stage change that
 * messages the complainant asks first, as the response and reopen forms do; a /shortcut
 * followed by Enter becomes its canned reply (it added a line and "/salam" reached the
 * applicant as typed). Each test stands alone. Screenshots: test-output/screenshots/desk-gap-*.png.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { browserDescribe, officeBrowser, SHOTS, signedInPage, type OfficeBrowser } from './chromium';
import { fileComplaint, PASSWORD, seedUser } from './support';
import { startTestService, type TestService } from '../support/service';

jest.setTimeout(90_000);

browserDescribe('the desk asks before messaging and expands a shortcut on Enter, in Chromium', () => {
  let t: TestService;
  let office: OfficeBrowser;

  beforeAll(async () => {
    t = await startTestService();
    await seedUser(t, 'petugas', ['officer', 'staff'], { name: 'Petugas Pengaduan' });
    office = await officeBrowser();
  });
  afterAll(async () => {
    await office?.close();
    await t?.close();
  });

  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `desk-gap-${name}.png`) });

  test('a stage change that messages the complainant asks first; one that does not, does not', async () => {
    const number = await fileComplaint(t, '6281377701001');
    const page = await signedInPage(office, t.baseUrl, 'petugas', PASSWORD);
    await page.goto(`${t.baseUrl}/dashboard/tickets/${number}`);
    const posted: string[] = [];
    page.on('request', (r) => void (r.method() === 'POST' && posted.push(r.url())));
    const asked: string[] = [];
    page.once('dialog', (d) => {
      asked.push(d.message());
      void d.dismiss();
    });
    await page.selectOption('#to', 'menunggu_pelapor');
    await page.fill('#note', 'Mohon kirim foto KTP.');
    await page.click('form[action$="/transition"] button[type=submit]');
    await page.waitForTimeout(300);
    expect(asked).toEqual(['Perubahan tahap ini dikirim ke WhatsApp pelapor beserta catatannya. Lanjutkan?']);
    expect(posted).toEqual([]);
    await shot(page, '01-stage-confirm');
    // Checking the papers tells the complainant nothing: no question.
    page.on('dialog', (d) => {
      asked.push(d.message());
      void d.accept();
    });
    await page.selectOption('#to', 'cek_administrasi');
    await Promise.all([page.waitForURL(/ok=/), page.click('form[action$="/transition"] button[type=submit]')]);
    expect(asked).toHaveLength(1);
  });

  test('"/salam" then Enter in the reply box becomes the greeting, and the applicant never reads "/salam"', async () => {
    const from = '6281377701002';
    await t.send(from, 'petugas');
    const page = await signedInPage(office, t.baseUrl, 'petugas', PASSWORD);
    await page.goto(`${t.baseUrl}/dashboard/inbox/chat/${t.service.handoffs.refOf(`simulator:${from}`)}`);
    await page.click('#reply-text');
    await page.keyboard.type('/salam');
    await page.keyboard.press('Enter');
    const greeting = await page.$eval('select[data-canned] option[data-shortcut="salam"]', (o) => (o as unknown as { value: string }).value);
    await expect(page.inputValue('#reply-text')).resolves.toBe(greeting);
    await page.keyboard.type(' Berkas Bapak sedang kami cek.');
    await shot(page, '02-shortcut-enter');
    await Promise.all([page.waitForURL(/ok=replied/), page.keyboard.press('Control+Enter')]);
    const sent = (await t.api('GET', `/simulator/chats/${from}/messages`, undefined, null)).body.messages.filter((m: { source?: string }) => m.source === 'staff');
    expect(sent.map((m: { text: string }) => m.text)).toEqual([`${greeting} Berkas Bapak sedang kami cek.`]);
  });
});
