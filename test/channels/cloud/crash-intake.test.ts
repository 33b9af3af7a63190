/**
 * Crash-safe webhook intake: a webhook answered 200 is stored first, so a process that dies
 * after the answer and before handling it loses nothing. Two services on one database and one
 * fake Graph API: the first answers and "crashes" inside the handling; the second, started on
 * the same data, handles what was stored, and the reply reaches the Graph API exactly once.
 */
import { keyedHash } from '../../../src/applications/sealing';
import { bodyTextOf } from '../../../src/channels/cloud/presentation';
import { USER, inbound, text } from './support/cloud-service';
import { restartFixture } from './support/restart-fixture';

const START = '2026-11-23T02:00:00Z'; // Monday 10:00 WITA

const shared = restartFixture(START);

const welcomes = () => shared.graph.sends().filter((r) => r.body?.to === USER && String(bodyTextOf(r.body)).includes('selamat datang'));

it('a webhook answered 200 by a process that crashed before handling it is answered once after the restart', async () => {
  const first = await shared.start('crash_intake');
  // The first process takes the event up and dies inside the handling: nothing after this runs.
  let reached!: () => void;
  const handling = new Promise<void>((r) => (reached = r));
  first.service.engine.receive = () => {
    reached();
    return shared.hang();
  };
  const res = await first.webhook(inbound(text('halo'), { id: 'wamid.CRASH1', at: first.clock.now() }));
  expect(res.status).toBe(200);
  await handling;
  expect(shared.graph.sends()).toHaveLength(0);

  // The restart: a new process on the same database.
  const second = await shared.start('crash_intake');
  second.service.startBackground();
  await second.settle();
  expect(welcomes()).toHaveLength(1);

  // Meta's re-delivery of the same event, and the dead process's leftovers, change nothing.
  expect((await second.webhook(inbound(text('halo'), { id: 'wamid.CRASH1', at: second.clock.now() }))).status).toBe(200);
  await second.settle();
  shared.endHandlings();
  await first.service.cloud!.idle();
  await second.service.cloud!.recover();
  await second.settle();
  expect(welcomes()).toHaveLength(1);
  expect(shared.graph.sends().filter((r) => r.body?.to === USER).length).toBe(await second.service.db.connection.collection('outbox').countDocuments({ status: 'sent' }));

  // Handled: only the key is kept (to refuse copies), not the message's text or number.
  const stored = await second.service.db.connection.collection('whatsapp_cloud_intake').findOne({ _id: keyedHash(second.service.modules.cipher, 'webhook-intake', 'm:wamid.CRASH1') as never });
  expect(stored).toMatchObject({ state: 'done' });
  expect(stored).not.toHaveProperty('body');
}, 120_000);

it('an event the store cannot take is answered 503 (Meta delivers it again), never 200 and lost', async () => {
  const t = await shared.start('crash_intake_down');
  const intake = (t.service.cloud as unknown as { events: { deps: { intake: { add: () => Promise<never> } } } }).events.deps.intake;
  const add = intake.add;
  intake.add = () => Promise.reject(new Error('database unavailable'));
  const before = shared.graph.sends().length;
  const body = inbound(text('halo'), { id: 'wamid.DOWN1', at: t.clock.now() });
  expect((await t.webhook(body)).status).toBe(503);
  // Meta's retry once the database is back: stored, answered 200, replied to.
  intake.add = add;
  expect((await t.webhook(body)).status).toBe(200);
  await t.settle();
  expect(shared.graph.sends().length).toBeGreaterThan(before);
}, 120_000);
