/**
 * Canned replies admins edit (stored, used by the reply box, "/salam" shortcuts), the activity
 * log in Indonesian, and the monthly summary with its chart and CSV — over HTTP and in a real
 * Chromium at 1366×768. Asserted where people see it: what the chat received, what the page
 * and the browser show, what the CSV holds, how the database answers the queries.
 * Screenshots go to test-output/screenshots/desk-admin-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { browserDescribe, officeBrowser, SHOTS, type OfficeBrowser, signedInPage } from './chromium';
import { startTestService, type TestService } from '../support/service';
import { csrfFrom, fileComplaint, PASSWORD, seedUser, signedIn, WebClient } from './support';

jest.setTimeout(120_000);

let t: TestService;
let admin: WebClient;
let staff: WebClient;
let supervisor: WebClient;

beforeAll(async () => {
  t = await startTestService({});
  admin = await signedIn(t, 'admin', ['admin']);
  staff = await signedIn(t, 'sari', ['staff']);
  supervisor = await signedIn(t, 'kepala', ['supervisor']);
});
afterAll(async () => {
  await t?.close();
});

const key = (from: string) => `simulator:${from}`;
const chatPath = (from: string) => `/dashboard/inbox/chat/${encodeURIComponent(key(from))}`;
const outTexts = async (from: string) => (await t.transcript(from)).filter((m) => m.direction === 'out').map((m) => m.text);
async function handedOver(from: string) {
  await t.send(from, 'halo');
  await t.send(from, 'petugas');
}

describe('canned replies, edited by admins', () => {
  test('the defaults are listed on first visit, with the status-check reply asking for the receipt\'s verification code too', async () => {
    const page = await admin.get('/dashboard/admin/canned');
    expect(page.status).toBe(200);
    for (const s of ['/salam', '/cek', '/noreg', '/loket', '/penutup']) expect(page.text).toContain(`<code>${s}</code>`);
    expect(page.text).toContain('nomor registrasi dan kode verifikasi');
  });

  test('staff cannot open the admin page; a supervisor neither', async () => {
    expect((await staff.get('/dashboard/admin/canned')).status).toBe(403);
    expect((await supervisor.get('/dashboard/admin/canned')).status).toBe(403);
    const csrf = await staff.csrf();
    expect((await staff.post('/dashboard/admin/canned', { _csrf: csrf, shortcut: 'x', label: 'x', text: 'x' })).status).toBe(403);
  });

  test('"/noreg" sent as a reply reaches the applicant as the full text, asking for the number and the verification code', async () => {
    const from = '6281355510001';
    await handedOver(from);
    const csrf = csrfFrom((await staff.get(chatPath(from))).text);
    expect((await staff.post(`${chatPath(from)}/reply`, { _csrf: csrf, text: '/noreg', canned: '' })).status).toBe(303);
    const last = (await outTexts(from)).at(-1)!;
    expect(last).toContain('nomor registrasi dan kode verifikasi');
    expect(last).toContain('tanda terima');
    expect(last).not.toContain('/noreg');
  });

  test('an admin adds a reply: stored, audited, offered in the reply box with its shortcut, and sent by it', async () => {
    const csrf = await admin.csrf('/dashboard/admin/canned');
    const added = await admin.post('/dashboard/admin/canned', { _csrf: csrf, shortcut: '/Jadwal', label: 'Jadwal loket', text: 'Loket {office} buka Senin–Jumat pukul 08.00–14.00, {staff} siap membantu.' });
    expect(added.location).toBe('/dashboard/admin/canned?ok=canned_created');
    const list = await admin.get('/dashboard/admin/canned?ok=canned_created');
    expect(list.text).toContain('Balasan siap pakai disimpan.');
    expect(list.text).toContain('<code>/jadwal</code>');
    const audit = await t.service.modules.audit.forTarget('canned_reply:jadwal');
    expect(audit.map((a) => a.action)).toEqual(['canned.created']);

    const from = '6281355510002';
    await handedOver(from);
    const chat = await staff.get(chatPath(from));
    expect(chat.text).toContain('data-shortcut="jadwal"');
    expect(chat.text).toContain('Jadwal loket (/jadwal)');
    await staff.post(`${chatPath(from)}/reply`, { _csrf: csrfFrom(chat.text), text: '/jadwal', canned: '' });
    expect((await outTexts(from)).at(-1)).toBe('Loket Dinsos Banjarmasin buka Senin–Jumat pukul 08.00–14.00, Nama sari siap membantu.');
  });

  test('a taken shortcut or a bad one is refused next to the form, in Indonesian, and nothing is stored', async () => {
    const csrf = await admin.csrf('/dashboard/admin/canned');
    const dup = await admin.post('/dashboard/admin/canned', { _csrf: csrf, shortcut: 'salam', label: 'Salam lain', text: 'Halo' });
    expect(dup.status).toBe(409);
    expect(dup.text).toContain('Pintasan ini sudah dipakai balasan lain.');
    expect(dup.text).toContain('value="Salam lain"');
    const bad = await admin.post('/dashboard/admin/canned', { _csrf: csrf, shortcut: 'dua kata', label: '', text: '' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Pintasan harus 1–30 huruf kecil');
    expect(bad.text).toContain('Nama balasan tidak boleh kosong.');
    const page = await admin.get('/dashboard/admin/canned');
    expect(page.text.match(/<code>\/salam<\/code>/g)).toHaveLength(1);
  });

  test('editing changes what staff send; deleting removes it from the reply box, and the defaults never come back', async () => {
    const page = await admin.get('/dashboard/admin/canned');
    const csrf = csrfFrom(page.text);
    const idOf = (shortcut: string) => new RegExp(`<tr data-shortcut="${shortcut}">[\\s\\S]*?/dashboard/admin/canned/([a-f0-9]{24})"`).exec(page.text)![1];
    const cek = idOf('cek');
    expect((await admin.post(`/dashboard/admin/canned/${cek}`, { _csrf: csrf, shortcut: 'cek', label: 'Sedang dicek', text: 'Mohon ditunggu, sedang kami periksa.' })).location).toBe('/dashboard/admin/canned?ok=canned_updated');
    const from = '6281355510003';
    await handedOver(from);
    let chat = await staff.get(chatPath(from));
    await staff.post(`${chatPath(from)}/reply`, { _csrf: csrfFrom(chat.text), text: '/cek', canned: '' });
    expect((await outTexts(from)).at(-1)).toBe('Mohon ditunggu, sedang kami periksa.');

    for (const shortcut of ['salam', 'cek', 'noreg', 'loket', 'penutup', 'jadwal']) {
      expect((await admin.post(`/dashboard/admin/canned/${idOf(shortcut)}/delete`, { _csrf: csrf })).location).toBe('/dashboard/admin/canned?ok=canned_deleted');
    }
    expect((await admin.get('/dashboard/admin/canned')).text).toContain('Belum ada balasan siap pakai.');
    chat = await staff.get(chatPath(from));
    expect(chat.text).not.toContain('data-shortcut=');
    // With no reply named so, "/cek" is sent as typed.
    await staff.post(`${chatPath(from)}/reply`, { _csrf: csrfFrom(chat.text), text: '/cek', canned: '' });
    expect((await outTexts(from)).at(-1)).toBe('/cek');
    // A deleted shortcut may be used again.
    const again = await admin.post('/dashboard/admin/canned', { _csrf: csrf, shortcut: 'salam', label: 'Salam pembuka', text: 'Selamat {greeting_time}, Bapak/Ibu.' });
    expect(again.location).toBe('/dashboard/admin/canned?ok=canned_created');
  });
});

describe('the activity log, in Indonesian', () => {
  test('each action is a sentence with the actor and a masked target; the phone number is nowhere on the page', async () => {
    const page = await supervisor.get('/dashboard/reports/activity');
    expect(page.status).toBe(200);
    // The chat is named as the desk shows it (masked number), never by a pseudonym such as "#b96bf3".
    expect(page.text).toMatch(/Nama sari membalas percakapan \+62813\*{4}\d{4} \(simulator\)\./);
    expect(page.text).not.toMatch(/#[0-9a-f]{6}/);
    expect(page.text).toContain('Nama admin menambah balasan siap pakai /jadwal.');
    expect(page.text).toContain('Nama kepala masuk ke dasbor.');
    const sentences = [...page.text.matchAll(/<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => m[1]);
    expect(sentences.length).toBeGreaterThan(10);
    for (const s of sentences) expect(s).not.toMatch(/\b[a-z]+\.[a-z_]+\b|\d{8,}|chat:/);
    expect(page.text).not.toMatch(/6281355510001|81355510001/);
  });

  test('filtered by one action or a kind of activity, and by dates', async () => {
    const replies = await supervisor.get('/dashboard/reports/activity?action=handoff.reply');
    const actions = [...replies.text.matchAll(/<tr data-action="([^"]+)"/g)].map((m) => m[1]);
    // Replies in a row to one chat are one line with a count; the total still counts each.
    expect(Number(/Menampilkan \d+ dari (\d+) kegiatan/.exec(replies.text)?.[1])).toBeGreaterThanOrEqual(4);
    expect(new Set(actions)).toEqual(new Set(['handoff.reply']));
    const settings = await supervisor.get('/dashboard/reports/activity?action=group:settings');
    expect(new Set([...settings.text.matchAll(/<tr data-action="([^"]+)"/g)].map((m) => m[1]))).toEqual(new Set(['canned.created', 'canned.updated', 'canned.deleted']));
    const before = await supervisor.get('/dashboard/reports/activity?from=2026-11-01&to=2026-11-20');
    expect(before.text).toContain('Tidak ada kegiatan yang cocok dalam periode ini.');
    expect((await supervisor.get('/dashboard/reports/activity?from=2026-02-31')).status).toBe(400);
    expect((await supervisor.get('/dashboard/reports/activity?action=drop.database')).status).toBe(400);
  });

  test('paged 50 at a time, newest first', async () => {
    for (let i = 0; i < 60; i++) {
      t.clock.advance(1000);
      await t.service.modules.audit.record({ id: 'x', name: 'Petugas Uji' }, 'contact.note', `chat:simulator:62813555200${String(i).padStart(2, '0')}`, { length: i });
    }
    const first = await supervisor.get('/dashboard/reports/activity?action=contact.note');
    expect(first.text).toMatch(/Menampilkan 50 dari 60 kegiatan/);
    expect(first.text).toContain('Halaman 1 dari 2');
    const second = await supervisor.get('/dashboard/reports/activity?action=contact.note&page=2');
    expect(second.text).toMatch(/Menampilkan 10 dari 60 kegiatan/);
    expect(second.text).not.toContain('6281355520');
  });

  test('staff cannot open it', async () => {
    expect((await staff.get('/dashboard/reports/activity')).status).toBe(403);
  });

  test('its reads walk an index, never the whole log', async () => {
    const db = t.service.db.connection.db!;
    const from = new Date('2026-11-16T16:00:00Z');
    const to = new Date('2026-11-23T16:00:00Z');
    for (const filter of [{ at: { $gte: from, $lt: to } }, { at: { $gte: from, $lt: to }, action: { $in: ['handoff.reply'] } }]) {
      const explained = await db.command({ explain: { find: 'audit_log', filter, sort: { at: -1 } }, verbosity: 'queryPlanner' });
      const plan = JSON.stringify(explained.queryPlanner.winningPlan);
      expect(plan).toContain('IXSCAN');
      expect(plan).not.toContain('COLLSCAN');
    }
  });
});

describe('the monthly summary', () => {
  let ticket: string;
  beforeAll(async () => {
    ticket = await fileComplaint(t, '6281355510009');
    for (const [i, nik] of ['3204110609970001', '3204110609970002'].entries()) {
      const created = await t.api('POST', '/api/v1/applications', {
        registrationNumber: `REG-099${i}`, nik, kkNumber: '3204110101200001', name: 'Siti Aminah', dateOfBirth: '1997-09-06', phones: ['6281355510010'], status: 'diterima',
      });
      expect(created.status).toBe(201);
      if (i === 0) expect((await t.api('PATCH', `/api/v1/applications/${created.body.id}/status`, { status: 'layak', note: 'hasil verifikasi' })).status).toBe(200);
    }
  });

  test('figures for the month, per day, and a CSV with the same numbers', async () => {
    const page = await supervisor.get('/dashboard/reports/monthly?month=2026-11');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Ringkasan bulanan · November 2026');
    const cell = (label: string) => new RegExp(`<tr><td>${label}</td><td>([^<]+)</td></tr>`).exec(page.text)?.[1];
    expect(cell('Permohonan diterima')).toBe('2');
    expect(cell('Permohonan diputuskan')).toBe('1');
    expect(cell('Pengaduan diterima')).toBe('1');
    expect(cell('Permintaan petugas \\(percakapan\\)')).toBe('3');
    expect(cell('Percakapan dijawab petugas')).toBe('3');
    expect(cell('Percakapan tidak diambil petugas')).toBe('0');
    const csv = await supervisor.get('/dashboard/reports/monthly.csv?month=2026-11');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain('ringkasan-2026-11.csv');
    expect(csv.text).toContain('Pengaduan diterima,1');
    expect(csv.text).toContain('Permohonan diterima,2');
    expect(csv.text).toContain('2026-11-23,2,1,3');
    expect(ticket).toMatch(/^ADU-/);
  });

  test('a month not begun or not a month is a bad link; staff cannot open it', async () => {
    expect((await supervisor.get('/dashboard/reports/monthly?month=2027-01')).status).toBe(400);
    expect((await supervisor.get('/dashboard/reports/monthly?month=2026-13')).status).toBe(400);
    expect((await staff.get('/dashboard/reports/monthly')).status).toBe(403);
  });

  test('the chart library is served by the app itself', async () => {
    const res = await fetch(`${t.baseUrl}/dashboard/assets/chart.umd.min.js`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Chart.js v4');
  });
});

browserDescribe('in Chromium at 1366×768', () => {
  let office: OfficeBrowser;
  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    office = await officeBrowser();
  });
  afterAll(async () => {
    await office?.close();
  });
  const signIn = (username: string) => signedInPage(office, t.baseUrl, username, PASSWORD);
  const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `desk-admin-${name}.png`) });

  test('typing "/salam " in the reply box becomes the greeting, which the applicant receives', async () => {
    await seedUser(t, 'dewi', ['staff'], { name: 'Dewi Loket' });
    const from = '6281355510020';
    await handedOver(from);
    const page = await signIn('dewi');
    await page.goto(`${t.baseUrl}${chatPath(from)}`);
    await page.click('#reply-text');
    await page.keyboard.type('/salam ');
    const typed = await page.inputValue('#reply-text');
    expect(typed).toMatch(/^Selamat (pagi|siang|sore|malam), Bapak\/Ibu\. $/);
    await page.keyboard.type('Ada yang bisa dibantu?');
    await shot(page, 'shortcut');
    await Promise.all([page.waitForURL(/ok=replied/), page.keyboard.press('Control+Enter')]);
    expect((await outTexts(from)).at(-1)).toMatch(/^Selamat (pagi|siang|sore|malam), Bapak\/Ibu\. Ada yang bisa dibantu\?$/);
  });

  test('the admin page, the activity log and the monthly chart with its numbers', async () => {
    const a = await signIn('admin');
    await a.goto(`${t.baseUrl}/dashboard/admin/canned`);
    await shot(a, 'canned');
    const s = await signIn('kepala');
    await s.goto(`${t.baseUrl}/dashboard/reports/activity`);
    expect(await s.locator('#activity-table tbody tr').count()).toBeGreaterThan(5);
    await shot(s, 'activity');
    await s.goto(`${t.baseUrl}/dashboard/reports/monthly?month=2026-11`);
    // Run in the page (strings: this test is compiled without the DOM's types).
    await s.waitForFunction("Boolean(window.Chart && window.Chart.getChart(document.getElementById('monthly-chart')))");
    const drawn = (await s.evaluate(`(() => {
      const canvas = document.getElementById('monthly-chart');
      const chart = window.Chart.getChart(canvas);
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let inked = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
      return { labels: chart.data.labels.length, sets: chart.data.datasets.map((d) => [d.label, d.data[22]]), inked, height: canvas.getBoundingClientRect().height };
    })()`)) as { labels: number; sets: [string, number][]; inked: number; height: number };
    expect(drawn.labels).toBe(30);
    expect(drawn.sets[1]).toEqual(['Pengaduan diterima', 1]);
    expect(drawn.inked).toBeGreaterThan(1000);
    expect(drawn.height).toBeGreaterThan(200);
    await shot(s, 'monthly');
  });
});
