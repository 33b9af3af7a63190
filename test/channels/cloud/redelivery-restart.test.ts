/**
 * A message Meta failed for the closed window (131047) goes again as its template once, across a
 * crash too. Two services on one database and one fake Graph API, as in crash-intake: the first
 * takes the failed report up and "dies" inside its handling, before the intake marks it handled,
 * so the second handles the same report again at start-up. Counted at the fake Graph API.
 */
import type { DeliveryReport } from '../../../src/channels/port';
import type { EnqueueInput } from '../../../src/conversation/outbox';
import { inbound, statusReport, text } from './support/cloud-service';
import { restartFixture } from './support/restart-fixture';

const START = '2026-11-23T02:00:00Z'; // Monday 10:00 WITA

const shared = restartFixture(START);

const templatesTo = (user: string) => shared.graph.sends().filter((r) => r.body?.to === user && r.body.type === 'template');

/** A service on the shared data; the person has written, a staff reply went as text. Answers the reply's entry. */
async function withStaffReply(databaseName: string, user: string) {
  const first = await shared.start(databaseName);
  await first.webhook(inbound(text('halo'), { from: user, at: first.clock.now() }));
  await first.settle(user);
  first.clock.advance(60_000);
  await first.service.outbox.enqueue([{ chat: { channel: 'whatsapp', chatId: user }, text: 'Berkas Bapak sudah kami terima.', source: 'staff' }]);
  await first.service.outbox.drain(`whatsapp:${user}`);
  await first.service.outbox.idle();
  const entry = (await first.service.db.connection.collection('outbox').find({ source: 'staff' }).toArray()).at(-1)!;
  expect(entry).toMatchObject({ status: 'sent', providerMessageId: expect.any(String) });
  first.clock.advance(60_000);
  return { first, entry };
}

/** Resolves when `first` reaches the point; the returned promise never settles until the test ends ("the process died here"). */
function dieAt(reached: () => void): Promise<never> {
  reached();
  return shared.hang();
}

async function restart(databaseName: string, user: string) {
  const second = await shared.start(databaseName, new Date(Date.parse(START) + 180_000).toISOString());
  await second.service.cloud!.recover();
  await second.settle(user);
  second.clock.advance(3_600_000);
  await second.service.outbox.sweep();
  await second.service.outbox.idle();
  return second;
}

it('a crash after the copy was written (the report not yet marked handled): handled again after the restart, the template still goes once', async () => {
  const user = '6281277700001';
  const { first, entry } = await withStaffReply('redeliver_after_copy', user);
  let reached!: () => void;
  const atCrash = new Promise<void>((r) => (reached = r));
  const recordDelivery = first.service.outbox.recordDelivery.bind(first.service.outbox);
  first.service.outbox.recordDelivery = async (report: DeliveryReport) => {
    const done = await recordDelivery(report);
    if (report.status === 'failed') await dieAt(reached);
    return done;
  };
  const res = await first.webhook(statusReport(String(entry.providerMessageId), 'failed', { at: first.clock.now(), outboxId: String(entry._id), recipient: user, error: { code: 131047, title: 'Re-engagement message' } }));
  expect(res.status).toBe(200);
  await atCrash;
  await first.service.outbox.idle();
  expect(templatesTo(user)).toHaveLength(1); // the first process sent the copy before it died

  const second = await restart('redeliver_after_copy', user);
  expect(templatesTo(user)).toHaveLength(1);
  const copies = await second.service.db.connection.collection('outbox').find({ sentVia: 'template:dinsos_balasan_petugas' }).toArray();
  expect(copies).toEqual([expect.objectContaining({ status: 'sent' })]);
}, 120_000);

it('a crash after the entry was marked failed, before its copy was written: the copy goes once after the restart', async () => {
  const user = '6281277700002';
  const { first, entry } = await withStaffReply('redeliver_before_copy', user);
  let reached!: () => void;
  const atCrash = new Promise<void>((r) => (reached = r));
  const enqueue = first.service.outbox.enqueue.bind(first.service.outbox);
  first.service.outbox.enqueue = async (items: EnqueueInput[]) => (items.some((i) => i.dedupeKey?.startsWith('redeliver:')) ? dieAt(reached) : enqueue(items));
  await first.webhook(statusReport(String(entry.providerMessageId), 'failed', { at: first.clock.now(), outboxId: String(entry._id), recipient: user, error: { code: 131047, title: 'Re-engagement message' } }));
  await atCrash;
  expect(await first.service.db.connection.collection('outbox').findOne({ _id: entry._id })).toMatchObject({ status: 'failed' });
  expect(templatesTo(user)).toHaveLength(0);

  await restart('redeliver_before_copy', user);
  expect(templatesTo(user)).toHaveLength(1);
  expect(templatesTo(user)[0].body.template.components[0].parameters[1]).toEqual({ type: 'text', text: 'Berkas Bapak sudah kami terima.' });
}, 120_000);
