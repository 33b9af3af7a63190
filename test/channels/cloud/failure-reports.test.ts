/**
 * Failures Meta reports after it accepted a message (status webhook `failed`), end to end: what
 * staff read on the failed-messages page, and what "Kirim ulang" then sends — asserted at the
 * dashboard's HTML, the outbox collection and the fake Graph API. Meta accepts a free-form
 * message outside the 24-hour window and fails it afterwards with 131047, so that report closes
 * the window, and a message with an approved template goes again by itself, once, as that
 * template; one without stays failed for staff, explained.
 */
import { chatKeyHash } from '../../../src/applications/sealing';
import { signedIn, type WebClient } from '../../dashboard/support';
import { inbound, startCloudService, statusReport, text, type CloudTestService } from './support/cloud-service';

let t: CloudTestService;
let staff: WebClient;
beforeAll(async () => {
  t = await startCloudService();
  staff = await signedIn(t, 'sari', ['staff']);
}, 120_000);
afterAll(async () => {
  await t?.close();
});

let n = 0;
const newUser = () => `62812777${String(++n).padStart(4, '0')}`;
const to = (user: string) => t.graph.sends().filter((r) => r.body.to === user);
const outboxOf = () => t.service.db.connection.collection('outbox');
const lastEntry = async (user: string) =>
  (await outboxOf().find({ chatKey: chatKeyHash(t.service.modules.cipher, `whatsapp:${user}`) }).sort({ _id: -1 }).limit(1).toArray())[0];

async function writes(user: string, body = 'halo') {
  await t.webhook(inbound(text(body), { from: user, at: t.clock.now() }));
  await t.settle(user);
  t.clock.advance(30_000); // the pacing burst refills
}
/** A staff reply through the outbox, as the dashboard writes one; answers its entry once sent. */
async function staffReply(user: string, body: string) {
  await t.service.outbox.enqueue([{ chat: { channel: 'whatsapp', chatId: user }, text: body, source: 'staff' }]);
  await t.service.outbox.drain(`whatsapp:${user}`);
  await t.service.outbox.idle();
  const entry = await lastEntry(user);
  expect(entry).toMatchObject({ status: 'sent', providerMessageId: expect.any(String) });
  return entry;
}
async function reportFailed(user: string, entry: { _id: unknown; providerMessageId?: unknown }, code: number, title: string, at = t.clock.now()) {
  t.clock.advance(30_000); // the pacing burst refills: what goes again is not held by it
  await t.webhook(statusReport(String(entry.providerMessageId), 'failed', { at, outboxId: String(entry._id), recipient: user, error: { code, title } }));
  await t.settle(user);
}
/** The failed-messages page's row for an outbox entry (its HTML), or null. */
async function failedRow(outboxId: string): Promise<string | null> {
  const page = await staff.get('/dashboard/inbox/failed');
  expect(page.status).toBe(200);
  return new RegExp(`<tr data-outbox="${outboxId}">([\\s\\S]*?)</tr>`).exec(page.text)?.[1] ?? null;
}

const templatesTo = (user: string) => to(user).filter((r) => r.body.type === 'template');
const entriesOf = async (user: string) => outboxOf().find({ chatKey: chatKeyHash(t.service.modules.cipher, `whatsapp:${user}`) }).sort({ _id: 1 }).toArray();
/** A message through the outbox from `source`, answered with its entry once sent. */
async function sent(user: string, body: string, source: 'notification' | 'reminder') {
  t.clock.advance(30_000);
  await t.service.outbox.enqueue([{ chat: { channel: 'whatsapp', chatId: user }, text: body, source }]);
  await t.service.outbox.drain(`whatsapp:${user}`);
  await t.service.outbox.idle();
  return lastEntry(user);
}

describe('a message Meta accepted and then failed for the closed window (131047)', () => {
  it('a staff reply goes again by itself, once, as the approved staff template; staff are not asked to resend it', async () => {
    const user = newUser();
    await writes(user);
    const entry = await staffReply(user, 'Berkas Bapak sudah kami terima.');
    expect(to(user).at(-1)!.body.type).toBe('text');
    const before = to(user).length;
    await reportFailed(user, entry, 131047, 'Re-engagement message');

    expect(to(user)).toHaveLength(before + 1);
    expect(to(user).at(-1)!.body).toMatchObject({ type: 'template', template: { name: 'dinsos_balasan_petugas' } });
    expect(to(user).at(-1)!.body.template.components[0].parameters[1]).toEqual({ type: 'text', text: 'Berkas Bapak sudah kami terima.' });
    // The database: the failed entry gave way to one copy, sent as the template.
    const rows = await entriesOf(user);
    expect(rows.find((e) => String(e._id) === String(entry._id))).toMatchObject({ status: 'failed', redeliveredAt: expect.any(Date) });
    expect(rows.filter((e) => e.sentVia === 'template:dinsos_balasan_petugas')).toEqual([expect.objectContaining({ status: 'sent', source: 'staff' })]);
    // Nothing for staff to do: not on the failed-messages page, and "Kirim ulang" finds nothing to resend.
    expect(await failedRow(String(entry._id))).toBeNull();
    const csrf = await staff.csrf('/dashboard/inbox/failed');
    const resent = await staff.post('/dashboard/inbox/failed/resend', { _csrf: csrf, chatKey: `whatsapp:${user}`, outboxId: String(entry._id), back: 'list' });
    expect(resent.status).toBe(404);

    // Meta delivers the same failed report again: still one copy.
    await reportFailed(user, entry, 131047, 'Re-engagement message');
    t.clock.advance(3_600_000);
    await t.service.outbox.sweep();
    await t.service.outbox.idle();
    expect(to(user)).toHaveLength(before + 1);
  });

  it('a notification and a reminder go again as the notification template, a complaint response as the staff template', async () => {
    const user = newUser();
    await writes(user);
    const notice = await sent(user, 'Status pengusulan Bapak berubah menjadi Diverifikasi.', 'notification');
    const reminder = await sent(user, 'Besok pukul 09.00 petugas datang untuk verifikasi rumah.', 'reminder');
    await reportFailed(user, notice, 131047, 'Re-engagement message');
    await reportFailed(user, reminder, 131047, 'Re-engagement message');
    expect(templatesTo(user).map((r) => [r.body.template.name, r.body.template.components[0].parameters[1].text])).toEqual([
      ['dinsos_pemberitahuan', 'Status pengusulan Bapak berubah menjadi Diverifikasi.'],
      ['dinsos_pemberitahuan', 'Besok pukul 09.00 petugas datang untuk verifikasi rumah.'],
    ]);

    // The person writes again (a new window). A complaint logged with their number, answered by
    // the officer: text while the window is open…
    await writes(user, 'baik pak');
    const phone = `+${user}`;
    const created = await t.api('POST', '/api/v1/tickets', { channel: 'walk_in', topic: 'loket', body: 'Antrean loket terlalu lama.', complainant: { name: 'Budi Santoso', phone } });
    expect(created.status).toBe(201);
    t.clock.advance(30_000);
    const answered = await t.api('POST', `/api/v1/tickets/${created.body.ticket.number}/responses`, { text: 'Loket kini dibuka dua.' });
    expect(answered.status).toBe(201);
    await t.service.outbox.idle();
    const response = await lastEntry(user);
    expect(to(user).at(-1)!.body.type).toBe('text');
    // …failed by Meta for its own clock: again as the staff template, once.
    await reportFailed(user, response, 131047, 'Re-engagement message');
    expect(templatesTo(user)).toHaveLength(3);
    expect(templatesTo(user).at(-1)!.body.template.name).toBe('dinsos_balasan_petugas');
    expect(String(templatesTo(user).at(-1)!.body.template.components[0].parameters[1].text)).toContain('Loket kini dibuka dua.');
  });

  it('a reply with no template (the bot\'s) stays failed, explained to staff; nothing is sent by itself', async () => {
    const user = newUser();
    await writes(user);
    const reply = (await entriesOf(user)).filter((e) => e.source === 'bot' && e.status === 'sent').at(-1)!;
    expect(reply).toBeDefined();
    const before = to(user).length;
    await reportFailed(user, reply, 131047, 'Re-engagement message');
    t.clock.advance(3_600_000);
    await t.service.outbox.sweep();
    await t.service.outbox.idle();
    expect(to(user)).toHaveLength(before);
    expect(await outboxOf().findOne({ _id: reply._id })).toMatchObject({ status: 'failed' });
    expect(await outboxOf().findOne({ _id: reply._id })).not.toHaveProperty('redeliveredAt');
    const row = await failedRow(String(reply._id));
    expect(row).toContain('kode 131047');
    expect(row).toContain('lebih dari 24 jam sejak warga terakhir menulis');
    expect(row).toContain('tidak dapat dikirim sebagai templat');
    expect(row).toContain('Kirim ulang');
  });

  it('a staff reply too long for its template stays failed for staff', async () => {
    const user = newUser();
    await writes(user);
    const long = `Rincian berkas: ${'dokumen lengkap, '.repeat(60)}selesai.`;
    expect(long.length).toBeGreaterThan(1024);
    const entry = await staffReply(user, long);
    const before = to(user).length;
    await reportFailed(user, entry, 131047, 'Re-engagement message');
    expect(to(user)).toHaveLength(before);
    expect(await failedRow(String(entry._id))).toContain('kode 131047');
  });

  it('a report handled after the person wrote again leaves their new window open (its copy goes as text)', async () => {
    const user = newUser();
    await writes(user);
    const failedAt = t.clock.now();
    const entry = await staffReply(user, 'Mohon lengkapi KK.');
    t.clock.advance(60_000);
    await writes(user, 'baik pak'); // after Meta's verdict: a fresh window
    await reportFailed(user, entry, 131047, 'Re-engagement message', failedAt);
    expect(to(user).at(-1)!.body).toMatchObject({ type: 'text', text: { body: 'Mohon lengkapi KK.' } });
    t.clock.advance(30_000);
    await staffReply(user, 'Terima kasih, sudah kami catat.');
    expect(to(user).at(-1)!.body).toMatchObject({ type: 'text', text: { body: 'Terima kasih, sudah kami catat.' } });
  });
});

describe('other failures Meta reports', () => {
  it('131026 tells staff the number cannot receive messages', async () => {
    const user = newUser();
    await writes(user);
    const entry = await staffReply(user, 'Jadwal kunjungan hari Senin.');
    await reportFailed(user, entry, 131026, 'Message undeliverable');
    const row = await failedRow(String(entry._id));
    expect(row).toContain('kode 131026');
    expect(row).toContain('tidak dapat menerima pesan');
  });
});
