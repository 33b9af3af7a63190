/**
 * The Cloud webhook intake at rest (issue 14): an event waits in the store between Meta's 200
 * and its handling, and a handled key stays a week to refuse copies. Neither the key nor a
 * waiting body may show the wamid (it encodes the sender's number), the number, the sender's
 * name or the text; what was stored is still handled after a restart. Events stored by the
 * version before hashing (key and body in clear) are converted when the store is first used:
 * a waiting one is still answered once, a handled one still refuses Meta's copies.
 */
import { keyedHash } from '../../../src/applications/sealing';
import { bodyTextOf } from '../../../src/channels/cloud/presentation';
import { USER, inbound, text, type CloudTestService } from './support/cloud-service';
import { restartFixture } from './support/restart-fixture';

const START = '2026-11-23T02:00:00Z'; // Monday 10:00 WITA
const NATIONAL = USER.replace(/^62/, '');
/** Meta's wamid: base64 around the sender's number. */
const wamid = (tag: string) => `wamid.${Buffer.from(`\x1c\x18\x0d${USER}\x15\x02\x00\x12\x18\x14${tag}3EB0C767D26A1D8E7F`).toString('base64')}`;
const WELCOME = 'selamat datang';

const shared = restartFixture(START);
const start = (databaseName: string) => shared.start(databaseName);
const intakeOf = (s: CloudTestService) => s.service.db.connection.collection('whatsapp_cloud_intake');
const welcomes = () => shared.graph.sends().filter((r) => r.body?.to === USER && String(bodyTextOf(r.body)).includes(WELCOME));

it('when an event waits in the store, then neither its key nor its body shows the wamid, the number, the name or the text, and a restart still answers it once', async () => {
  const first = await start('intake_sealed');
  // The process takes the event up and never finishes: the event stays pending in the store.
  let reached!: () => void;
  const handling = new Promise<void>((r) => (reached = r));
  first.service.engine.receive = () => {
    reached();
    return shared.hang();
  };
  const id = wamid('0001');
  expect((await first.webhook(inbound(text('halo, saya Siti dari Kelurahan Teluk Dalam'), { id, at: first.clock.now() }))).status).toBe(200);
  await handling;

  const [stored] = await intakeOf(first).find().toArray();
  expect(stored).toMatchObject({ state: 'pending', body: expect.stringMatching(/^v1:/), senderName: expect.stringMatching(/^v1:/) });
  expect(stored._id).toMatch(/^[0-9a-f]{64}$/);
  const dump = JSON.stringify(stored);
  for (const secret of [NATIONAL, id.slice('wamid.'.length), 'Siti', 'Teluk Dalam']) expect(dump).not.toContain(secret);

  const before = welcomes().length;
  const second = await start('intake_sealed');
  second.service.startBackground();
  await second.service.cloud!.recover();
  await second.settle();
  expect(welcomes().length - before).toBe(1);
  expect(await intakeOf(second).findOne({ _id: stored._id })).toMatchObject({ state: 'done' });
  // The first process's handling ends (as its death would): it may close.
  shared.endHandlings();
  await first.service.cloud!.idle();
}, 120_000);

it('when the version before hashing left events in the store, then a waiting one is answered once and a handled one still refuses its copy', async () => {
  const old = await start('intake_legacy');
  const waitingId = wamid('0002');
  const handledId = wamid('0003');
  const at = old.clock.now();
  // As the old version wrote them: keyed by the wamid, the waiting body in clear.
  await intakeOf(old).insertMany([
    {
      _id: `m:${waitingId}` as never, kind: 'message', state: 'pending', receivedAt: at, seq: 0, attempts: 0, senderName: 'Siti Aminah',
      body: { from: USER, id: waitingId, timestamp: String(Math.floor(at.getTime() / 1000)), type: 'text', text: { body: 'halo' } },
    },
    { _id: `m:${handledId}` as never, kind: 'message', state: 'done', receivedAt: at, seq: 0, attempts: 0, expiresAt: new Date(at.getTime() + 7 * 86_400_000) },
  ]);
  await shared.close(old);

  const before = welcomes().length;
  const t = await start('intake_legacy');
  t.service.startBackground();
  await t.service.cloud!.recover();
  await t.settle();
  expect(welcomes().length - before).toBe(1);
  // Meta's copy of the event the old version handled: refused by its converted key, not answered.
  const sends = shared.graph.sends().length;
  expect((await t.webhook(inbound(text('halo'), { id: handledId, at: t.clock.now() }))).status).toBe(200);
  await t.settle();
  expect(shared.graph.sends().length).toBe(sends);

  const stored = await intakeOf(t).find().toArray();
  expect(stored.map((d) => d._id).sort()).toEqual([keyedHash(t.service.modules.cipher, 'webhook-intake', `m:${waitingId}`), keyedHash(t.service.modules.cipher, 'webhook-intake', `m:${handledId}`)].sort());
  const dump = JSON.stringify(stored);
  for (const secret of [NATIONAL, waitingId.slice('wamid.'.length), handledId.slice('wamid.'.length), 'Siti']) expect(dump).not.toContain(secret);
}, 120_000);
