/**
 * The Cloud API webhook end to end, against the real service and the fake Graph API: the
 * handshake, signature checks over the raw body, inbound mapping into the flows, dedupe of
 * re-delivered events (counted at the fake Graph API), delivery reports moving outbox entries.
 */
import { ACCESS_TOKEN, USER, VERIFY_TOKEN, inbound, startCloudService, statusReport, text, type CloudTestService } from './support/cloud-service';
import { PHONE_NUMBER_ID } from './support/fake-graph';
import { bodyTextOf } from '../../../src/channels/cloud/presentation';
import { keyedHash } from '../../../src/applications/sealing';

let t: CloudTestService;
beforeAll(async () => {
  t = await startCloudService();
}, 120_000);
afterAll(async () => {
  await t?.close();
});
beforeEach(async () => {
  t.graph.requests.length = 0;
  t.clock.advance(60_000); // each test in its own minute: no pacing carried over
});

const messagesOf = () => t.service.db.connection.collection('messages');
const outboxOf = () => t.service.db.connection.collection('outbox');
/** A provider message id as the message log stores it (a keyed hash). */
const atRest = (messageId: string) => keyedHash(t.service.modules.cipher, 'message', messageId);
/** The message log's row for a provider message id, its sealed text opened. */
const logged = async (messageId: string) => {
  const row = await messagesOf().findOne({ messageId: atRest(messageId) });
  return row && { ...row, text: t.service.modules.cipher.decrypt(row.text as string) };
};
/** The first outbox entry answering this inbound message (the reply-to id is sealed at rest). */
const replyTo = async (messageId: string) =>
  (await outboxOf().find().sort({ _id: 1 }).toArray()).find((e) => typeof e.correlationId === 'string' && t.service.modules.cipher.decrypt(e.correlationId) === messageId) ?? null;
const at = () => t.clock.now();

describe('GET handshake', () => {
  it('answers the challenge for the right verify token', async () => {
    const res = await fetch(`${t.baseUrl}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('1158201444');
    // The request log line must not carry the verify token.
    expect(t.rawLogs.filter((l) => l.includes('/webhooks/whatsapp'))).not.toHaveLength(0);
    expect(t.rawLogs.some((l) => l.includes(VERIFY_TOKEN))).toBe(false);
  });

  it('refuses a wrong token or mode with 403', async () => {
    const wrong = await fetch(`${t.baseUrl}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=42`);
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain('42');
    const mode = await fetch(`${t.baseUrl}/webhooks/whatsapp?hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=42`);
    expect(mode.status).toBe(403);
  });
});

describe('POST signature', () => {
  it('refuses unsigned and wrongly signed events with 401, logs them, and nothing reaches the engine', async () => {
    const before = t.rawLogs.length;
    const id1 = 'wamid.UNSIGNED1';
    const id2 = 'wamid.BADSIG1';
    expect((await t.webhook(inbound(text('halo'), { id: id1, at: at() }), { signature: null })).status).toBe(401);
    expect((await t.webhook(inbound(text('halo'), { id: id2, at: at() }), { signature: `sha256=${'0'.repeat(64)}` })).status).toBe(401);
    await t.settle();
    expect(await messagesOf().countDocuments({ messageId: { $in: [atRest(id1), atRest(id2)] } })).toBe(0);
    expect(t.graph.sends()).toHaveLength(0);
    const refusals = t.rawLogs.slice(before).filter((l) => l.includes('X-Hub-Signature-256'));
    expect(refusals).toHaveLength(2);
  });

  it('checks the signature over the raw bytes, not a re-serialised body', async () => {
    // Same JSON, spelled the way Meta does (escaped non-ASCII, spaces): any re-serialisation differs.
    const body = inbound(text('halo'), { id: 'wamid.RAW1', at: at() });
    const raw = JSON.stringify(body, null, 1).replace('Siti Aminah', 'Siti \\u00c1minah');
    const res = await t.webhook(undefined, { raw });
    expect(res.status).toBe(200);
    await t.settle();
    expect(await messagesOf().countDocuments({ messageId: atRest('wamid.RAW1') })).toBe(1);
  });

  it('answers a signed event 200 and the bot replies through the Graph API', async () => {
    const res = await t.webhook(inbound(text('halo'), { id: 'wamid.HELLO1', at: at() }));
    expect(res.status).toBe(200);
    await t.settle();
    const sends = t.graph.sends();
    expect(sends.length).toBeGreaterThan(0);
    expect(sends[0].authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(sends[0].body).toMatchObject({ messaging_product: 'whatsapp', to: USER });
    expect(bodyTextOf(sends[0].body)).toContain('selamat datang');
    // The outbox entry holds Meta's id for it.
    const entry = await replyTo('wamid.HELLO1');
    expect(entry).toMatchObject({ status: 'sent', providerMessageId: expect.stringMatching(/^wamid\.FAKE/) });
  });
});

describe('answering fast', () => {
  it('answers 200 before the event is handled', async () => {
    const engine = t.service.engine;
    const original = engine.receive.bind(engine);
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    engine.receive = async (m) => {
      await gate;
      return original(m);
    };
    try {
      const answered = t.webhook(inbound(text('halo'), { id: 'wamid.FAST1', at: at() })).then((r) => r.status);
      const timeout = new Promise((r) => setTimeout(() => r('no answer while the event was being handled'), 2_000));
      expect(await Promise.race([answered, timeout])).toBe(200);
    } finally {
      open();
      engine.receive = original;
    }
    await t.settle();
    expect(await messagesOf().countDocuments({ messageId: atRest('wamid.FAST1') })).toBe(1);
  });
});

describe('re-delivered events', () => {
  it('are answered once: the fake Graph API receives the replies of one copy only', async () => {
    const body = inbound(text('syarat'), { id: 'wamid.TWICE1', at: at() });
    await t.webhook(body);
    await t.settle();
    const once = t.graph.sends().length;
    expect(once).toBeGreaterThan(0);
    await t.webhook(body);
    await t.webhook(body);
    await t.settle();
    expect(t.graph.sends()).toHaveLength(once);
    expect(await messagesOf().countDocuments({ messageId: atRest('wamid.TWICE1') })).toBe(1);
  });
});

describe('inbound mapping into the flows', () => {
  it('a list reply with our id reaches the flows as that text, a button reply by its title', async () => {
    await t.webhook(inbound({ type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: 't:1', title: 'Persyaratan', description: 'x' } } }, { id: 'wamid.LIST1', at: at() }));
    await t.webhook(inbound({ type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'btn-7', title: 'menu' } } }, { id: 'wamid.BTN1', at: at() }));
    await t.settle();
    expect(await logged('wamid.LIST1')).toMatchObject({ type: 'text', text: '1' });
    expect(await logged('wamid.BTN1')).toMatchObject({ type: 'text', text: 'menu' });
  });

  it('a photo by media id whose record Meta does not give is answered honestly: not kept, the bot cannot read files (test/channels/cloud/media.test.ts keeps one)', async () => {
    t.graph.script({ status: 404, body: { error: { message: 'not found', code: 100 } } });
    await t.webhook(inbound({ type: 'image', image: { id: '1479537139650973', mime_type: 'image/jpeg', sha256: 'abc' } }, { id: 'wamid.IMG1', at: at() }));
    await t.settle();
    expect(await messagesOf().findOne({ messageId: atRest('wamid.IMG1') })).toMatchObject({ type: 'image' });
    const replies = t.graph.sends().map((r) => bodyTextOf(r.body) as string);
    expect(replies.some((r) => r.includes('tidak berhasil kami terima dan *tidak tersimpan*') && r.includes('tidak dapat membaca isi file'))).toBe(true);
  });

  it('ignores events for another phone number id and bodies of an unknown shape', async () => {
    const res = await t.webhook(inbound(text('halo'), { id: 'wamid.OTHER1', at: at(), phoneNumberId: '999999' }));
    expect(res.status).toBe(200);
    expect((await t.webhook({ object: 'page', entry: [] })).status).toBe(200);
    await t.settle();
    expect(await messagesOf().countDocuments({ messageId: atRest('wamid.OTHER1') })).toBe(0);
    expect(t.graph.sends()).toHaveLength(0);
  });
});

describe('delivery reports', () => {
  async function sentReply(id: string) {
    await t.webhook(inbound(text('halo'), { id, at: at() }));
    await t.settle();
    const entry = await replyTo(id);
    expect(entry?.providerMessageId).toBeDefined();
    return entry!;
  }

  it('move the entry forward to delivered and read, never back', async () => {
    const entry = await sentReply('wamid.DLV1');
    await t.webhook(statusReport(entry.providerMessageId, 'delivered', { at: at() }));
    await t.settle();
    expect((await outboxOf().findOne({ _id: entry._id }))?.delivery).toMatchObject({ status: 'delivered' });
    await t.webhook(statusReport(entry.providerMessageId, 'read', { at: at() }));
    await t.webhook(statusReport(entry.providerMessageId, 'sent', { at: at() }));
    await t.settle();
    const after = await outboxOf().findOne({ _id: entry._id });
    expect(after).toMatchObject({ status: 'sent', delivery: { status: 'read' } });
  });

  it('failed marks the entry failed with Meta\'s code for staff', async () => {
    const entry = await sentReply('wamid.FAIL1');
    await t.webhook(statusReport(entry.providerMessageId, 'failed', { at: at(), error: { code: 131026, title: 'Message undeliverable' } }));
    await t.settle();
    const after = await outboxOf().findOne({ _id: entry._id });
    expect(after).toMatchObject({ status: 'failed', delivery: { status: 'failed' } });
    expect(after?.error).toContain('131026');
  });

  it('find the entry by the echoed outbox id when the wamid is not recorded yet', async () => {
    const entry = await sentReply('wamid.OPQ1');
    await outboxOf().updateOne({ _id: entry._id }, { $unset: { providerMessageId: 1 } });
    await t.webhook(statusReport('wamid.LATE', 'delivered', { at: at(), outboxId: String(entry._id) }));
    await t.settle();
    expect(await outboxOf().findOne({ _id: entry._id })).toMatchObject({ providerMessageId: 'wamid.LATE', delivery: { status: 'delivered' } });
  });
});

describe('/readyz', () => {
  it('shows the Cloud API state', async () => {
    const res = await t.api('GET', '/readyz', undefined, null);
    expect(res.body.checks.whatsapp).toMatchObject({ ok: true, transport: 'cloud', tokenValid: true, lastWebhookAt: expect.any(String), lastSendAt: expect.any(String) });
    expect(res.body.checks.whatsapp.rejectedWebhooks).toBeGreaterThanOrEqual(2);
    expect(PHONE_NUMBER_ID).toBeDefined();
  });
});
