/**
 * Data-subject requests (UU 27/2022) through the admin page, over HTTP as a signed-in admin,
 * after two applicants have really used the service through the simulator (a status check, a
 * complaint, a chat handed to staff and back): find by NIK and by number shows the person's
 * records and nobody else's; the copy holds them in clear; a correction goes through the
 * records' rules; restriction hides the application and the ticket from lists and the chat
 * (neutral answers) until lifted; erasure removes the chat records from the raw collections;
 * non-admins are refused; a missing reason is a 400; every step is in the audit log.
 */
import { createPiiCipher } from '../../src/applications/pii-crypto';
import { chatKeyHash } from '../../src/applications/sealing';
import { subjectTarget } from '../../src/privacy/subject';
import { createApplicationWithReceipt, DOB_MAN, MANY_NIKS, NIK_MAN, NIK_WOMAN, all } from '../applications/fixtures';
import { csrfFrom, fileComplaint, signedIn, type WebClient } from '../dashboard/support';
import { startTestService, TEST_KEY, type TestService } from '../support/service';

jest.setTimeout(120_000);

const PHONE_A = '6281377790001';
const PHONE_B = '6281377790002';
const REG_A = 'BJM/2026/09001';
const REG_B = 'BJM/2026/09002';
const REASON = 'Permintaan tertulis pemohon di loket, 23 November 2026';
const BASE = '/dashboard/admin/privacy';
const cipher = createPiiCipher(TEST_KEY);
const chatA = `simulator:${PHONE_A}`;
const chatB = `simulator:${PHONE_B}`;

let t: TestService;
let admin: WebClient;
let verifier: WebClient;
let codeA: string;
let appA: string;
let ticketA: string;
let ticketB: string;

const db = () => t.service.db.connection.db!;
const auditActions = async (target: string) => (await t.service.modules.audit.forTarget(target)).map((e) => e.action);
/** The entry of that action on that target (the test clock stands still: entries share their time). */
const auditEntry = async (target: string, action: string) => (await t.service.modules.audit.forTarget(target)).find((e) => e.action === action);
const targetOf = (s: { kind: 'nik'; nik: string } | { kind: 'phone'; phone: string }) => subjectTarget(cipher, s);

async function post(path: string, form: Record<string, string | string[]>) {
  const csrf = await admin.csrf(BASE);
  return admin.post(`${BASE}${path}`, { _csrf: csrf, ...form });
}
const byNik = (extra: Record<string, string | string[]> = {}) => ({ kind: 'nik', value: NIK_WOMAN, reason: REASON, ...extra });

/** The chat records a chat key has in the raw collections, found by its keyed hash. */
async function chatRecords(key: string) {
  const hash = chatKeyHash(cipher, key);
  return {
    messages: await db().collection('messages').countDocuments({ chatKey: hash }),
    sessions: await db().collection('sessions').countDocuments({ _id: hash as never }),
    outbox: await db().collection('outbox').countDocuments({ chatKey: hash }),
    handoffs: await db().collection('handoffs').countDocuments({ chatKey: hash }),
  };
}

beforeAll(async () => {
  t = await startTestService({});
  admin = await signedIn(t, 'admin', ['admin']);
  verifier = await signedIn(t, 'verif', ['verifier', 'officer', 'supervisor', 'staff']);
  const a = await createApplicationWithReceipt(t, { registrationNumber: REG_A, nik: NIK_WOMAN, name: 'Siti Aminah', phones: [PHONE_A], status: 'diterima', address: { kelurahan: 'Kuin', kecamatan: 'Banjarmasin Utara' } });
  codeA = a.code;
  appA = a.id;
  await createApplicationWithReceipt(t, { registrationNumber: REG_B, nik: NIK_MAN, name: 'Budi Santoso', dateOfBirth: DOB_MAN, phones: [PHONE_B], status: 'diterima' });

  // Applicant A: a complaint, its status, a status check from the registered number, a chat with staff.
  await t.send(PHONE_A, 'halo');
  ticketA = await fileComplaint(t, PHONE_A);
  expect(all(await t.send(PHONE_A, `status aduan ${ticketA}`))).toContain(`*Status pengaduan ${ticketA}*`);
  expect(all(await t.send(PHONE_A, `cek nik ${NIK_WOMAN}`))).toContain('Status: *');
  await t.send(PHONE_A, 'petugas');
  const chat = encodeURIComponent(chatA);
  expect((await t.api('POST', `/api/v1/handoffs/${chat}/claim`, {})).status).toBeLessThan(300);
  expect((await t.api('POST', `/api/v1/handoffs/${chat}/reply`, { text: 'Baik Bu Siti, pengaduan Ibu kami teruskan.' })).status).toBeLessThan(300);
  expect((await t.api('POST', `/api/v1/handoffs/${chat}/close`, {})).status).toBeLessThan(300);
  // Applicant B: a complaint and a request for a person, left waiting.
  await t.send(PHONE_B, 'halo');
  ticketB = await fileComplaint(t, PHONE_B);
  await t.send(PHONE_B, 'petugas');
  await t.service.engine.settle(chatA);
  await t.service.engine.settle(chatB);
});
afterAll(async () => {
  await t?.close();
});

describe('who may use it', () => {
  test('when a non-admin (even with every other role) opens the page or posts a search, then 403 and nothing is read', async () => {
    expect((await verifier.get(BASE)).status).toBe(403);
    const csrf = await verifier.csrf('/dashboard/inbox');
    const res = await verifier.post(`${BASE}/lookup`, { _csrf: csrf, ...byNik() });
    expect(res.status).toBe(403);
    expect(res.text).not.toContain(REG_A);
    expect(await auditActions(targetOf({ kind: 'nik', nik: NIK_WOMAN }))).toEqual([]);
  });

  test('when an admin opens it, then the menu links to it and the page explains the steps and the retention periods', async () => {
    const res = await admin.get(BASE);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.text).toContain('href="/dashboard/admin/privacy"');
    expect(res.text).toContain('3×24 jam');
    expect(res.text).toContain('tidak dihapus');
    for (const v of ['RETENTION_OUTBOX_DAYS', 'RETENTION_AUDIT_DAYS', 'RETENTION_HANDOFF_DAYS', 'RETENTION_ALERT_DAYS']) expect(res.text).toContain(v);
  });
});

describe('a reason is required for every step', () => {
  test.each([
    ['/lookup', {}],
    ['/export', {}],
    ['/erase', { confirm: '1' }],
    ['/restrict', { action: 'restrict', applications: 'x' }],
    ['/correct', { applicationId: 'x', revision: '1', name: 'Siti', phones: PHONE_A }],
  ])('when %s is posted without a reason, then 400 says a reason is required, and nothing is read or changed', async (path, extra) => {
    const before = await chatRecords(chatA);
    const res = await post(path, { kind: 'nik', value: NIK_WOMAN, ...extra });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Alasan wajib diisi');
    expect(res.text).not.toContain(REG_A);
    expect(await chatRecords(chatA)).toEqual(before);
    expect(await auditActions(targetOf({ kind: 'nik', nik: NIK_WOMAN }))).toEqual([]);
  });

  test('when the reason is only blanks, then it is missing too', async () => {
    const res = await post('/lookup', byNik({ reason: '     ' }));
    expect(res.status).toBe(400);
    expect(res.text).toContain('Alasan wajib diisi');
  });
});

describe('finding what is held', () => {
  test('when an admin searches by NIK, then the application, the ticket and the chat of that person are shown, and nothing of the other person', async () => {
    const res = await post('/lookup', byNik());
    expect(res.status).toBe(200);
    expect(res.text).toContain('Data untuk NIK 6371********0001');
    expect(res.text).toContain(`data-registration="${REG_A}"`);
    expect(res.text).toContain(`data-ticket="${ticketA}"`);
    expect(res.text).toContain('data-chat-channel="simulator"');
    expect(res.text).toContain('+62813****0001');
    expect(res.text).not.toContain(REG_B);
    expect(res.text).not.toContain(ticketB);
    expect(res.text).not.toContain('Budi Santoso');
    expect(res.text).not.toContain('****0002');
    const audit = await t.service.modules.audit.forTarget(targetOf({ kind: 'nik', nik: NIK_WOMAN }));
    expect(audit.map((e) => [e.action, e.actorName, e.details?.reason])).toEqual([['privacy.lookup', 'Nama admin', REASON]]);
    expect(audit[0].details).toMatchObject({ applications: 1, tickets: 1, chats: 1 });
  });

  test('when an admin searches by the number as people write it (0813…), then the same person\'s records are shown, nothing of the other', async () => {
    const res = await post('/lookup', { kind: 'phone', value: '0813-7779-0001', reason: REASON });
    expect(res.status).toBe(200);
    expect(res.text).toContain(`data-registration="${REG_A}"`);
    expect(res.text).toContain(`data-ticket="${ticketA}"`);
    expect(res.text).toContain('data-chat-channel="simulator"');
    expect(res.text).not.toContain(REG_B);
    expect(res.text).not.toContain(ticketB);
    expect(await auditActions(targetOf({ kind: 'phone', phone: `+${PHONE_A}` }))).toEqual(['privacy.lookup']);
  });

  test('when the other person is searched, then only their records are shown', async () => {
    const res = await post('/lookup', { kind: 'phone', value: PHONE_B, reason: REASON });
    expect(res.text).toContain(`data-registration="${REG_B}"`);
    expect(res.text).toContain(`data-ticket="${ticketB}"`);
    expect(res.text).not.toContain(REG_A);
    expect(res.text).not.toContain(ticketA);
  });

  test('when a family shares a number, then a search by that number shows both with a warning, and a search by NIK only that person\'s', async () => {
    await createApplicationWithReceipt(t, { registrationNumber: 'BJM/2026/09003', nik: MANY_NIKS[0], name: 'Anak Budi', dateOfBirth: '1985-01-01', phones: [PHONE_B], status: 'diterima' });
    const byPhone = await post('/lookup', { kind: 'phone', value: PHONE_B, reason: REASON });
    expect(byPhone.text).toContain('data-registration="BJM/2026/09003"');
    expect(byPhone.text).toContain(`data-registration="${REG_B}"`);
    expect(byPhone.text).toContain('id="privacy-several-people"');
    const byNikB = await post('/lookup', { kind: 'nik', value: NIK_MAN, reason: REASON });
    expect(byNikB.text).toContain(`data-registration="${REG_B}"`);
    expect(byNikB.text).not.toContain('BJM/2026/09003');
    expect(byNikB.text).not.toContain('id="privacy-several-people"');
  });

  test('when the NIK is not valid, then the form says so (400) and nothing is looked up', async () => {
    const res = await post('/lookup', byNik({ value: '6371014609970000' }));
    expect(res.status).toBe(400);
    expect(res.text).toContain('NIK tidak valid');
  });
});

describe('the copy for the person', () => {
  test('when an admin downloads it, then it is a no-store JSON attachment holding the person\'s records in clear and nothing of the other person', async () => {
    const res = await post('/export', byNik());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="?salinan-data-pribadi-banjarmasin-2026-11-23\.json"?$/);
    expect(res.headers.get('content-disposition')).not.toContain(NIK_WOMAN);
    const doc = JSON.parse(res.text);
    expect(doc.subjek).toEqual({ jenis: 'NIK', nilai: NIK_WOMAN });
    expect(doc.permohonan).toHaveLength(1);
    expect(doc.permohonan[0]).toMatchObject({ nomorRegistrasi: REG_A, nama: 'Siti Aminah', nik: NIK_WOMAN, nomorTelepon: [`+${PHONE_A}`], alamat: { kelurahan: 'Kuin', kecamatan: 'Banjarmasin Utara' } });
    expect(doc.permohonan[0].status).toEqual({ kode: 'diterima', label: 'Berkas diterima' });
    expect(doc.pengaduan.map((p: { nomor: string }) => p.nomor)).toEqual([ticketA]);
    expect(doc.pengaduan[0].isi).toContain('Antrean di loket tidak dipanggil sejak pagi.');
    expect(doc.pengaduan[0].pelapor.nomorTelepon).toBe(`+${PHONE_A}`);
    expect(doc.percakapan).toHaveLength(1);
    const texts = doc.percakapan[0].pesan.map((m: { isi: string }) => m.isi).join('\n');
    expect(texts).toContain('Antrean di loket tidak dipanggil sejak pagi.'); // what the person wrote
    expect(texts).toContain('Baik Bu Siti, pengaduan Ibu kami teruskan.'); // the staff reply
    expect(doc.percakapan[0].pesan.some((m: { arah: string; dari: string }) => m.arah === 'masuk' && m.dari === 'pemohon')).toBe(true);
    expect(doc.percakapan[0].serahTerimaKePetugas).toHaveLength(1);
    expect(doc.masaSimpan.length).toBeGreaterThan(5);
    for (const other of [NIK_MAN, PHONE_B.slice(2), REG_B, ticketB, 'Budi Santoso']) expect(res.text).not.toContain(other);
    expect((await auditActions(targetOf({ kind: 'nik', nik: NIK_WOMAN }))).sort()).toEqual(['privacy.export', 'privacy.lookup']);
  });
});

describe('correcting an application', () => {
  test('when an admin corrects name, address and numbers, then the record changes (numbers sealed), and the change is audited on the record and the person', async () => {
    const app = await db().collection('applications').findOne({ registrationNumber: REG_A });
    const res = await post('/correct', byNik({ applicationId: appA, revision: String(app!.revision), name: 'Siti Aminah Rahmah', kelurahan: 'Kuin Utara', kecamatan: 'Banjarmasin Utara', phones: `${PHONE_A}\n0813 7779 0009` }));
    expect(res.status).toBe(200);
    expect(res.text).toContain('Koreksi disimpan: nama, alamat, nomor telepon.');
    const after = await db().collection('applications').findOne({ registrationNumber: REG_A });
    expect(after).toMatchObject({ name: 'Siti Aminah Rahmah', address: { kelurahan: 'Kuin Utara', kecamatan: 'Banjarmasin Utara' } });
    expect(after!.phones.map((p: { hash: string }) => p.hash)).toEqual([cipher.hash(`+${PHONE_A}`), cipher.hash('+6281377790009')]);
    expect(JSON.stringify(after)).not.toContain('77790009');
    expect(await auditEntry(`application:${appA}`, 'privacy.correct')).toMatchObject({ details: { reason: REASON, fields: ['name', 'address', 'phones'] } });
    expect(await auditEntry(targetOf({ kind: 'nik', nik: NIK_WOMAN }), 'privacy.correct')).toMatchObject({ details: { reason: REASON, application: appA } });
  });

  test('when the form was read before another change (old revision), then 409 and nothing changes', async () => {
    const res = await post('/correct', byNik({ applicationId: appA, revision: '1', name: 'Nama Lain', phones: PHONE_A }));
    expect(res.status).toBe(409);
    expect((await db().collection('applications').findOne({ registrationNumber: REG_A }))!.name).toBe('Siti Aminah Rahmah');
  });

  test('when a number or the name breaks the records\' rules, then 400 names the problem and nothing changes', async () => {
    const app = await db().collection('applications').findOne({ registrationNumber: REG_A });
    const bad = await post('/correct', byNik({ applicationId: appA, revision: String(app!.revision), name: 'Siti\u0007', phones: '12345' }));
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Nomor telepon &quot;12345&quot; tidak valid');
    expect(bad.text).toContain('Nama harus satu baris');
    expect((await db().collection('applications').findOne({ registrationNumber: REG_A }))!.revision).toBe(app!.revision);
  });

  test('when the application is not the person\'s, then it is refused', async () => {
    const other = await db().collection('applications').findOne({ registrationNumber: REG_B });
    const res = await post('/correct', byNik({ applicationId: String(other!._id), revision: String(other!.revision), name: 'Siti', phones: PHONE_B }));
    expect(res.status).toBe(400);
    expect((await db().collection('applications').findOne({ registrationNumber: REG_B }))!.name).toBe('Budi Santoso');
  });
});

describe('restricting applications and tickets', () => {
  test('before: the desk\'s contact panel shows the application, and the chat lists the ticket', async () => {
    expect((await verifier.get(`/dashboard/inbox/chat/${encodeURIComponent(chatA)}`)).text).toContain(`href="/dashboard/applications/${appA}"`);
    expect(all(await t.send(PHONE_A, 'status aduan'))).toContain(ticketA);
    await t.send(PHONE_A, 'menu');
  });

  test('when restricted, then lists and searches leave them out, the chat gets neutral answers, and it is audited', async () => {
    const res = await post('/restrict', byNik({ action: 'restrict', applications: [appA], tickets: [ticketA] }));
    expect(res.status).toBe(200);
    expect(res.text).toContain('2 data dibatasi.');
    expect(res.text).toContain('Dibatasi');
    // Kept, marked, not deleted.
    expect((await db().collection('applications').findOne({ registrationNumber: REG_A }))!.restrictedAt).toBeInstanceOf(Date);
    expect((await db().collection('tickets').findOne({ number: ticketA }))!.restrictedAt).toBeInstanceOf(Date);
    // Staff lists and searches.
    expect((await t.api('GET', `/api/v1/applications?nik=${NIK_WOMAN}`)).body.applications).toEqual([]);
    expect((await t.api('GET', '/api/v1/applications?name=Siti')).body.applications).toEqual([]);
    expect((await t.api('GET', '/api/v1/applications/export.csv')).text).not.toContain(REG_A);
    const tickets = (await t.api('GET', '/api/v1/tickets')).body.tickets.map((x: { number: string }) => x.number);
    expect(tickets).toContain(ticketB);
    expect(tickets).not.toContain(ticketA);
    const panel = await verifier.get(`/dashboard/inbox/chat/${encodeURIComponent(chatA)}`);
    expect(panel.status).toBe(200);
    expect(panel.text).not.toContain(`href="/dashboard/applications/${appA}"`); // the desk's contact panel (applications by the chat's number)
    const list = await verifier.get('/dashboard/tickets?show=all');
    expect(list.text).toContain(ticketB);
    expect(list.text).not.toContain(ticketA);
    // The chat: the status of the application is not given even with the right code, the ticket reads as unknown.
    expect(all(await t.send(PHONE_A, `cek nik ${NIK_WOMAN}`))).toContain('*kode verifikasi*');
    const neutral = all(await t.send(PHONE_A, codeA));
    expect(neutral).toContain('status tidak dapat kami tampilkan');
    expect(neutral).not.toContain('Status: *');
    expect(neutral).not.toContain(REG_A);
    expect(all(await t.send(PHONE_A, 'status aduan'))).not.toContain(ticketA); // the chat's own tickets
    await t.send(PHONE_A, 'menu');
    const ticket = all(await t.send(PHONE_A, `status aduan ${ticketA}`));
    expect(ticket).toContain('tidak ditemukan untuk nomor WhatsApp ini');
    expect(ticket).not.toContain('*Status pengaduan');
    // Audited on each record and on the person.
    expect(await auditEntry(`ticket:${ticketA}`, 'privacy.restrict')).toMatchObject({ details: { reason: REASON } });
    expect(await auditEntry(`application:${appA}`, 'privacy.restrict')).toMatchObject({ details: { reason: REASON } });
    expect(await auditEntry(targetOf({ kind: 'nik', nik: NIK_WOMAN }), 'privacy.restrict')).toMatchObject({ details: { reason: REASON, applications: [appA], tickets: [ticketA] } });
    // The admin still finds them, marked.
    const found = await post('/lookup', byNik());
    expect(found.text).toContain(`data-registration="${REG_A}"`);
    expect(found.text).toContain('(dibatasi)');
  });

  test('when a record that is not the person\'s is chosen, then nothing is restricted', async () => {
    const res = await post('/restrict', byNik({ action: 'restrict', tickets: [ticketB] }));
    expect(res.status).toBe(400);
    expect((await db().collection('tickets').findOne({ number: ticketB }))!.restrictedAt ?? null).toBeNull();
  });

  test('when the restriction is lifted, then the registered number sees its status again and the ticket is listed', async () => {
    const res = await post('/restrict', byNik({ action: 'lift', applications: [appA], tickets: [ticketA] }));
    expect(res.status).toBe(200);
    expect(res.text).toContain('Pembatasan 2 data dicabut.');
    expect(all(await t.send(PHONE_A, `cek nik ${NIK_WOMAN}`))).toContain('Status: *');
    expect(all(await t.send(PHONE_A, `status aduan ${ticketA}`))).toContain(`*Status pengaduan ${ticketA}*`);
    expect((await t.api('GET', '/api/v1/tickets')).body.tickets.map((x: { number: string }) => x.number)).toContain(ticketA);
    expect(await auditEntry(`ticket:${ticketA}`, 'privacy.unrestrict')).toMatchObject({ details: { reason: REASON } });
  });
});

describe('restriction and what the chat remembers', () => {
  test('when a ticket waiting on its complainant is restricted, then their answer is not taken; once lifted, it is', async () => {
    expect((await t.api('POST', `/api/v1/tickets/${ticketA}/transitions`, { to: 'menunggu_pelapor', note: 'Mohon kirim nomor antrean Ibu.' })).status).toBe(200);
    expect((await post('/restrict', byNik({ action: 'restrict', tickets: [ticketA] }))).status).toBe(200);
    expect(all(await t.send(PHONE_A, 'Nomor antrean saya A-27.'))).not.toContain('sudah kami terima');
    await t.send(PHONE_A, 'menu');
    expect((await post('/restrict', byNik({ action: 'lift', tickets: [ticketA] }))).status).toBe(200);
    expect(all(await t.send(PHONE_A, 'Nomor antrean saya A-27, loket dua.'))).toContain(`keterangan Bapak/Ibu untuk pengaduan *${ticketA}* sudah kami terima`);
  });
});

describe('erasing the chat records', () => {
  test('when erasure is not confirmed, then 400 and nothing is erased', async () => {
    const before = await chatRecords(chatA);
    const res = await post('/erase', byNik());
    expect(res.status).toBe(400);
    expect(await chatRecords(chatA)).toEqual(before);
  });

  test('when an admin erases, then the person\'s chat history, session, outbox and handoffs are gone from the database; the other person\'s and the records stay', async () => {
    await t.service.engine.settle(chatA);
    const before = await chatRecords(chatA);
    expect(before.messages).toBeGreaterThan(0);
    expect(before.sessions).toBe(1);
    expect(before.outbox).toBeGreaterThan(0);
    expect(before.handoffs).toBeGreaterThan(0);
    const otherBefore = await chatRecords(chatB);

    const res = await post('/erase', byNik({ confirm: '1' }));
    expect(res.status).toBe(200);
    expect(res.text).toContain('Riwayat 1 percakapan dihapus');
    expect(await chatRecords(chatA)).toEqual({ messages: 0, sessions: 0, outbox: 0, handoffs: 0 });
    expect(await chatRecords(chatB)).toEqual(otherBefore);
    expect(await db().collection('applications').countDocuments({ registrationNumber: REG_A })).toBe(1);
    expect(await db().collection('tickets').countDocuments({ number: ticketA })).toBe(1);
    expect((await t.api('GET', `/api/v1/handoffs/${encodeURIComponent(chatA)}`)).status).not.toBe(500);
    expect(res.text).toContain('Tidak ada riwayat percakapan.');
    expect(await auditEntry(targetOf({ kind: 'nik', nik: NIK_WOMAN }), 'privacy.erase')).toMatchObject({ details: { reason: REASON, chats: 1, sessions: 1, messages: before.messages, handoffs: before.handoffs } });
    expect(await auditEntry(`chat:${chatA}`, 'privacy.erase')).toMatchObject({ details: { reason: REASON, sessions: 1 } });
  });

  test('when the person writes again after erasure, then the bot starts afresh (no session comes back from a cache) and answers', async () => {
    expect(all(await t.send(PHONE_A, 'halo'))).toMatch(/\S/);
    expect((await chatRecords(chatA)).messages).toBe(1);
    const session = await db().collection('sessions').findOne({ _id: chatKeyHash(cipher, chatA) as never });
    expect(session!.applied).toHaveLength(1); // only the message just sent
  });
});

test('every step is in the audit log under the person\'s pseudonym, with its reason, and the page lists them', async () => {
  const audit = await t.service.modules.audit.forTarget(targetOf({ kind: 'nik', nik: NIK_WOMAN }));
  const actions = new Set(audit.map((e) => e.action));
  for (const a of ['privacy.lookup', 'privacy.export', 'privacy.correct', 'privacy.restrict', 'privacy.unrestrict', 'privacy.erase']) expect(actions).toContain(a);
  for (const e of audit) expect(e.details?.reason).toBe(REASON);
  // The pseudonym names neither the NIK nor the number.
  expect(JSON.stringify(await db().collection('audit_log').find().toArray())).not.toContain(NIK_WOMAN);
  const page = await post('/lookup', byNik());
  expect(page.text).toContain('id="privacy-requests"');
  expect(page.text).toContain('Menghapus riwayat percakapan');
  expect(csrfFrom(page.text)).toBeTruthy();
});
