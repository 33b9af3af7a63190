/**
 * A photo in the staff chat, in a real Chromium at 1366×768: the desk officer opens the chat a
 * person sent a photo to and sees it inline (loaded through the authenticated file route, under
 * the page's nonce CSP with no violation), with the voice note's player beside it.
 * Screenshots: test-output/screenshots/attachments-01-photo-inline.png, attachments-02-voice-note.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { browserDescribe, officeBrowser, SHOTS, signedInPage, type OfficeBrowser } from '../dashboard/chromium';
import { PASSWORD, seedUser } from '../dashboard/support';
import { startTestService, type TestService } from '../support/service';

jest.setTimeout(90_000);

const JPEG = fs.readFileSync(path.join(__dirname, 'fixtures', 'sample-card.jpg'));
const OGG = Buffer.concat([Buffer.from('OggS', 'latin1'), Buffer.alloc(60, 7)]);
const FROM = '6281355500001';

browserDescribe('a photo in the staff chat, in Chromium', () => {
  let t: TestService;
  let office: OfficeBrowser;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await startTestService();
    await seedUser(t, 'dewi', ['staff'], { name: 'Dewi Petugas Layanan' });
    office = await officeBrowser();
  });
  afterAll(async () => {
    await office?.close();
    await t?.close();
  });

  const post = (body: unknown) => t.api('POST', '/simulator/messages', body, null);

  test('when a person sends a photo to a chat with staff, then the officer sees it inline in the chat at 1366×768, loaded from the file route with no CSP violation', async () => {
    await t.send(FROM, 'saya mau bicara dengan petugas');
    await t.send(FROM, 'ya');
    expect((await post({ from: FROM, type: 'image', text: 'ini foto KTP saya pak', media: { data: JPEG.toString('base64'), mimeType: 'image/jpeg', filename: 'ktp.jpg' } })).status).toBe(200);
    expect((await post({ from: FROM, type: 'voice', media: { data: OGG.toString('base64'), mimeType: 'audio/ogg; codecs=opus' } })).status).toBe(200);

    const page = await signedInPage(office, t.baseUrl, 'dewi', PASSWORD);
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const fileResponses: { url: string; status: number; type: string | null }[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/files/')) fileResponses.push({ url: r.url(), status: r.status(), type: r.headers()['content-type'] ?? null });
    });
    await page.goto(`${t.baseUrl}/dashboard/inbox/chat/${encodeURIComponent(`simulator:${FROM}`)}`);
    const img = page.locator('#history figure.file.image img');
    await img.waitFor();
    // Page code as strings: the test's TypeScript has no DOM types.
    await page.waitForFunction(`(() => { const el = document.querySelector('#history figure.file.image img'); return Boolean(el && el.complete && el.naturalWidth > 0); })()`);
    await img.scrollIntoViewIfNeeded();
    const shown = await page.evaluate<{ natural: number; width: number; inWindow: boolean }>(`(() => {
      const el = document.querySelector('#history figure.file.image img');
      const r = el.getBoundingClientRect();
      return { natural: el.naturalWidth, width: r.width, inWindow: r.right <= window.innerWidth && r.bottom <= window.innerHeight };
    })()`);
    expect(shown.natural).toBe(480);
    expect(shown.width).toBeGreaterThan(100);
    expect(shown.width).toBeLessThanOrEqual(280);
    expect(shown.inWindow).toBe(true);
    await expect(page.locator('#history audio[controls]').count()).resolves.toBe(1);
    await expect(page.locator('#history').innerText()).resolves.toContain('ini foto KTP saya pak');
    expect(fileResponses.filter((r) => r.type === 'image/jpeg' && r.status === 200)).not.toHaveLength(0);
    expect(violations).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'attachments-01-photo-inline.png') });
    await page.locator('#history audio').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'attachments-02-voice-note.png') });
  });
});
