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
  t = await startTestService();
  await t.service.staff.users.create({ username: 'pii-officer', name: 'Petugas', password: 'kata-sandi-kuat-77', roles: ['officer', 'staff'], phone: `+${STAFF_PHONE}` });
  const { code } = await createApplicationWithReceipt(t, { registrationNumber: 'BJM/2026/07001', nik: NIK, kkNumber: KK, phones: [APPLICANT], status: 'diterima' });

  // The applicant: every menu entry, a check from the registered number, stop and start notifications.
  for (const text of ['halo', '1', 'menu', '2', 'menu', '4', 'menu', '8', 'menu', `cek nik ${spellings(NIK)[0]}`, 'menu', '6']) await t.send(APPLICANT, text);
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
 * Still open (issue 14, item 4), each owned outside this test's reach: these fields are left out
 * of the search so that everything else stays guarded. Chat keys are the WhatsApp address
 * itself ("simulator:62813…", "62813…@c.us") in the conversation engine's collections; the outbox
 * keeps the text it sends (needed for retries) and nothing masks or expires it once sent;
 * handoffs keep the phone number in clear. Remove an entry once its owner has fixed it.
 */
const KNOWN_GAPS: Record<string, string[]> = {
  sessions: ['_id'],
  messages: ['chatKey', 'chatId'],
  outbox: ['chatKey', 'chatId', 'text'],
  handoffs: ['chatKey', 'chatId', 'phone'],
};

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
  const found: string[] = [];
  for (const { name } of await db.listCollections().toArray()) {
    const docs = (await db.collection(name).find().toArray()).map((d) => without(d, KNOWN_GAPS[name] ?? []));
    const text = joinDigits(JSON.stringify(docs));
    for (const [what, digits] of Object.entries(secrets)) if (text.includes(digits)) found.push(`${name}: ${what}`);
  }
  expect(found).toEqual([]);
});

test('when a staff number is sealed at rest, then alerts still find it', async () => {
  const officers = await t.service.staff.directory.officers();
  expect(officers.find((o) => o.name === 'Petugas')?.phone).toBe(`+${STAFF_PHONE}`);
  expect((await t.service.staff.users.byUsername('pii-officer'))?.phone).toBe(`+${STAFF_PHONE}`);
});
