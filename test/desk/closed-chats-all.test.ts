/**
 * The closed-chats list over everything the office keeps, not a 30-day window: it pages
 * through an index ("Menampilkan 20 dari N"), a search by the last 4 or more digits of a number
 * finds a chat closed months ago through a keyed hash of those digits (the database holds no
 * number in clear), records written before that hash existed get it at start-up, and a chat
 * whose person left no WhatsApp name shows the name on their application or else the masked
 * number, never a blank. Every query the page sends is explained by the engine: none scans.
 */
import { MongoClient, type Document } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { createApplicationWithReceipt } from '../applications/fixtures';
import { signedIn, type WebClient } from '../dashboard/support';
import { startTestService, type TestService } from '../support/service';

jest.setTimeout(180_000);

const OLD = '6281377794321'; // closed 60 days before the others, with an application
const TWIN = '6281399994321'; // the same last 4 digits, another number
const NAMELESS = '6281377795555'; // no application, no WhatsApp name
const DB = 'closed_all';
const key = (phone: string) => `simulator:${phone}`;
/** The opaque key the closed list names a chat by. */
const ref = (phone: string) => t.service.handoffs.refOf(key(phone));

let mongo: EmbeddedMongo;
let client: MongoClient;
let t: TestService;
let staff: WebClient;
const commands: Document[] = [];
let recording = false;

async function handBackAfterStaff(phone: string) {
  await t.send(phone, 'petugas');
  expect((await t.api('POST', `/api/v1/handoffs/${encodeURIComponent(key(phone))}/close`, {})).status).toBe(200);
}

const rowOf = (page: string, phone: string) => new RegExp(`<tr data-chat="${ref(phone)}">[\\s\\S]*?</tr>`).exec(page)?.[0] ?? '';

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  mongo.observeCommands((_db, body) => {
    if (recording && (body.find === 'handoffs' || body.count === 'handoffs' || body.aggregate === 'handoffs')) commands.push(body);
  });
  client = await MongoClient.connect(mongo.uri);
  t = await startTestService({ mongo, databaseName: DB, now: '2026-09-01T02:00:00Z' });
  await createApplicationWithReceipt(t, { registrationNumber: 'BJM/2026/09301', name: 'Hartini Lama', phones: [OLD], status: 'diterima' });
  await handBackAfterStaff(OLD);
  t.clock.advance(60 * 86_400_000);
  await handBackAfterStaff(TWIN);
  await handBackAfterStaff(NAMELESS);
  for (let i = 10; i < 30; i++) await handBackAfterStaff(`62813888001${i}`);
  // Records from before the last-digits hash: the field removed, as an earlier version wrote them.
  await client.db(DB).collection('handoffs').updateMany({}, { $unset: { phoneTail: '' } });
  await t.close();
  // The restart converts them.
  t = await startTestService({ mongo, databaseName: DB, now: '2026-11-01T02:00:00Z' });
  staff = await signedIn(t, 'sari', ['staff']);
});
afterAll(async () => {
  mongo?.observeCommands(null);
  await client?.close();
  await t?.close();
  await mongo?.stop();
});

test('when the service starts over handoffs from before the last-digits hash, then each gets it, and the collection holds no number in clear', async () => {
  const stored = await client.db(DB).collection('handoffs').find({}).toArray();
  expect(stored).toHaveLength(23);
  for (const h of stored) expect(h.phoneTail).toMatch(/^[0-9a-f]{64}$/);
  const dump = JSON.stringify(stored);
  for (const phone of [OLD, TWIN, NAMELESS]) {
    expect(dump).not.toContain(phone);
    expect(dump).not.toContain(phone.slice(-8));
  }
});

test('when staff open the closed chats, then the list pages over every chat kept, 60-day-old ones too', async () => {
  const first = (await staff.get('/dashboard/inbox/closed')).text;
  expect(first).toContain('Menampilkan 20 dari 23 percakapan selesai yang masih disimpan');
  expect(first).not.toContain(`data-chat="${ref(OLD)}"`);
  const second = (await staff.get('/dashboard/inbox/closed?page=2')).text;
  expect(second).toContain('Menampilkan 3 dari 23');
  expect(second).toContain(`data-chat="${ref(OLD)}"`); // closed 60 days ago: the last row of the last page
  expect(second.lastIndexOf('<tr data-chat=')).toBe(second.indexOf(`<tr data-chat="${ref(OLD)}"`));
});

test('when staff search by the last 4 digits, then both numbers ending so are found, the 60-day-old one too; more digits find only the one that ends in all of them', async () => {
  const four = (await staff.get('/dashboard/inbox/closed?q=4321')).text;
  expect(four).toContain('Menampilkan 2 dari 2');
  expect(four).toContain(`data-chat="${ref(OLD)}"`);
  expect(four).toContain(`data-chat="${ref(TWIN)}"`);
  for (const q of ['7794321', '0813 7779 4321', '+62 813-7779-4321', '+62813****4321']) {
    const page = (await staff.get(`/dashboard/inbox/closed?q=${encodeURIComponent(q)}`)).text;
    expect([q, /Menampilkan (\d+) dari (\d+)/.exec(page)?.slice(1)]).toEqual([q, q.includes('*') ? ['2', '2'] : ['1', '1']]);
    expect(page).toContain(`data-chat="${ref(OLD)}"`);
  }
  const short = (await staff.get('/dashboard/inbox/closed?q=321')).text;
  expect(short).toContain('Ketik paling sedikit 4 digit terakhir nomor');
  expect(short).toContain('Menampilkan 0 dari 0');
});

test('when a closed chat has no WhatsApp name, then its row shows the application\'s name, else the masked number, never a blank', async () => {
  const old = rowOf((await staff.get('/dashboard/inbox/closed?q=7794321')).text, OLD);
  expect(old).toMatch(/<td class="who">Hartini Lama<\/td>/);
  const nameless = rowOf((await staff.get('/dashboard/inbox/closed?q=5555')).text, NAMELESS);
  expect(nameless).toMatch(/<td class="who"><span class="muted"[^>]*>\+62813\*+5555<\/span><\/td>/);
  expect(/<td class="who">[\s\S]*?<\/td>/.exec(nameless)?.[0]).not.toContain(NAMELESS.slice(-8));
});

test('when the page and its searches run, then every query they send to the handoffs uses an index', async () => {
  commands.length = 0;
  recording = true;
  await staff.get('/dashboard/inbox/closed');
  await staff.get('/dashboard/inbox/closed?page=2');
  await staff.get('/dashboard/inbox/closed?q=4321');
  recording = false;
  const finds = commands.filter((c) => c.find || c.count || c.aggregate);
  expect(finds.length).toBeGreaterThanOrEqual(3);
  const plans: string[] = [];
  for (const c of finds) {
    const { $db: _db, lsid: _l, $clusterTime: _c, ...command } = c;
    const explained = await client.db(DB).command({ explain: command, verbosity: 'queryPlanner' });
    plans.push(JSON.stringify(explained.queryPlanner.winningPlan));
  }
  for (const plan of plans) {
    expect(plan).toContain('IXSCAN');
    expect(plan).not.toContain('COLLSCAN');
  }
  // The start-up backfill's query too.
  const backfill = await client.db(DB).command({ explain: { find: 'handoffs', filter: { phoneTail: null }, projection: { phone: 1, sealed: 1 } }, verbosity: 'queryPlanner' });
  expect(JSON.stringify(backfill.queryPlanner.winningPlan)).toContain('IXSCAN');
});
