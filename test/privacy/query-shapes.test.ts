/**
 * A data-subject request finds records only through keyed hashes, and every one of its queries
 * has an index: the database records each command while an admin finds, copies, corrects,
 * restricts and erases a person's data (and the lists and the chat then leave the restricted
 * records out); each distinct query shape is explained, and a collection scan — or a walk of a
 * whole index only for its sort order, outside a paged list — fails the test.
 */
import { MongoClient, type Document } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { all, createApplicationWithReceipt, NIK_WOMAN } from '../applications/fixtures';
import { fileComplaint, signedIn } from '../dashboard/support';
import { startTestService, type TestService } from '../support/service';

jest.setTimeout(120_000);

const QUERY_COMMANDS = new Set(['find', 'count', 'distinct', 'delete', 'update', 'findAndModify', 'aggregate']);
/** Read whole on purpose: a handful of records. */
const SCANS_ALLOWED = new Set(['migrations']);

/** The shape of a filter: operators and field names kept, values replaced. */
function shapeOf(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shapeOf);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v as Document).map(([k, x]) => [k, k === '$in' || k === '$nin' ? ['…'] : shapeOf(x)]));
  }
  return '?';
}

/** One find-like command per statement of an update or delete. */
function queriesIn(db: string, body: Document): { db: string; coll: string; command: Document }[] {
  const name = Object.keys(body)[0];
  if (!QUERY_COMMANDS.has(name) || typeof body[name] !== 'string') return [];
  const coll = body[name] as string;
  if (name === 'update' || name === 'delete') {
    const statements: Document[] = body[name === 'update' ? 'updates' : 'deletes'] ?? [];
    return statements.map((st) => ({ db, coll, command: { [name]: coll, [name === 'update' ? 'updates' : 'deletes']: [st] } }));
  }
  return [{ db, coll, command: body }];
}

const filterOf = (c: Document) => (c.updates ?? c.deletes)?.[0]?.q ?? c.pipeline?.[0]?.$match ?? c.filter ?? c.query;

let mongo: EmbeddedMongo;
let t: TestService;
let client: MongoClient;
const seen = new Map<string, { db: string; coll: string; command: Document }>();
let recording = false;

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  mongo.observeCommands((db, body) => {
    if (!recording) return;
    for (const q of queriesIn(db, body)) {
      const c = q.command;
      const key = `${q.coll} ${Object.keys(c)[0]} ${JSON.stringify(shapeOf(filterOf(c)))} ${JSON.stringify(c.sort ?? (c.updates ?? c.deletes)?.[0]?.sort ?? null)}`;
      if (!seen.has(key)) seen.set(key, q);
    }
  });
  t = await startTestService({ mongo });
  client = await MongoClient.connect(mongo.uri);
});
afterAll(async () => {
  mongo?.observeCommands(null);
  await client?.close();
  await t?.close();
  await mongo?.stop();
});

test('when an admin answers a data-subject request, then no query scans a collection (or reads stored text to find anyone)', async () => {
  const phone = '6281377791001';
  const { id, code } = await createApplicationWithReceipt(t, { registrationNumber: 'BJM/2026/09101', phones: [phone] });
  await t.send(phone, 'halo');
  const ticket = await fileComplaint(t, phone);
  const admin = await signedIn(t, 'admin', ['admin']);
  const post = async (path: string, form: Record<string, string | string[]>) =>
    admin.post(`/dashboard/admin/privacy${path}`, { _csrf: await admin.csrf('/dashboard/admin/privacy'), reason: 'Permintaan pemohon di loket', ...form });

  const revision = String((await t.service.db.connection.db!.collection('applications').findOne({ registrationNumber: 'BJM/2026/09101' }))!.revision);

  recording = true;
  expect((await post('/lookup', { kind: 'nik', value: NIK_WOMAN })).status).toBe(200);
  expect((await post('/lookup', { kind: 'phone', value: phone })).status).toBe(200);
  expect((await post('/export', { kind: 'nik', value: NIK_WOMAN })).status).toBe(200);
  expect((await post('/correct', { kind: 'nik', value: NIK_WOMAN, applicationId: id, revision, name: 'Siti Aminah R', phones: phone })).status).toBe(200);
  expect((await post('/restrict', { kind: 'nik', value: NIK_WOMAN, action: 'restrict', applications: id, tickets: ticket })).status).toBe(200);
  // What restriction changes elsewhere: lists, searches, exports, the chat's answers, the jobs.
  await t.api('GET', '/api/v1/tickets');
  await t.api('GET', `/api/v1/applications?nik=${NIK_WOMAN}`);
  await t.api('GET', '/api/v1/applications?name=Siti');
  await t.api('GET', '/api/v1/applications/export.csv');
  await t.send(phone, `cek nik ${NIK_WOMAN}`);
  expect(all(await t.send(phone, code))).toContain('status tidak dapat kami tampilkan');
  await t.send(phone, `status aduan ${ticket}`);
  for (const job of t.service.jobs) await job.run();
  expect((await post('/restrict', { kind: 'nik', value: NIK_WOMAN, action: 'lift', applications: id, tickets: ticket })).status).toBe(200);
  expect((await post('/erase', { kind: 'phone', value: phone, confirm: '1' })).status).toBe(200);
  recording = false;

  const scans: string[] = [];
  for (const q of seen.values()) {
    if (SCANS_ALLOWED.has(q.coll)) continue;
    const explained = await client.db(q.db).command({ explain: q.command, verbosity: 'queryPlanner' });
    const plan = JSON.stringify(explained.queryPlanner.winningPlan);
    // Walking a whole index only for its order reads every document too, unless the query wants one page (a list).
    const wholeIndex = plan.includes('full (for the sort)') && !(q.command.limit > 0 && q.command.limit <= 500);
    if (plan.includes('COLLSCAN') || wholeIndex) scans.push(`${q.coll}: ${JSON.stringify(filterOf(q.command))} ${plan.slice(0, 160)}`);
  }
  // The person's data was reached: applications, tickets, history, outbox, handoffs, sessions.
  const collections = new Set([...seen.values()].map((q) => q.coll));
  for (const c of ['applications', 'tickets', 'messages', 'outbox', 'handoffs', 'sessions', 'audit_log']) expect(collections).toContain(c);
  expect(scans).toEqual([]);
});
