/**
 * The staff-day audit's defects, over HTTP with a signed-in browser stand-in: a reply over the
 * limit is refused in Indonesian (never cut), and what the applicant received proves it.
 */
import { startTestService, type TestService } from '../support/service';
import { csrfFrom, signedIn, type WebClient } from './support';

jest.setTimeout(60_000);

describe('the desk after the staff-day audit, over HTTP', () => {
  let t: TestService;
  let sari: WebClient;

  beforeAll(async () => {
    t = await startTestService();
    sari = await signedIn(t, 'sari', ['staff']);
  });
  afterAll(async () => {
    await t?.close();
  });

  const chatPath = (from: string) => `/dashboard/inbox/chat/${encodeURIComponent(`simulator:${from}`)}`;
  /** The page without the addresses that carry the chat key (links, live-region sources): what a person reads. */
  const shown = (page: string) => page.replace(/data-(chat|live-src|live-chat)="[^"]*"|(href|action)="[^"]*"/g, '');
  const sentTo = async (from: string) => (await t.transcript(from)).filter((m) => m.direction === 'out').map((m) => m.text);

  test('when a reply is over 16,000 characters, then it is refused with the reason, kept in the box, and nothing is sent', async () => {
    const from = '6281388810001';
    await t.send(from, 'petugas');
    const page = await sari.get(chatPath(from));
    const before = await sentTo(from);
    const res = await sari.post(`${chatPath(from)}/reply`, { _csrf: csrfFrom(page.text), text: 'a'.repeat(16_001) });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Balasan terlalu panjang: 16.001 karakter, paling banyak 16.000. Balasan belum dikirim');
    expect(res.text).toContain('a'.repeat(16_001)); // still in the box
    expect(await sentTo(from)).toEqual(before);
    // The JSON API refuses it too.
    const api = await t.api('POST', `/api/v1/handoffs/${encodeURIComponent(`simulator:${from}`)}/reply`, { text: 'b'.repeat(16_001) });
    expect(api.status).toBe(400);
    expect(await sentTo(from)).toEqual(before);
  });

  test('when a reply is 4,500 characters, then the applicant receives all of it in two messages', async () => {
    const from = '6281388810002';
    await t.send(from, 'petugas');
    const page = await sari.get(chatPath(from));
    const before = (await sentTo(from)).length;
    const text = `${'kata '.repeat(899)}akhir`;
    const res = await sari.post(`${chatPath(from)}/reply`, { _csrf: csrfFrom(page.text), text });
    expect(res.status).toBe(303);
    const sent = (await sentTo(from)).slice(before);
    expect(sent).toHaveLength(2);
    expect(sent.join(' ')).toBe(text);
  });

  async function fileConfidential(from: string): Promise<string> {
    for (const text of ['5', '1', 'Petugas loket meminta uang pelicin untuk berkas saya.', 'selesai', 'Siti Rahmawati', 'lewati', '1']) await t.send(from, text);
    const number = /ADU-[A-Z]+-\d{4}-\d{4}/.exec((await t.send(from, '1')).join('\n'))?.[0];
    if (!number) throw new Error('no ticket number');
    return number;
  }

  test('when a confidential complainant later asks for staff, then the chat history hides who they are and what they wrote', async () => {
    const from = '6281388820001';
    const number = await fileConfidential(from);
    await t.send(from, 'petugas');
    const admin = await signedIn(t, 'adi', ['admin']);
    for (const viewer of [sari, admin]) {
      const page = await viewer.get(chatPath(from));
      expect(page.status).toBe(200);
      const history = await viewer.get(`${chatPath(from)}/history`);
      for (const text of [page.text, history.text]) {
        expect(text).not.toContain('Siti Rahmawati');
        expect(text).not.toContain('uang pelicin');
        expect(shown(text)).not.toContain('6281388820001');
        expect(text).toContain(`pengaduan rahasia (${number})`);
      }
      expect(history.text).toContain('petugas'); // what came after the complaint still shows
    }
  });

  test('when a complaint is not confidential, then its conversation stays in the history', async () => {
    const from = '6281388820002';
    for (const text of ['5', '1', 'Antrean di loket tidak dipanggil sejak pagi.', 'selesai', 'Siti Rahmawati', 'lewati', '2', '1', 'petugas']) await t.send(from, text);
    const history = await sari.get(`${chatPath(from)}/history`);
    expect(history.text).toContain('Antrean di loket tidak dipanggil');
    expect(history.text).not.toContain('id="history-hidden"');
  });

  test('when the desk opens the queue or a chat, then the number is masked; the ticket page shows it in full only to a supervisor or the assignee', async () => {
    const from = '6281388820003';
    await t.send(from, 'petugas');
    const queue = await sari.get('/dashboard/inbox/queue');
    const chat = await sari.get(chatPath(from));
    const header = await sari.get(`${chatPath(from)}/header`);
    for (const text of [queue.text, header.text]) {
      expect(text).toContain('+62813****0003');
      expect(shown(text)).not.toContain('6281388820003');
    }
    expect(chat.text).toContain('<span class="title">+62813****0003 (simulator)</span>');

    const created = await t.api('POST', '/api/v1/tickets', { channel: 'complaint_box', topic: 'loket', body: 'Antrean macet', complainant: { name: 'Budi', phone: '081388820004' } });
    const ticketNo = created.body.number ?? created.body.ticket?.number;
    const officer = await signedIn(t, 'oki', ['officer']);
    const supervisor = await signedIn(t, 'susi', ['supervisor']);
    const path = `/dashboard/tickets/${encodeURIComponent(ticketNo)}`;
    const asOfficer = await officer.get(path);
    expect(asOfficer.status).toBe(200);
    expect(asOfficer.text).toContain('+62813****0004');
    expect(asOfficer.text).not.toContain('+6281388820004');
    expect((await supervisor.get(path)).text).toContain('+6281388820004');
  });

  test('when a ticket has no chat to answer on, then the response is said to be only recorded, not sent', async () => {
    const officer = await signedIn(t, 'oka', ['officer']);
    const boxed = await t.api('POST', '/api/v1/tickets', { channel: 'complaint_box', topic: 'loket', body: 'Kotak saran: loket tutup awal', complainant: { name: 'Rudi' } });
    const number = boxed.body.number ?? boxed.body.ticket?.number;
    const path = `/dashboard/tickets/${encodeURIComponent(number)}`;
    const page = await officer.get(path);
    expect(page.text).toContain('tanggapan hanya dicatat');
    const res = await officer.post(`${path}/respond`, { _csrf: csrfFrom(page.text), text: 'Loket kini buka sampai pukul 14.00.' });
    expect(res.status).toBe(303);
    const after = await officer.get(res.location!);
    expect(after.text).toContain('Tanggapan dicatat, tetapi tidak dikirim');
    expect(after.text).not.toContain('Tanggapan dikirim ke pelapor');

    // A complaint filed on WhatsApp is answered there, and the page says so.
    const from = '6281388840001';
    for (const text of ['5', '1', 'Antrean di loket tidak dipanggil sejak pagi.', 'selesai', 'Siti Rahmawati', 'lewati', '2']) await t.send(from, text);
    const chatNumber = /ADU-[A-Z]+-\d{4}-\d{4}/.exec((await t.send(from, '1')).join('\n'))![0];
    const chatPage = await officer.get(`/dashboard/tickets/${encodeURIComponent(chatNumber)}`);
    const sent = await officer.post(`/dashboard/tickets/${encodeURIComponent(chatNumber)}/respond`, { _csrf: csrfFrom(chatPage.text), text: 'Sudah kami tegur petugasnya.' });
    expect((await officer.get(sent.location!)).text).toContain('Tanggapan dikirim ke pelapor.');
    expect(await sentTo(from)).toEqual(expect.arrayContaining([expect.stringContaining('Sudah kami tegur petugasnya.')]));
  });

  test('when an admin saves a canned reply with an unknown placeholder, then it is refused, naming the allowed ones', async () => {
    const admin = await signedIn(t, 'adm', ['admin']);
    const csrf = await admin.csrf('/dashboard/admin/canned');
    const refused = await admin.post('/dashboard/admin/canned', { _csrf: csrf, shortcut: 'sapa', label: 'Sapa', text: 'Halo {nama}, saya {staff} dari {office}.' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Penanda {nama} tidak dikenal');
    expect(refused.text).toContain('Penanda yang boleh dipakai: {greeting_time}, {staff}, {office}.');
    expect((await admin.get('/dashboard/admin/canned')).text).not.toContain('/sapa');
    const ok = await admin.post('/dashboard/admin/canned', { _csrf: csrf, shortcut: 'sapa', label: 'Sapa', text: 'Selamat {greeting_time}, saya {staff} dari {office}.' });
    expect(ok.status).toBe(303);
  });
});
