/**
 * The process dies (it simply stops) between two writes of the message that files a complaint,
 * and a new process on the same database gets the same message again later (WhatsApp's
 * catch-up, Meta's re-delivery). Counted in the database and at the channel: one ticket, with
 * its `ticket.created` audit entry once, no ticket number taken and left unused, and the person
 * told the number once.
 */
import { randomUUID } from 'node:crypto';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { startTestService, type TestService } from '../support/service';

const START = '2026-11-23T02:00:00Z'; // Monday 10:00 WITA
const FROM = '6281277711001';
// Sessions outlive the gap, so the redelivered "1" still answers the confirmation step.
const ENV = { SESSION_IDLE_MINUTES: '480', SHUTDOWN_DRAIN_SECONDS: '0' };

let dbNow = Date.parse(START);
let mongo: EmbeddedMongo;
const open: TestService[] = [];
beforeAll(async () => {
  mongo = await startEmbeddedMongo({ now: () => dbNow });
}, 60_000);
afterAll(async () => {
  for (const s of open) await s.close().catch(() => undefined);
  await mongo?.stop();
});

type Patchable = Record<string, (...args: unknown[]) => Promise<unknown>>;

/** From the first call for which `when` holds, `method` never returns: the process died there. Resolves once reached. */
function dieAt(target: object, method: string, when: (...args: unknown[]) => boolean = () => true): Promise<void> {
  const obj = target as Patchable;
  const original = obj[method];
  return new Promise((reached) => {
    obj[method] = function (this: unknown, ...args: unknown[]) {
      if (!when(...args)) return original.apply(this, args);
      reached();
      return new Promise<never>(() => undefined);
    };
  });
}

const models = (t: TestService) => t.service.db.connection.models as unknown as Record<string, object>;
const engineDeps = (t: TestService) => (t.service.engine as unknown as { deps: Record<string, object> }).deps;

const KILL_POINTS: [string, (t: TestService) => Promise<void>][] = [
  ['after the ticket number was taken', (t) => dieAt(models(t).ComplaintTicket, 'create')],
  ['after the ticket was written', (t) => dieAt(models(t).AuditEntry, 'create', (doc) => (doc as { action?: string }).action === 'ticket.created')],
  ['after the ticket was audited', (t) => dieAt(engineDeps(t).sessions, 'save')],
];
// Within and well past the half hour in which the same complaint filed again is the first one.
const DELAYS: [string, string][] = [
  ['ten minutes', '2026-11-23T02:10:00Z'],
  ['two hours', '2026-11-23T04:00:00Z'],
];
const CASES = KILL_POINTS.flatMap(([point, kill]) => DELAYS.map(([delay, at]) => [point, delay, kill, at] as const));

test.each(CASES)('when the process dies %s and the message comes again %s later, then one ticket exists, audited once, numbered without a gap', async (_point, _delay, kill, later) => {
  dbNow = Date.parse(START);
  const databaseName = `kill_${randomUUID().slice(0, 8)}`;
  const first = await startTestService({ now: START, mongo, databaseName, env: ENV });
  open.push(first);
  for (const line of ['pengaduan', '1', 'Antrean di loket terlalu lama sejak pagi', 'selesai', 'Siti', 'lewati']) await first.send(FROM, line);
  expect((await first.send(FROM, '2')).join('\n')).toContain('Ringkasan pengaduan');

  const died = kill(first);
  void first.send(FROM, '1', { id: 'confirm-1' }).catch(() => undefined);
  await died;
  await first.close(); // nothing of the dead step runs on: its promise never settles

  dbNow = Date.parse(later);
  const second = await startTestService({ now: later, mongo, databaseName, env: ENV });
  open.push(second);
  await second.send(FROM, '1', { id: 'confirm-1' });
  await second.service.engine.settle(`simulator:${FROM}`);

  const db = second.service.db.connection.db!;
  const tickets = await db.collection('tickets').find({}).toArray();
  expect(tickets.map((x) => x.number)).toEqual(['ADU-BJM-2611-0001']);
  const counter = await db.collection('ticket_counters').findOne({ series: 'ADU-BJM-2611' });
  expect(counter?.seq).toBe(1);
  expect(await db.collection('audit_log').countDocuments({ action: 'ticket.created', target: 'ticket:ADU-BJM-2611-0001' })).toBe(1);
  const told = (await second.transcript(FROM)).filter((m) => m.direction === 'out' && m.text.includes('ADU-BJM-2611-0001'));
  expect(told).toHaveLength(1);
}, 60_000);
