/**
 * The staff-day audit's defects, in a real Chromium at 1366×768 (Debian's, driven by
 * playwright-core): a staff note never becomes a reply draft; a reply longer than one WhatsApp
 * message arrives whole (split by the outbox) with a live counter beside the box; the top bar
 * and the tab title count chats waiting for staff. What the applicant received is read from
 * the simulator channel. Skips, saying why, when Chromium is not installed.
 */
import { browserDescribe, officeBrowser, type OfficeBrowser, signedInPage } from './chromium';
import { startTestService, type TestService } from '../support/service';
import { PASSWORD, seedUser } from './support';

jest.setTimeout(90_000);

browserDescribe('the desk after the staff-day audit, in Chromium', () => {
  let t: TestService;
  let office: OfficeBrowser;

  beforeAll(async () => {
    t = await startTestService();
    await seedUser(t, 'sari', ['staff'], { name: 'Sari Petugas' });
    office = await officeBrowser();
  });

  afterAll(async () => {
    await office?.close();
    await t?.close();
  });

  const signIn = (username: string) => signedInPage(office, t.baseUrl, username, PASSWORD);
  const ref = (from: string) => t.service.handoffs.refOf(`simulator:${from}`);
  const chatUrl = (from: string) => `${t.baseUrl}/dashboard/inbox/chat/${ref(from)}`;
  const sentTo = async (from: string) => (await t.transcript(from)).filter((m) => m.direction === 'out').map((m) => m.text);

  test('when a staff note is saved and the page reloaded, then the reply box stays empty and Ctrl+Enter sends the applicant nothing', async () => {
    const from = '6281388800001';
    await t.send(from, 'petugas');
    const staff = await signIn('sari');
    await staff.goto(chatUrl(from));
    await Promise.all([staff.waitForURL(/ok=claimed/), staff.click('button:has-text("Ambil percakapan")')]);
    const before = (await sentTo(from)).length;
    const note = 'Catatan internal: pelapor pernah marah di loket, jangan dikirim.';
    await staff.fill('#note-text', note);
    await Promise.all([staff.waitForURL(/ok=note_added/), staff.click('button:has-text("Simpan catatan")')]);
    await expect(staff.inputValue('#reply-text')).resolves.toBe('');
    await staff.reload();
    await expect(staff.inputValue('#reply-text')).resolves.toBe('');
    await expect(staff.isVisible('.draft-note')).resolves.toBe(false);
    await Promise.all([staff.waitForLoadState('load'), staff.press('#reply-text', 'Control+Enter')]);
    await staff.waitForTimeout(300);
    expect((await sentTo(from)).slice(before)).toEqual([]);
    expect((await sentTo(from)).join('\n')).not.toContain('Catatan internal');

    // Each box keeps its own unsent draft across a reload; neither shows up in the other.
    await staff.goto(chatUrl(from));
    await staff.fill('#note-text', 'catatan belum disimpan');
    await staff.fill('#reply-text', 'balasan belum dikirim');
    await staff.reload();
    await expect(staff.inputValue('#note-text')).resolves.toBe('catatan belum disimpan');
    await expect(staff.inputValue('#reply-text')).resolves.toBe('balasan belum dikirim');
    // A sent reply ends only the reply's draft.
    await Promise.all([staff.waitForURL(/ok=replied/), staff.press('#reply-text', 'Control+Enter')]);
    await expect(staff.inputValue('#reply-text')).resolves.toBe('');
    await expect(staff.inputValue('#note-text')).resolves.toBe('catatan belum disimpan');
    expect((await sentTo(from)).slice(before)).toEqual(['balasan belum dikirim']);
  });

  test('when a reply is longer than one WhatsApp message, then the counter says so and the applicant receives all of it, split', async () => {
    const from = '6281388800002';
    await t.send(from, 'petugas');
    const staff = await signIn('sari');
    await staff.goto(chatUrl(from));
    const before = (await sentTo(from)).length;
    const paragraph = 'Bu, berikut penjelasan lengkap persyaratan dan langkah pengajuan yang kami hormati. ';
    const long = `${paragraph.repeat(60).trim()}\n\nTerima kasih, salam dari kami hormat.`; // ~5,100 characters, > 4,096
    expect(long.length).toBeGreaterThan(4096);
    await staff.fill('#reply-text', long);
    await expect(staff.inputValue('#reply-text')).resolves.toBe(long); // nothing cut in the box
    await expect(staff.textContent('#reply-count')).resolves.toContain(`${long.length.toLocaleString('id-ID')} / 16.000 karakter`);
    await expect(staff.textContent('#reply-count')).resolves.toContain('pesan WhatsApp');
    await Promise.all([staff.waitForURL(/ok=replied/), staff.press('#reply-text', 'Control+Enter')]);
    const sent = (await sentTo(from)).slice(before);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(sent.every((m) => m.length <= 4000)).toBe(true);
    expect(sent.join(' ').replace(/\s+/g, ' ')).toBe(long.replace(/\s+/g, ' '));
    expect(sent[sent.length - 1]).toMatch(/salam dari kami hormat\.$/);

    // Over the limit: the counter warns, nothing is posted and the text stays in the box.
    const tooLong = 'x'.repeat(16_001);
    await staff.fill('#reply-text', tooLong);
    await expect(staff.textContent('#reply-count')).resolves.toContain('Terlalu panjang: 16.001');
    await staff.press('#reply-text', 'Control+Enter');
    await staff.waitForTimeout(300);
    expect(staff.url()).toMatch(/ok=replied/);
    await expect(staff.inputValue('#reply-text')).resolves.toBe(tooLong);
    expect((await sentTo(from)).slice(before)).toEqual(sent);
  });

  test('when four chats ask for staff, then the top bar and the tab title count four, live, like the queue', async () => {
    const staff = await signIn('sari');
    await staff.goto(`${t.baseUrl}/dashboard/inbox`);
    await staff.waitForSelector('#live-indicator.on');
    await expect(staff.textContent('#inbox-counter .n')).resolves.toBe('0'); // the chats above are answered
    await staff.evaluate('window.notReloaded = true');
    for (let i = 1; i <= 4; i++) {
      const from = `628138883000${i}`;
      await t.send(from, 'halo');
      // WhatsApp stamps messages to the second: the request is a moment younger than the message.
      t.clock.advance(1500);
      await t.service.handoffs.request({ chat: { channel: 'simulator', chatId: from, phone: `+${from}` }, reason: 'asked', now: t.clock.now() });
    }
    await staff.waitForSelector(`#queue li[data-chat="${ref('6281388830004')}"]`, { timeout: 5000 });
    await expect(staff.locator('#queue li .badge.waiting').count()).resolves.toBe(4);
    await expect(staff.textContent('#queue h2 .badge')).resolves.toBe('4 menunggu');
    await staff.waitForSelector('#inbox-counter[data-count="4"]', { timeout: 5000 });
    await expect(staff.textContent('#inbox-counter .n')).resolves.toBe('4');
    await expect(staff.title()).resolves.toMatch(/^\(4\) Kotak Masuk/);
    expect(await staff.evaluate('window.notReloaded')).toBe(true);
    // The partial every page's top bar re-fetches says the same.
    const counter = await staff.evaluate("fetch('/dashboard/inbox/counter', { headers: { 'X-Partial': '1' } }).then((r) => r.text())");
    expect(counter).toMatch(/data-count="4"/);
  });
});
