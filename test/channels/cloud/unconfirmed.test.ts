/**
 * A send whose answer was lost (the connection dropped after the request left) and that no status
 * report confirms: judged after the wait, never blindly. Sent again once only when reports were
 * reaching us for later events all along (so Meta would have reported ours); otherwise left to
 * staff, said so on /readyz. Asserted at the fake Graph API (what was posted) and in the outbox
 * collection (what staff see).
 */
import { chatKeyHash } from '../../../src/applications/sealing';
import type { DeliveryReport } from '../../../src/channels/port';
import { WebhookIntakeStore } from '../../../src/channels/cloud/webhook-intake-store';
import { inbound, startCloudService, statusReport, text, type CloudTestService } from './support/cloud-service';
import type { FakeGraph } from './support/fake-graph';
import { restartFixture } from './support/restart-fixture';

const WAIT = 10 * 60_000;
const TEXT = 'Jadwal verifikasi rumah: Senin, 30 November.';

let t: CloudTestService;
beforeAll(async () => {
  t = await startCloudService();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

let n = 0;
const newUser = () => `62812666${String(++n).padStart(4, '0')}`;
const outboxOf = (s: CloudTestService = t) => s.service.db.connection.collection('outbox');
const entries = async (user: string, s: CloudTestService = t) =>
  (await outboxOf(s).find({ chatKey: chatKeyHash(s.service.modules.cipher, `whatsapp:${user}`) }).sort({ _id: 1 }).toArray()).map((e) => ({ ...e, text: s.service.modules.cipher.decrypt(e.text as string) }) as typeof e);
const postsOf = (graph: FakeGraph, user: string, body = TEXT) => graph.sends().filter((r) => r.body?.to === user && r.body?.text?.body === body);

/** The person writes (the window opens, the bot answers), then a staff reply whose answer is lost. Answers its entry. */
async function lostReply(s: CloudTestService, user: string) {
  await s.webhook(inbound(text('halo'), { from: user, at: s.clock.now() }));
  await s.settle(user);
  s.clock.advance(30_000);
  s.graph.script({ hangUp: true });
  await s.service.outbox.enqueue([{ chat: { channel: 'whatsapp', chatId: user }, text: TEXT, source: 'staff' }]);
  await s.service.outbox.drain(`whatsapp:${user}`);
  await s.service.outbox.idle();
  const entry = (await entries(user, s)).at(-1)!;
  expect(entry).toMatchObject({ text: TEXT, status: 'failed', outcomeUnknown: true });
  expect(postsOf(s.graph, user)).toHaveLength(1);
  return entry;
}

/** A report about something else, stamped `afterMs` from now: Meta was reporting events after the lost send. */
async function laterReport(s: CloudTestService, afterMs = 120_000, wamid = `wamid.OTHER${++n}`) {
  s.clock.advance(afterMs);
  const res = await s.webhook(statusReport(wamid, 'delivered', { at: s.clock.now(), recipient: '6281299990000' }));
  await s.service.cloud!.idle();
  return res;
}

async function judge(s: CloudTestService = t) {
  await s.service.cloud!.resolveUnconfirmed();
  await s.service.outbox.idle();
  await s.service.outbox.sweep();
  await s.service.outbox.idle();
}

describe('a send whose answer was lost', () => {
  it('is sent again once when later reports arrived and none for it: judged never taken, after the wait', async () => {
    const user = newUser();
    const entry = await lostReply(t, user);
    await laterReport(t);
    await judge(); // 2 minutes after the post: inside the wait
    expect(postsOf(t.graph, user)).toHaveLength(1);

    t.clock.advance(WAIT);
    await judge();
    const posts = postsOf(t.graph, user);
    expect(posts).toHaveLength(2);
    expect(posts[1].body.biz_opaque_callback_data).not.toBe(posts[0].body.biz_opaque_callback_data);
    const [original, copy] = (await entries(user)).filter((e) => e.text === TEXT);
    expect(String(original._id)).toBe(String(entry._id));
    expect(original).toMatchObject({ status: 'failed', redeliveredAt: expect.any(Date) });
    expect(copy).toMatchObject({ status: 'sent', providerMessageId: expect.stringMatching(/^wamid\.FAKE/) });
    // Staff are not shown the original as failed: the copy stands for it.
    expect(await t.service.outbox.notDelivered(`whatsapp:${user}`)).toEqual([]);
    expect((await t.service.outbox.failedSince(new Date(0), 100)).map((e) => String(e._id))).not.toContain(String(entry._id));

    // Judged again (the next sweep, another process): still once.
    t.clock.advance(WAIT);
    await judge();
    expect(postsOf(t.graph, user)).toHaveLength(2);
  });

  it('is never sent again once Meta reported it, even with later reports around', async () => {
    const user = newUser();
    const entry = await lostReply(t, user);
    t.clock.advance(5_000);
    await t.webhook(statusReport('wamid.TOOKIT1', 'sent', { at: t.clock.now(), outboxId: String(entry._id), recipient: user }));
    await t.settle(user);
    await laterReport(t);
    t.clock.advance(WAIT);
    await judge();
    expect(postsOf(t.graph, user)).toHaveLength(1);
    expect(await outboxOf().findOne({ _id: entry._id })).toMatchObject({ status: 'sent', providerMessageId: 'wamid.TOOKIT1' });
  });

  it('is left to staff when no report came at all: not sent again, said on /readyz, and a late report still settles it', async () => {
    const user = newUser();
    const entry = await lostReply(t, user);
    expect(entry.error).toContain('tanyakan dulu ke warga');
    t.clock.advance(WAIT);
    await judge();
    t.clock.advance(60 * 60_000);
    await judge();
    expect(postsOf(t.graph, user)).toHaveLength(1);
    expect(await t.service.outbox.notDelivered(`whatsapp:${user}`)).toEqual([expect.objectContaining({ text: TEXT, status: 'failed' })]);
    const ready = (await t.api('GET', '/readyz', undefined, null)).body.checks.whatsapp;
    expect(ready.unconfirmedSends.leftToStaff).toBeGreaterThanOrEqual(1);
    expect(ready.lastFailure.message).toContain('belum dapat dipastikan terkirim');
    expect(ready.lastFailure.message).not.toMatch(/628\d{6,}/);

    await t.webhook(statusReport('wamid.LATE1', 'delivered', { at: t.clock.now(), outboxId: String(entry._id), recipient: user }));
    await t.settle(user);
    expect(await outboxOf().findOne({ _id: entry._id })).toMatchObject({ status: 'sent' });
    expect(postsOf(t.graph, user)).toHaveLength(1);
  });

  it('is not judged when a webhook was answered with an error since it was posted (Meta delivers that one later)', async () => {
    const user = newUser();
    await lostReply(t, user);
    const add = jest.spyOn(WebhookIntakeStore.prototype, 'add').mockRejectedValueOnce(new Error('database write failed'));
    try {
      expect((await laterReport(t, 60_000)).status).toBe(503);
    } finally {
      add.mockRestore();
    }
    await laterReport(t);
    t.clock.advance(WAIT);
    await judge();
    expect(postsOf(t.graph, user)).toHaveLength(1);
  });

  it('is not judged while a webhook item waits to be handled (its report may be that one)', async () => {
    const user = newUser();
    await lostReply(t, user);
    const recordDelivery = t.service.outbox.recordDelivery.bind(t.service.outbox);
    t.service.outbox.recordDelivery = async (report: DeliveryReport) => {
      if (report.providerMessageId === 'wamid.STUCK1') throw new Error('outbox write failed');
      return recordDelivery(report);
    };
    try {
      await laterReport(t, 120_000, 'wamid.STUCK1');
      t.clock.advance(WAIT);
      await judge();
      expect(postsOf(t.graph, user)).toHaveLength(1);
    } finally {
      t.service.outbox.recordDelivery = recordDelivery;
    }
    // Handled at last (the sweep): the reports are all in, none for it: sent again once.
    await t.service.cloud!.recover();
    await judge();
    expect(postsOf(t.graph, user)).toHaveLength(2);
  });
});

describe('after a restart', () => {
  const START = '2026-11-23T02:00:00Z';
  const shared = restartFixture(START);

  it('a send lost before the restart is not judged by the new process (reports missed while it was down come later)', async () => {
    const user = '6281266600099';
    const first = await shared.start('unconfirmed_restart');
    await lostReply(first, user);
    await shared.close(first);

    const second = await shared.start('unconfirmed_restart', new Date(Date.parse(START) + 180_000).toISOString());
    await laterReport(second);
    second.clock.advance(WAIT);
    await judge(second);
    expect(postsOf(shared.graph, user)).toHaveLength(1);
  }, 120_000);
});
