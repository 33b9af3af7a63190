/**
 * A new sender's messages in quick succession, each in its own webhook: the first still opens
 * the person's 24-hour window (its first-contact work) when the second arrives. They are
 * answered in the order they were sent, counted at the fake Graph API.
 */
import { bodyTextOf } from '../../src/channels/cloud/presentation';
import { inbound, startCloudService, text, type CloudTestService } from '../channels/cloud/support/cloud-service';

let t: CloudTestService;
beforeAll(async () => {
  t = await startCloudService();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

test('when a new sender writes twice in quick succession while the first message still opens the chat, then the replies go out in the order the messages were sent', async () => {
  const from = '6281299900001';
  // The first contact's extra step (waking what was held for the person) is slow this once.
  const outbox = t.service.outbox as unknown as { wake: (key: string) => Promise<void> };
  const wake = outbox.wake.bind(outbox);
  let release!: () => void;
  const slow = new Promise<void>((r) => (release = r));
  outbox.wake = async (key) => {
    outbox.wake = wake;
    await slow;
    return wake(key);
  };

  expect((await t.webhook(inbound(text('syarat'), { from, id: 'wamid.ORDER1', at: t.clock.now() }))).status).toBe(200);
  expect((await t.webhook(inbound(text('jadwal'), { from, id: 'wamid.ORDER2', at: t.clock.now() }))).status).toBe(200);
  await new Promise((r) => setTimeout(r, 200)); // time for the second to overtake, if it can
  release();
  await t.settle(from);

  const texts = t.graph.sends().filter((r) => r.body?.to === from).map((r) => String(bodyTextOf(r.body)));
  // What each message asked for, in the order the answers reached Meta.
  const answered = texts.map((x) => (x.startsWith('*Persyaratan') ? 'syarat' : x.startsWith('*Jadwal layanan') ? 'jadwal' : null)).filter(Boolean);
  expect(answered).toEqual(['syarat', 'jadwal']);
}, 60_000);
