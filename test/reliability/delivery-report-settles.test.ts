/**
 * Meta's delivery report is the proof a message went: it settles the outbox entry as sent whatever
 * the process knew of its own send — cut off by a crash after Meta accepted it, or answered with
 * a failure after the report came — and nothing written later makes the message go again.
 * Counted at the fake Graph API and in the outbox collection.
 */
import { ObjectId } from 'mongodb';
import { chatKeyHash } from '../../src/applications/sealing';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { inbound, startCloudService, statusReport, text, USER, type CloudTestService } from '../channels/cloud/support/cloud-service';
import { graphError, startFakeGraph, type FakeGraph } from '../channels/cloud/support/fake-graph';

const START = '2026-11-23T02:00:00Z'; // Monday 10:00 WITA
const LATER = '2026-11-23T02:05:00Z';

let dbNow = Date.parse(START);
let mongo: EmbeddedMongo;
let graph: FakeGraph;
const open: CloudTestService[] = [];
beforeAll(async () => {
  mongo = await startEmbeddedMongo({ now: () => dbNow });
  graph = await startFakeGraph();
}, 60_000);
afterAll(async () => {
  for (const s of open) await s.close().catch(() => undefined);
  await graph?.close();
  await mongo?.stop();
});
beforeEach(() => {
  graph.requests.length = 0;
  dbNow = Date.parse(START);
});

const sends = () => graph.sends().filter((r) => r.body?.to === USER);
/** The posts of one outbox entry (Meta gets its id as biz_opaque_callback_data). */
const postsOf = (outboxId: string) => sends().filter((r) => r.body.biz_opaque_callback_data === outboxId);
const entryOf = (t: CloudTestService, outboxId: string) => t.service.db.connection.collection('outbox').findOne({ _id: new ObjectId(outboxId) });
const chatEntries = (t: CloudTestService) => t.service.db.connection.collection('outbox').find({ chatKey: chatKeyHash(t.service.modules.cipher, `whatsapp:${USER}`) }).toArray();
const until = async (done: () => boolean) => {
  while (!done()) await new Promise((r) => setTimeout(r, 10));
};

test('when the process dies after Meta accepted a reply and before it was marked sent, then Meta\'s report settles it as sent and it is posted once', async () => {
  const databaseName = 'report_after_crash';
  const first = await startCloudService({ now: START, mongo, databaseName, graph });
  open.push(first);
  // Meta answered the send; the process dies before it records the answer.
  const ledger = (first.service.cloud as unknown as { sender: { deps: { ledger: { accepted: () => Promise<void> } } } }).sender.deps.ledger;
  let died!: () => void;
  const dead = new Promise<void>((r) => (died = r));
  ledger.accepted = () => {
    died();
    return new Promise<never>(() => undefined);
  };
  expect((await first.webhook(inbound(text('halo'), { id: 'wamid.IN-CRASH', at: first.clock.now() }))).status).toBe(200);
  await dead;
  expect(sends()).toHaveLength(1);
  const outboxId = String(sends()[0].body.biz_opaque_callback_data);

  dbNow = Date.parse(LATER);
  const second = await startCloudService({ now: LATER, mongo, databaseName, graph });
  open.push(second);
  await second.webhook(statusReport('wamid.CRASHED-REPLY', 'delivered', { at: second.clock.now(), outboxId }));
  await second.service.cloud!.idle();
  second.clock.advance(3_600_000);
  await second.service.outbox.sweep();
  await second.service.outbox.idle();

  expect(await entryOf(second, outboxId)).toMatchObject({ status: 'sent', error: null, providerMessageId: 'wamid.CRASHED-REPLY' });
  expect(postsOf(outboxId)).toHaveLength(1);
  expect((await chatEntries(second)).filter((e) => e.status === 'failed')).toHaveLength(0);
}, 60_000);

test('when Meta reports a reply sent while its request is unanswered, and the request then fails, then the entry stays sent and is not posted again', async () => {
  const t = await startCloudService({ now: START, mongo, databaseName: 'report_before_failure', graph });
  open.push(t);
  let answer!: () => void;
  t.graph.script({ status: 500, body: graphError(131000, 'Something went wrong'), after: new Promise<void>((r) => (answer = r)) });
  expect((await t.webhook(inbound(text('halo'), { id: 'wamid.IN-RACE', at: t.clock.now() }))).status).toBe(200);
  await until(() => sends().length === 1);
  const outboxId = String(sends()[0].body.biz_opaque_callback_data);

  await t.webhook(statusReport('wamid.RACED-REPLY', 'sent', { at: t.clock.now(), outboxId }));
  await t.service.cloud!.idle();
  answer();
  await t.service.outbox.idle();
  t.clock.advance(3_600_000);
  await t.service.outbox.sweep();
  await t.service.outbox.idle();

  expect(await entryOf(t, outboxId)).toMatchObject({ status: 'sent', providerMessageId: 'wamid.RACED-REPLY' });
  expect(postsOf(outboxId)).toHaveLength(1);
}, 60_000);
