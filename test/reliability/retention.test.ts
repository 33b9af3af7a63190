/**
 * Retention on the manual clock, checked in the database: outbox entries sent or expired long
 * ago, old audit entries, handoffs closed long ago and old alerts are removed by the retention
 * job; recent ones, entries still waiting or failed, and open handoffs stay. Each delete the job
 * sends is served by an index.
 */
import { MongoClient, ObjectId, type Document } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { startTestService, type TestService } from '../support/service';

const DAY = 24 * 3_600_000;
let mongo: EmbeddedMongo;
let t: TestService;
let client: MongoClient;
const deletes: { db: string; body: Document }[] = [];

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  t = await startTestService({ mongo, env: { RETENTION_OUTBOX_DAYS: '90', RETENTION_AUDIT_DAYS: '730', RETENTION_HANDOFF_DAYS: '365', RETENTION_ALERT_DAYS: '365' } });
  client = await MongoClient.connect(mongo.uri);
});
afterAll(async () => {
  mongo?.observeCommands(null);
  await client?.close();
  await t?.close();
  await mongo?.stop();
});

const col = (name: string) => t.service.db.connection.collection(name);
const ago = (days: number) => new Date(t.clock.now().getTime() - days * DAY);

function outboxEntry(label: string, status: string, days: number, sent: boolean): Document {
  const at = ago(days);
  return {
    _id: new ObjectId(), label, chatKey: `h:${label}`, channel: 'simulator', chatId: label, text: 'x', source: 'bot', correlationId: null, staffUserId: null,
    status, attempts: 0, nextAttemptAt: at, createdAt: at, sentAt: sent ? at : null, error: null,
  };
}

function handoff(label: string, status: string, requestedDays: number, closedDays: number | null): Document {
  return {
    label, chatKey: `simulator:${label}`, channel: 'simulator', chatId: label, phone: null, status, reason: 'asked', requestedAt: ago(requestedDays),
    claimedBy: null, claimedAt: null, lastActivityAt: ago(closedDays ?? requestedDays), closedAt: closedDays === null ? null : ago(closedDays),
    closeReason: closedDays === null ? null : 'staff', acknowledgedAt: null,
  };
}

test('when the retention job runs, then old finished records go and recent or unfinished ones stay', async () => {
  await col('outbox').insertMany([
    outboxEntry('old-sent', 'sent', 120, true),
    outboxEntry('old-expired', 'expired', 120, false),
    outboxEntry('recent-sent', 'sent', 10, true),
    outboxEntry('old-pending', 'pending', 120, false),
    outboxEntry('old-failed', 'failed', 120, false),
  ]);
  await col('audit_log').insertMany([
    { label: 'old', at: ago(800), actorId: 'u1', actorName: 'A', action: 'x', target: 't' },
    { label: 'recent', at: ago(100), actorId: 'u1', actorName: 'A', action: 'x', target: 't' },
  ]);
  await col('handoffs').insertMany([
    handoff('6281100000001', 'closed', 500, 400),
    handoff('6281100000002', 'closed', 500, 10),
    handoff('6281100000003', 'waiting', 500, null),
  ]);
  await col('alerts').insertMany([
    { label: 'old', createdAt: ago(400) },
    { label: 'recent', createdAt: ago(30) },
  ]);

  mongo.observeCommands((db, body) => {
    if (Object.keys(body)[0] === 'delete') deletes.push({ db, body });
  });
  const job = t.service.jobs.find((j) => j.name === 'retention');
  expect(job).toBeDefined();
  await job!.run();
  mongo.observeCommands(null);

  const labels = async (name: string, filter: Document = {}) => (await col(name).find(filter).toArray()).map((d) => d.label ?? d.chatId).sort();
  expect(await labels('outbox', { label: { $exists: true } })).toEqual(['old-failed', 'old-pending', 'recent-sent']);
  expect(await labels('audit_log', { label: { $exists: true } })).toEqual(['recent']);
  expect(await labels('handoffs', { label: { $exists: true } })).toEqual(['6281100000002', '6281100000003']);
  expect(await labels('alerts', { label: { $exists: true } })).toEqual(['recent']);

  // Each delete it sent is a range on an index that holds the date it is cut by: never a
  // collection scan, nor a walk over every closed handoff.
  const RANGE_FIELD: Record<string, string> = { outbox: 'nextAttemptAt', audit_log: 'at', handoffs: 'closedAt', alerts: 'createdAt' };
  expect(deletes.map((d) => d.body.delete).sort()).toEqual(Object.keys(RANGE_FIELD).sort());
  for (const { db, body } of deletes) {
    const explained = await client.db(db).command({ explain: body, verbosity: 'queryPlanner' });
    const keyPatterns: Document[] = [];
    const walk = (stage: Document | undefined) => {
      if (!stage) return;
      if (stage.keyPattern) keyPatterns.push(stage.keyPattern);
      walk(stage.inputStage);
      for (const s of stage.inputStages ?? []) walk(s);
    };
    walk(explained.queryPlanner.winningPlan);
    expect([body.delete, keyPatterns.some((k) => RANGE_FIELD[body.delete] in k)]).toEqual([body.delete, true]);
  }
});

test('when a retention is set to 0 days, then those records are kept forever', async () => {
  const { RetentionStore } = await import('../../src/jobs/retention-store');
  await col('audit_log').insertOne({ label: 'ancient', at: ago(5000), actorId: 'u1', actorName: 'A', action: 'x', target: 't' });
  const keepAudit = new RetentionStore(t.service.db.connection, { clock: t.clock, logger: t.service.modules.logger, days: { outbox: 90, audit: 0, handoffs: 365, alerts: 365 } });
  await keepAudit.purge();
  expect(await col('audit_log').countDocuments({ label: 'ancient' })).toBe(1);
});
