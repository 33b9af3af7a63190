/**
 * A record restricted at the person's request (UU 27/2022) shows none of its personal data to a
 * non-admin in any of the desk's other views: the inbox (queue, the chat with its contact panel
 * and history, closed chats and their searches, failed messages), the ticket and application
 * lists and searches, the reports with the monthly summary and its CSV, the activity log, the
 * CSV exports and the alert list. A walk as a staff member with every role but admin fetches each
 * view and fails if the restricted person's name, NIK (in full or masked) or phone number (in
 * full) is in what the server sent. A second person, not restricted, is walked alike and must be
 * seen, so the walk cannot pass by reaching nothing.
 */
import { createApplicationWithReceipt, NIK_MAN, NIK_WOMAN, DOB_MAN } from '../applications/fixtures';
import { signedIn, type WebClient } from '../dashboard/support';
import { startTestService, type TestService } from '../support/service';

jest.setTimeout(180_000);

const HIDDEN = { name: 'Ratna Restu Wulandari', nik: NIK_WOMAN, phone: '6281377791201', reg: 'BJM/2026/09201' };
const SHOWN = { name: 'Budi Kontrol Santoso', nik: NIK_MAN, phone: '6281377791202', reg: 'BJM/2026/09202' };
const REASON = 'Permintaan pembatasan tertulis pemohon, 23 November 2026';
const key = (phone: string) => `simulator:${phone}`;
const chatPath = (phone: string) => `/dashboard/inbox/chat/${encodeURIComponent(key(phone))}`;
/** A chat as the handoff API names it (its opaque ref). */
const apiChat = (phone: string) => `/api/v1/handoffs/${t.service.handoffs.refOf(key(phone))}`;

let t: TestService;
let admin: WebClient;
let walker: WebClient;
const ids: Record<string, string> = {};
const tickets: Record<string, string> = {};

/** Files a complaint under the person's own name and NIK, through the chat. */
async function fileAs(p: typeof HIDDEN): Promise<string> {
  for (const text of ['5', '1', 'Antrean di loket tidak dipanggil sejak pagi.', 'selesai', p.name, p.nik, '2']) await t.send(p.phone, text);
  const number = /ADU-[A-Z]+-\d{4}-\d{4}/.exec((await t.send(p.phone, '1')).join('\n'))?.[0];
  if (!number) throw new Error('no ticket number');
  return number;
}

/** What a person's data looks like in a page: each form it could take. */
function traces(p: typeof HIDDEN): string[] {
  return [p.name, p.nik, `${p.nik.slice(0, 4)}********${p.nik.slice(-4)}`, p.phone, `+${p.phone}`, p.phone.replace(/^62/, '0')];
}

beforeAll(async () => {
  t = await startTestService({});
  admin = await signedIn(t, 'admin', ['admin']);
  walker = await signedIn(t, 'walker', ['officer', 'supervisor', 'verifier', 'staff']);
  for (const p of [HIDDEN, SHOWN]) {
    const created = await createApplicationWithReceipt(t, { registrationNumber: p.reg, nik: p.nik, name: p.name, phones: [p.phone], status: 'diterima', ...(p === SHOWN ? { dateOfBirth: DOB_MAN } : {}) });
    ids[p.reg] = created.id;
    await t.send(p.phone, 'halo');
    await t.send(p.phone, `cek nik ${p.nik}`);
    await t.send(p.phone, created.code);
    tickets[p.reg] = await fileAs(p);
    // A change by staff: the activity log names the application.
    expect((await t.api('PATCH', `/api/v1/applications/${created.id}/status`, { status: 'menunggu_verifikasi', note: 'berkas lengkap' })).status).toBeLessThan(300);
    // A chat handed to staff, answered and closed; then another request that waits in the queue.
    await t.send(p.phone, 'petugas');
    const chat = encodeURIComponent(key(p.phone));
    expect((await t.api('POST', `/api/v1/handoffs/${chat}/claim`, {})).status).toBeLessThan(300);
    expect((await t.api('POST', `/api/v1/handoffs/${chat}/reply`, { text: 'Baik, kami periksa.' })).status).toBeLessThan(300);
    expect((await t.api('POST', `/api/v1/handoffs/${chat}/close`, {})).status).toBeLessThan(300);
    await t.send(p.phone, 'petugas');
    await t.service.engine.settle(key(p.phone));
  }
  // Reminders and escalations for the tickets (the alert list).
  t.clock.advance(6 * 24 * 3600 * 1000);
  for (const job of t.service.jobs) await job.run();
  admin = await signedIn(t, 'admin2', ['admin']);
  walker = await signedIn(t, 'walker2', ['officer', 'supervisor', 'verifier', 'staff']);
  const csrf = await admin.csrf('/dashboard/admin/privacy');
  const restricted = await admin.post('/dashboard/admin/privacy/restrict', {
    _csrf: csrf, kind: 'nik', value: HIDDEN.nik, reason: REASON, action: 'restrict', applications: ids[HIDDEN.reg], tickets: tickets[HIDDEN.reg],
  });
  expect(restricted.status).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

/** Every view the walk fetches: [label, response text]. */
async function walk(client: WebClient): Promise<[string, string][]> {
  const month = '2026-11';
  const gets = [
    '/dashboard/inbox',
    '/dashboard/inbox/queue',
    chatPath(HIDDEN.phone),
    `${chatPath(HIDDEN.phone)}/history`,
    `${chatPath(HIDDEN.phone)}/header`,
    chatPath(SHOWN.phone),
    '/dashboard/inbox/closed',
    `/dashboard/inbox/closed?q=${HIDDEN.phone.slice(-4)}`,
    `/dashboard/inbox/closed?q=${SHOWN.phone.slice(-4)}`,
    '/dashboard/inbox/closed?q=Ratna',
    '/dashboard/inbox/closed?q=Budi',
    '/dashboard/inbox/failed',
    '/dashboard/tickets',
    '/dashboard/tickets/rows',
    '/dashboard/tickets?q=Ratna',
    '/dashboard/tickets?q=Budi',
    '/dashboard/applications?q=Ratna',
    '/dashboard/applications?q=Budi',
    `/dashboard/applications?q=${encodeURIComponent(HIDDEN.reg)}`,
    `/dashboard/applications?q=${HIDDEN.nik}`,
    `/dashboard/applications?q=${SHOWN.nik}`,
    '/dashboard/reports',
    `/dashboard/reports/monthly?month=${month}`,
    `/dashboard/reports/monthly.csv?month=${month}`,
    '/dashboard/reports/activity',
    '/dashboard/reports/activity?page=2',
    '/api/v1/tickets',
    '/api/v1/applications?name=Ratna',
    '/api/v1/applications?name=Budi',
    `/api/v1/applications?nik=${HIDDEN.nik}`,
    '/api/v1/applications/export.csv',
    '/api/v1/reports/tickets',
    '/api/v1/reports/tickets.csv',
    '/api/v1/complaint-alerts',
    '/api/v1/handoffs',
    apiChat(HIDDEN.phone),
    apiChat(SHOWN.phone),
  ];
  const out: [string, string][] = [];
  for (const path of gets) {
    const res = await client.get(path);
    out.push([`GET ${path} (${res.status})`, res.text]);
  }
  // Ticket searches by phone and NIK post the value and land on the list (hashed, never in the address).
  for (const q of [HIDDEN.phone, HIDDEN.nik, SHOWN.phone]) {
    const res = await client.post('/dashboard/tickets/search', { _csrf: await client.csrf('/dashboard/tickets'), q });
    const list = res.location ? await client.get(res.location) : res;
    out.push([`POST /dashboard/tickets/search ${q.slice(-4)} (${list.status})`, list.text]);
  }
  return out;
}

/**
 * A page with what the walker typed taken out (a search box's value, the list's "dengan NIK …"
 * line). The inbox names a chat by its opaque ref, so nothing of a chat's address is taken out:
 * what is left is what the server showed of its records.
 */
function shownOf(text: string): string {
  return text.replace(/(value|placeholder)="[^"]*"/g, '$1=""').replace(/<strong id="ticket-searched">[^<]*<\/strong>/g, '');
}

test('when a staff member with every role but admin walks the desk, then no view shows the restricted person\'s name, NIK or phone, and the other person is seen', async () => {
  const views = await walk(walker);
  const leaks = views.flatMap(([label, text]) => traces(HIDDEN).filter((s) => shownOf(text).includes(s)).map((s) => `${label}: ${s}`));
  expect(leaks).toEqual([]);
  // The walk reaches data: the unrestricted person is there in the same views.
  const seen = (label: RegExp, what: string) => views.filter(([l]) => label.test(l)).some(([, text]) => text.includes(what));
  const expected: [RegExp, string][] = [
    [/inbox\/chat\/simulator%3A6281377791202 /, SHOWN.name],
    [/inbox\/chat\/simulator%3A6281377791202 /, 'Status permohonan'], // its history is shown
    [/inbox\/closed\?q=1202/, SHOWN.name],
    [/inbox\/closed\?q=Budi/, SHOWN.name],
    [/GET \/dashboard\/tickets /, tickets[SHOWN.reg]],
    [/applications\?q=Budi/, SHOWN.name],
    [/reports\/activity/, SHOWN.name],
    [/export\.csv/, SHOWN.name],
    [/api\/v1\/applications\?name=Budi/, SHOWN.name],
    [new RegExp(`GET ${apiChat(SHOWN.phone)} `), SHOWN.name], // the API's history, as the inbox's
  ];
  // The restricted person's chat still opens, its earlier part left out with the reason.
  const chat = views.find(([l]) => l.startsWith(`GET ${chatPath(HIDDEN.phone)} `))![1];
  expect(chat).toMatch(/id="history-hidden">\d+ pesan sebelumnya disembunyikan: data pemohon ini dibatasi pemrosesannya/);
  for (const [where, what] of expected) expect([where.source, what, seen(where, what)]).toEqual([where.source, what, true]);
  expect(views.some(([l, text]) => l.startsWith('POST /dashboard/tickets/search 1202') && text.includes(tickets[SHOWN.reg]))).toBe(true);
  for (const [label] of views) expect(label).not.toMatch(/\((4\d\d|5\d\d)\)$/);
});

test('when an admin opens the restricted person\'s chat, then the filing of the restricted ticket is in its history (only admins may see it)', async () => {
  const res = await admin.get(chatPath(HIDDEN.phone));
  expect(res.status).toBe(200);
  expect(res.text).toContain(HIDDEN.name);
});
