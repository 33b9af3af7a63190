/**
 * Failures Meta reports after it accepted a message (status webhook `failed`), end to end: what
 * staff read on the failed-messages page, and what "Kirim ulang" then sends — asserted at the
 * dashboard's HTML and at the fake Graph API. Meta accepts a free-form message outside the
 * 24-hour window and fails it afterwards with 131047, so that report must close the window.
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
  await t.webhook(statusReport(String(entry.providerMessageId), 'failed', { at, outboxId: String(entry._id), recipient: user, error: { code, title } }));
  await t.settle(user);
}
/** The failed-messages page's row for an outbox entry (its HTML), or null. */
async function failedRow(outboxId: string): Promise<string | null> {
  const page = await staff.get('/dashboard/inbox/failed');
  expect(page.status).toBe(200);
  return new RegExp(`<tr data-outbox="${outboxId}">([\\s\\S]*?)</tr>`).exec(page.text)?.[1] ?? null;
}

describe('a message Meta accepted and then failed for the closed window (131047)', () => {
  it('shows staff why, in Indonesian, and "Kirim ulang" sends it as the approved template', async () => {
    const user = newUser();
    await writes(user);
    const entry = await staffReply(user, 'Berkas Bapak sudah kami terima.');
    expect(to(user).at(-1)!.body.type).toBe('text');
    await reportFailed(user, entry, 131047, 'Re-engagement message');

    const row = await failedRow(String(entry._id));
    expect(row).toContain('kode 131047');
    expect(row).toContain('lebih dari 24 jam sejak warga terakhir menulis');

    const before = to(user).length;
    const csrf = await staff.csrf('/dashboard/inbox/failed');
    const resent = await staff.post('/dashboard/inbox/failed/resend', { _csrf: csrf, chatKey: `whatsapp:${user}`, outboxId: String(entry._id), back: 'list' });
    expect(resent.status).toBe(303);
    await t.service.outbox.idle();
    expect(to(user)).toHaveLength(before + 1);
    expect(to(user).at(-1)!.body).toMatchObject({ type: 'template', template: { name: 'dinsos_balasan_petugas' } });
    expect(to(user).at(-1)!.body.template.components[0].parameters[1]).toEqual({ type: 'text', text: 'Berkas Bapak sudah kami terima.' });
  });

  it('a report handled after the person wrote again leaves their new window open', async () => {
    const user = newUser();
    await writes(user);
    const failedAt = t.clock.now();
    const entry = await staffReply(user, 'Mohon lengkapi KK.');
    t.clock.advance(60_000);
    await writes(user, 'baik pak'); // after Meta's verdict: a fresh window
    await reportFailed(user, entry, 131047, 'Re-engagement message', failedAt);
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
