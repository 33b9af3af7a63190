/**
 * The database connection drops for 10 seconds under load: inbound messages are held and
 * retried (none lost, none answered twice), /readyz reports the outage meanwhile, and the
 * service recovers by itself.
 */
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { startTestService, type TestService } from '../support/service';

let mongo: EmbeddedMongo;
let t: TestService;
beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  t = await startTestService({ mongo });
});
afterAll(async () => {
  await t.close();
  await mongo.stop();
});

test('when the database is unreachable for 10 seconds under load, then every message is answered once and readiness recovers', async () => {
  const chats = Array.from({ length: 5 }, (_, i) => `6281800000${String(i).padStart(3, '0')}`);
  const lines = ['syarat', 'biaya', 'jadwal', 'alur', 'menu', 'syarat2'];
  const outage = mongo.simulateOutage(10_000);
  let sawOutage = false;
  const watcher = (async () => {
    for (let i = 0; i < 40 && !sawOutage; i++) {
      const res = await t.api('GET', '/readyz', undefined, null);
      if (res.status === 503) sawOutage = true;
      else await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const answered = await Promise.all(
    chats.map(async (from) => {
      const replies: string[][] = [];
      for (const [i, line] of lines.entries()) replies.push(await t.send(from, line, { id: `outage-${from}-${i}` }));
      return replies;
    }),
  );
  await Promise.all([outage, watcher]);
  expect(sawOutage).toBe(true);
  for (const perChat of answered) for (const replies of perChat) expect(replies.length).toBeGreaterThan(0);
  // Counted at the channel: every message the chat received, against the answers each request
  // produced. A step run twice writes a second copy with its own id, which this catches.
  for (const [k, from] of chats.entries()) {
    await t.service.engine.settle(`simulator:${from}`);
    const out = (await t.transcript(from)).filter((m) => m.direction === 'out');
    expect(out.length).toBe(answered[k].flat().length);
  }
  expect((await t.api('GET', '/readyz', undefined, null)).status).toBe(200);
}, 60_000);
