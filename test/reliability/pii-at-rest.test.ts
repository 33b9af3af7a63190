/**
 * Personal data at rest: every flow is exercised through the simulator and the staff API —
 * NIKs typed the ways the bot accepts them (double spaces, " - ", an en dash, ". "), a KK
 * number, phone numbers in chats, complaint bodies, staff replies and notifications — then
 * every collection's raw documents are dumped and searched for any of those numbers in clear.
 * The search ignores separators between digits, so no spelling of a number slips past it.
 */
import { startTestService, type TestService } from '../support/service';
import { createApplicationWithReceipt } from '../applications/fixtures';

let t: TestService;

const NIK = '6371014609970001';
const NIK_COMPLAINANT = '6371010512800002';
const KK = '6371010101150003';
const APPLICANT = '6281377788001';
const STRANGER = '6281377788002';
const COMPLAINANT = '6281377788003';
const TYPED_PHONE = '081377788009';
const STAFF_PHONE = '6281377788010';

/** A NIK as people type it: every separator the NIK finder accepts. */
const spellings = (n: string) => [
  `${n.slice(0, 4)}  ${n.slice(4, 8)}  ${n.slice(8, 12)}  ${n.slice(12)}`,
  `${n.slice(0, 4)} - ${n.slice(4, 8)} - ${n.slice(8, 12)} - ${n.slice(12)}`,
  `${n.slice(0, 4)}–${n.slice(4, 8)}–${n.slice(8, 12)}–${n.slice(12)}`,
  `${n.slice(0, 4)}. ${n.slice(4, 8)}. ${n.slice(8, 12)}. ${n.slice(12)}`,
];

/** The digits of every number in the text, whatever was typed between them. */
const joinDigits = (text: string) => text.replace(/(?<=\d)(?:[\s.\-–—/]|\\n|\\t)+(?=\d)/g, '');
/** A phone number in any form (+62…, 62…, 0…): its digits after the country code. */
const national = (e164: string) => e164.replace(/^\+?62|^0/, '');

beforeAll(async () => {
  // Debug level: every line the message path can write is in the log the last test searches.
  t = await startTestService({ env: { LOG_LEVEL: 'debug' } });
  await t.service.staff.users.create({ username: 'pii-officer', name: 'Petugas', password: 'kata-sandi-kuat-77', roles: ['officer', 'staff'], phone: `+${STAFF_PHONE}` });
  const { code } = await createApplicationWithReceipt(t, { registrationNumber: 'BJM/2026/07001', nik: NIK, kkNumber: KK, phones: [APPLICANT], status: 'diterima' });

  // The applicant: every menu entry, a check from the registered number, stop and start notifications.
  for (const text of ['halo', '1', 'menu', '2', 'menu', '4', 'menu', '8', 'menu', `cek nik ${spellings(NIK)[0]}`, 'menu', '6']) await t.send(APPLICANT, text);
  // A message id the way whatsapp-web.js spells it (it holds the number): the session records it.
  await t.send(APPLICANT, 'menu', { id: `false_${APPLICANT}@c.us_3EB0C767D26A1D8E7F` });
  // A stranger: the NIK in each spelling, a wrong and a right verification code, a KK number.
  for (const spelling of spellings(NIK)) {
    await t.send(STRANGER, `cek status nik ${spelling}`);
    await t.send(STRANGER, 'kodenya ABCD-EF23');
  }
  await t.send(STRANGER, `cek nik ${NIK}`);
  await t.send(STRANGER, code);
  await t.send(STRANGER, `no kk saya ${KK}`);
  // A complaint whose body carries a NIK, a KK and a phone number; then its status.
  const filed: string[] = [];
  for (const text of [
    '5',
    '2',
    `Usulan saya belum aktif. NIK ${spellings(NIK_COMPLAINANT)[1]}, KK ${spellings(KK)[2]}.`,
    `Tolong hubungi saya di ${TYPED_PHONE} atau 0813-7778-8009.`,
    '1', // yes, that line belongs to the complaint
    'selesai',
    'Budi Santoso',
    NIK_COMPLAINANT,
    '2',
    '1',
  ]) {
    filed.push(...(await t.send(COMPLAINANT, text)));
  }
  expect(filed.join('\n')).toMatch(/ADU-BJM-\d{4}-\d{4}/);
  await t.send(COMPLAINANT, 'status aduan');
  // A request for a person, a staff reply that repeats the numbers, and closing.
  await t.send(COMPLAINANT, 'petugas');
  await t.send(COMPLAINANT, `nomor saya ${TYPED_PHONE}, NIK ${NIK_COMPLAINANT}`);
  const chat = encodeURIComponent(`simulator:${COMPLAINANT}`);
  await t.api('POST', `/api/v1/handoffs/${chat}/claim`, {});
  await t.api('POST', `/api/v1/handoffs/${chat}/reply`, { text: `Baik, NIK ${NIK_COMPLAINANT} dan nomor ${TYPED_PHONE} sudah kami catat.` });
  await t.api('POST', `/api/v1/handoffs/${chat}/close`, {});
  // Staff: a status change (notification to the applicant), a ticket logged from the counter, searches.
  const [app] = (await t.api('GET', `/api/v1/applications?nik=${NIK}`)).body.applications;
  await t.api('PATCH', `/api/v1/applications/${app.id}/status`, { status: 'menunggu_verifikasi', note: `Berkas lengkap, HP ${TYPED_PHONE}` });
  await t.api('POST', '/api/v1/tickets', {
    channel: 'walk_in',
    topic: 'kepesertaan',
    body: `Datang ke loket, NIK ${spellings(NIK_COMPLAINANT)[2]}, HP ${TYPED_PHONE}.`,
    complainant: { name: 'Budi', phone: TYPED_PHONE, nik: NIK_COMPLAINANT },
  });
  await t.api('GET', `/api/v1/applications?nik=${encodeURIComponent(spellings(NIK)[0])}`);
  await t.service.engine.settle(`simulator:${COMPLAINANT}`);
}, 120_000);
afterAll(() => t.close());

/**
 * Fields left out of the search because they are still open (issue 14). None are left: sessions
 * are found by a keyed hash of the chat key and record message ids hashed; handoffs keep the chat
 * key hashed and the address and phone sealed; the outbox and the chat history hold chats by a
 * keyed hash and their texts sealed. Add an entry only with the issue that will close it.
 */
const KNOWN_GAPS: Record<string, string[]> = {};

const without = (doc: Record<string, unknown>, fields: string[]) => Object.fromEntries(Object.entries(doc).filter(([k]) => !fields.includes(k)));

test('when every flow has run, then no collection holds a NIK, a KK number or a phone number in clear', async () => {
  const db = t.service.db.connection.db!;
  const secrets: Record<string, string> = {
    'applicant NIK': NIK,
    'complainant NIK': NIK_COMPLAINANT,
    'KK number': KK,
    'applicant phone': national(APPLICANT),
    'stranger phone': national(STRANGER),
    'complainant phone': national(COMPLAINANT),
    'typed phone': national(TYPED_PHONE),
    'staff phone': national(STAFF_PHONE),
  };
  const found = new Set<string>();
  for (const { name } of await db.listCollections().toArray()) {
    for (const doc of await db.collection(name).find().toArray()) {
      for (const [field, value] of Object.entries(without(doc, KNOWN_GAPS[name] ?? []))) {
        const text = joinDigits(JSON.stringify(value));
        for (const [what, digits] of Object.entries(secrets)) if (text.includes(digits)) found.add(`${name}.${field}: ${what}`);
      }
    }
  }
  expect([...found]).toEqual([]);
});

test('when texts are sealed at rest, then staff still read the whole conversation, its numbers masked', async () => {
  const chat = encodeURIComponent(`simulator:${COMPLAINANT}`);
  const res = await t.api('GET', `/api/v1/handoffs/${chat}`);
  expect(res.status).toBe(200);
  const texts: string[] = res.body.messages.map((m: { text: string }) => m.text);
  // What the person wrote, what the bot answered and what staff replied, in order.
  expect(texts).toEqual(expect.arrayContaining([expect.stringContaining('Budi Santoso'), expect.stringMatching(/ADU-BJM-\d{4}-\d{4}/), expect.stringMatching(/^Baik, NIK .* sudah kami catat\.$/)]));
  expect(texts.indexOf('petugas')).toBeGreaterThan(texts.indexOf('Budi Santoso'));
  // Opened for staff, the history still keeps NIK/KK and phone numbers masked.
  const opened = joinDigits(JSON.stringify(texts));
  for (const digits of [NIK_COMPLAINANT, KK, national(TYPED_PHONE)]) expect(opened).not.toContain(digits);
});

test('when the bot answers, then the outbox holds the reply sealed and the person receives it in clear', async () => {
  const db = t.service.db.connection.db!;
  const before = await db.collection('outbox').countDocuments();
  const replies = await t.send(APPLICANT, 'menu');
  expect(replies.join('\n')).toMatch(/\b1\b/);
  const written = await db.collection('outbox').find().sort({ _id: -1 }).limit((await db.collection('outbox').countDocuments()) - before).toArray();
  expect(written.length).toBeGreaterThan(0);
  for (const entry of written) {
    expect(entry.text).toMatch(/^v1:/);
    expect(entry.chatId).toMatch(/^v1:/);
    expect(entry.chatKey).toMatch(/^[0-9a-f]{64}$/);
  }
  // What the person received is exactly the opened text.
  expect(replies).toEqual(written.reverse().map((e) => t.service.modules.cipher.decrypt(e.text)));
});

test('when a staff number is sealed at rest, then alerts still find it', async () => {
  const officers = await t.service.staff.directory.officers();
  expect(officers.find((o) => o.name === 'Petugas')?.phone).toBe(`+${STAFF_PHONE}`);
  expect((await t.service.staff.users.byUsername('pii-officer'))?.phone).toBe(`+${STAFF_PHONE}`);
});

test('when every flow has run, then no log line holds a NIK, a KK number, a phone number or a chat id', () => {
  expect(t.rawLogs.length).toBeGreaterThan(50);
  const log = joinDigits(t.rawLogs.join('\n'));
  const leaks = [NIK, NIK_COMPLAINANT, KK, ...[APPLICANT, STRANGER, COMPLAINANT, TYPED_PHONE, STAFF_PHONE].map(national)].filter((digits) => log.includes(digits));
  expect(leaks).toEqual([]);
  // Words people wrote stay out too (bodies are redacted by key).
  expect(log).not.toContain('Budi Santoso');
});
