/**
 * The privacy page and the closed-chats list in a real Chromium at 1366×768, as an admin reads
 * them: each retention period is a sentence in Indonesian, with the setting it comes from only as
 * a small second line; the deadline says what UU 27/2022 says (3×24 hours, clock hours, for
 * access, correction and restriction) and the register counts none for an erasure request; the
 * closed chats say how many there are in all and show a masked number where no name is known.
 * Screenshots go to test-output/screenshots/leftovers-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { NIK_WOMAN } from '../applications/fixtures';
import { browserDescribe, officeBrowser, SHOTS, signedInPage, type OfficeBrowser } from '../dashboard/chromium';
import { PASSWORD, seedUser } from '../dashboard/support';
import { startTestService, type TestService } from '../support/service';

jest.setTimeout(120_000);

browserDescribe('the privacy page and the closed chats, in Chromium', () => {
  let t: TestService;
  let office: OfficeBrowser;
  let admin: Page;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    t = await startTestService({ env: { RETENTION_OUTBOX_DAYS: '90' } });
    await seedUser(t, 'admin', ['admin'], { name: 'Admin Dinsos' });
    for (const phone of ['6281377796001', '6281377796002']) {
      await t.send(phone, 'petugas');
      expect((await t.api('POST', `/api/v1/handoffs/${encodeURIComponent(`simulator:${phone}`)}/close`, {})).status).toBe(200);
    }
    office = await officeBrowser();
    admin = await signedInPage(office, t.baseUrl, 'admin', PASSWORD);
  });
  afterAll(async () => {
    await office?.close();
    await t?.close();
  });

  const shot = (name: string) => admin.screenshot({ path: path.join(SHOTS, `leftovers-${name}.png`), fullPage: true });
  const fitsWidth = async () => expect(await admin.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1366);

  test('the retention periods read as sentences; the setting names stand only in the small second line', async () => {
    await admin.goto(`${t.baseUrl}/dashboard/admin/privacy`);
    const sentences = await admin.locator('#privacy-retention .retention-sentence').allTextContents();
    expect(sentences.length).toBeGreaterThanOrEqual(9);
    expect(sentences).toContain('Pesan keluar yang sudah terkirim atau kedaluwarsa disimpan 90 hari sejak dikirim; yang masih menunggu atau gagal disimpan sampai ditangani.');
    expect(sentences).toContain('Log audit petugas disimpan 730 hari sejak dicatat.');
    for (const s of sentences) {
      expect(s).toMatch(/disimpan|dihapus/);
      expect(s).not.toMatch(/RETENTION_|TTL/);
    }
    const settings = await admin.locator('#privacy-retention .retention-setting').allTextContents();
    expect(settings).toContain('Diatur di: RETENTION_OUTBOX_DAYS (berkas .env server)');
    // The setting line is smaller than the sentence it belongs to.
    const size = (sel: string) => admin.evaluate<number>(`parseFloat(getComputedStyle(document.querySelector('${sel}')).fontSize)`);
    expect(await size('#privacy-retention .retention-setting')).toBeLessThan(await size('#privacy-retention .retention-sentence'));
    const intro = await admin.textContent('main p.muted');
    expect(intro).toContain('Permintaan melihat atau menyalin data, memperbaiki data, dan membatasi pemrosesan wajib dijawab paling lambat 3×24 jam (72 jam) sejak permintaan diterima');
    expect(intro).toContain('(UU No. 27 Tahun 2022), dihitung dalam jam, bukan hari kerja.');
    await fitsWidth();
    await admin.locator('#privacy-retention').scrollIntoViewIfNeeded();
    await shot('01-privacy-retention');
  });

  test('the register gives an access request its 3×24-hour deadline and an erasure request none, and says why', async () => {
    for (const requestKind of ['access', 'erasure']) {
      await admin.goto(`${t.baseUrl}/dashboard/admin/privacy/requests`);
      await admin.fill('#r-value', NIK_WOMAN);
      await admin.selectOption('#r-request-kind', requestKind);
      await Promise.all([admin.waitForURL(/\/requests/), admin.click('#privacy-register button[type=submit]')]);
    }
    await admin.goto(`${t.baseUrl}/dashboard/admin/privacy/requests`);
    const rows = admin.locator('#privacy-open-requests tbody tr');
    await expect(rows.count()).resolves.toBe(2);
    const access = await admin.textContent('#privacy-open-requests tr:has-text("Melihat / salinan data")');
    expect(access).toContain('26 Nov 2026 10.00 WITA'); // received Monday 10:00, 72 clock hours later
    const erasure = await admin.textContent('#privacy-open-requests tr:has-text("Penghapusan data")');
    expect(erasure).not.toContain('26 Nov 2026');
    expect(erasure).toContain('tidak dihitung');
    const note = await admin.textContent('#privacy-deadline');
    expect(note).toContain('3×24 jam (72 jam)');
    expect(note).toContain('Untuk permintaan penghapusan dan lainnya daftar ini tidak menghitung batas waktu.');
    expect(note).not.toContain('hari libur');
    await fitsWidth();
    await shot('02-privacy-register');
    // Past 72 hours only the access request is late.
    t.clock.advance(73 * 3600_000);
    admin = await signedInPage(office, t.baseUrl, 'admin', PASSWORD);
    await admin.goto(`${t.baseUrl}/dashboard/admin/privacy/requests`);
    await expect(admin.locator('#privacy-open-requests tr[data-overdue="true"]').count()).resolves.toBe(1);
    await expect(admin.textContent('#privacy-overdue-alert')).resolves.toContain('1 permintaan lewat batas waktu');
  });

  test('the closed chats count everything kept, and a row with no known name shows the masked number', async () => {
    await admin.goto(`${t.baseUrl}/dashboard/inbox/closed`);
    await expect(admin.textContent('#closed-count')).resolves.toContain('Menampilkan 2 dari 2 percakapan selesai yang masih disimpan');
    const who = await admin.locator('#closed-table td.who').allTextContents();
    expect(who.map((w) => w.trim()).sort()).toEqual(['+62813****6001', '+62813****6002']);
    await admin.fill('#closed-q', '6002');
    await Promise.all([admin.waitForURL(/q=6002/), admin.click('button:has-text("Cari")')]);
    await expect(admin.textContent('#closed-count')).resolves.toContain('Menampilkan 1 dari 1');
    await fitsWidth();
    await shot('03-closed-search');
  });
});
