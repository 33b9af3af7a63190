/**
 * One step per message (issue 18), counted at the channel: every call the outbox makes to the
 * simulator's send, repeats included (the simulator's transcript hides a repeated outbox id, and
 * the database's history hides what never reached it). A transient database error at each
 * database write a step makes, before the write is applied or after (its answer lost), and a
 * process that dies right after each write, followed by a new process on the same data and the
 * message delivered again: each ends with the same messages sent as in a run without the fault,
 * each once — nothing doubled, nothing lost.
 */
import { randomUUID } from 'node:crypto';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { startTestService, type TestService } from '../support/service';

const START = '2026-11-23T02:00:00Z'; // Monday 10:00 WITA, office open
const FROM = '6281277720001';
/** The step under test is delivered under this id, and again under it after a restart. */
const STEP_ID = 'one-step-1';
// A restart does not end the conversation; nothing is left to a drain at shutdown.
const ENV = { SESSION_IDLE_MINUTES: '480', SHUTDOWN_DRAIN_SECONDS: '0' };
/** Past the outbox's sending lease (a minute): what a dead process claimed is due again. */
const LEASE_MS = 61_000;

let mongo: EmbeddedMongo;
let dbNow = Date.parse(START);
const open: TestService[] = [];
beforeAll(async () => {
  mongo = await startEmbeddedMongo({ now: () => dbNow });
}, 60_000);
afterAll(async () => {
  for (const s of open) await s.close().catch(() => undefined);
  await mongo?.stop();
});

interface Script {
  name: string;
  /** Brings the chat to the step. */
  before: string[];
  /** The step. */
  step: string;
}

const SCRIPTS: Script[] = [
  { name: 'a question the bot answers', before: ['halo'], step: 'syarat' },
  { name: 'a request for a person', before: ['halo'], step: 'saya mau bicara dengan petugas' },
  { name: 'the first message while the chat waits for staff', before: ['saya mau bicara dengan petugas'], step: 'baik pak saya tunggu' },
  { name: 'the first question while the chat waits for staff', before: ['saya mau bicara dengan petugas'], step: 'halo, ada petugas?' },
  { name: 'a later question while the chat waits for staff', before: ['saya mau bicara dengan petugas', 'baik pak saya tunggu'], step: 'masih lama ya?' },
  { name: '"menu" while the chat waits for staff', before: ['saya mau bicara dengan petugas'], step: 'menu' },
];

type Method = (...args: unknown[]) => Promise<unknown>;

/** The database writes a step can make, by collection and driver method (the stores call the collection directly or through mongoose). */
const WRITES: [string, string, string][] = [
  ['the dedupe record', 'messages', 'insertOne'],
  ['the handoff request', 'handoffs', 'insertOne'],
  ['the acknowledgement claim', 'handoffs', 'findOneAndUpdate'],
  ['the outbox write', 'outbox', 'insertMany'],
  ['the session write', 'sessions', 'updateOne'],
  ['the processed mark', 'messages', 'updateOne'],
];

function transientError(): Error {
  const err = new Error('connection 9 to 127.0.0.1:27017 closed');
  err.name = 'MongoNetworkError';
  return err;
}

/** Every text the channel was asked to send, repeats included. */
function recordSends(t: TestService): string[] {
  const simulator = t.service.simulator! as unknown as { send: (m: { chatId: string; text: string }) => Promise<void> };
  const original = simulator.send.bind(simulator);
  const sent: string[] = [];
  simulator.send = async (m) => {
    if (m.chatId === FROM) sent.push(m.text);
    return original(m);
  };
  return sent;
}

/**
 * Replaces the collection's method for the step's first call: `before` fails without applying
 * it, `lost` applies it and then fails, `die` applies it and never returns (the process died
 * there). Returns whether it was reached, and undoes itself.
 */
function inject(t: TestService, collection: string, method: string, kind: 'before' | 'lost' | 'die'): { reached: () => boolean; restore: () => void } {
  const target = t.service.db.connection.collection(collection) as unknown as Record<string, Method>;
  const original = target[method];
  let reached = false;
  target[method] = async function (this: unknown, ...args: unknown[]) {
    if (reached) return original.apply(this, args);
    reached = true;
    if (kind === 'before') throw transientError();
    await original.apply(this, args);
    if (kind === 'lost') throw transientError();
    return new Promise<never>(() => undefined);
  };
  return { reached: () => reached, restore: () => void (target[method] = original) };
}

async function fresh(databaseName: string): Promise<TestService> {
  const t = await startTestService({ now: START, mongo, databaseName, env: ENV });
  open.push(t);
  return t;
}

/** What the channel sends for the step when nothing goes wrong. */
const clean = new Map<string, string[]>();
async function cleanRun(script: Script): Promise<string[]> {
  const known = clean.get(script.name);
  if (known) return known;
  dbNow = Date.parse(START);
  const t = await fresh(`clean_${randomUUID().slice(0, 8)}`);
  for (const line of script.before) await t.send(FROM, line);
  const sent = recordSends(t);
  await t.send(FROM, script.step, { id: STEP_ID });
  await t.service.engine.settle(`simulator:${FROM}`);
  expect(sent.length).toBeGreaterThan(0);
  clean.set(script.name, [...sent]);
  return [...sent];
}

const TRANSIENT = SCRIPTS.flatMap((s) => WRITES.flatMap(([write, c, m]) => (['before', 'lost'] as const).map((kind) => [s.name, write, kind, s, c, m] as const)));

test.each(TRANSIENT)('when, for %s, %s fails once (%s it is applied), then the channel sends what a clean run sends, once', async (_s, _w, kind, script, collection, method) => {
  const expected = await cleanRun(script);
  dbNow = Date.parse(START);
  const t = await fresh(`tr_${randomUUID().slice(0, 8)}`);
  for (const line of script.before) await t.send(FROM, line);
  const sent = recordSends(t);
  const fault = inject(t, collection, method, kind === 'before' ? 'before' : 'lost');
  let answered: string[];
  try {
    answered = await t.send(FROM, script.step, { id: STEP_ID });
  } finally {
    fault.restore();
  }
  await t.service.engine.settle(`simulator:${FROM}`);
  // A write this step does not make is no fault of it.
  if (!fault.reached()) return;
  expect(sent).toEqual(expected);
  // And whoever delivered the message is told it was processed, with its replies (not "duplicate").
  expect(answered).toEqual(expected);
}, 60_000);

const KILLS = SCRIPTS.flatMap((s) => WRITES.map(([write, c, m]) => [s.name, write, s, c, m] as const));

test.each(KILLS)('when, for %s, the process dies right after %s and the message comes again to a new process, then the channels send what a clean run sends, once', async (_s, _w, script, collection, method) => {
  const expected = await cleanRun(script);
  dbNow = Date.parse(START);
  const databaseName = `kill_${randomUUID().slice(0, 8)}`;
  const first = await fresh(databaseName);
  for (const line of script.before) await first.send(FROM, line);
  const sentBefore = recordSends(first);
  const fault = inject(first, collection, method, 'die');
  void first.send(FROM, script.step, { id: STEP_ID }).catch(() => undefined);
  for (let i = 0; i < 200 && !fault.reached(); i++) await new Promise((r) => setTimeout(r, 10));
  const reached = fault.reached();
  await first.close(); // the dead step never goes on
  if (!reached) return;

  const second = await fresh(databaseName);
  const sentAfter = recordSends(second);
  await second.send(FROM, script.step, { id: STEP_ID });
  await second.service.engine.settle(`simulator:${FROM}`);
  // What the dead process held for sending is due once its lease lapses.
  second.clock.advance(LEASE_MS);
  dbNow += LEASE_MS;
  await second.service.outbox.sweep();
  await second.service.engine.settle(`simulator:${FROM}`);
  expect([...sentBefore, ...sentAfter]).toEqual(expected);
}, 60_000);
