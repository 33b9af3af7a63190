/**
 * Personal data on the Cloud API path: a conversation through the signed webhook with wamids
 * shaped like Meta's (base64 around the sender's number), replies sent to the fake Graph API and
 * their delivery reports. Afterwards the whole log and every collection are searched for the
 * number, the NIK typed, and the wamids themselves.
 */
import { USER, inbound, startCloudService, statusReport, text, type CloudTestService } from './support/cloud-service';

let t: CloudTestService;
const NIK = '6371014609970001';
const NATIONAL = USER.replace(/^62/, '');
/** Meta's wamid: base64 of a small record holding the sender's number and a random id. */
const wamid = (n: number) => `wamid.${Buffer.from(`\x1c\x18\x0d${USER}\x15\x02\x00\x12\x18\x14${String(n).padStart(4, '0')}3EB0C767D26A1D8E7F`).toString('base64')}`;
const IDS = [1, 2, 3, 4].map(wamid);

beforeAll(async () => {
  t = await startCloudService();
  const lines = ['halo', '4', `cek nik ${NIK}`, 'menu'];
  for (const [i, line] of lines.entries()) {
    t.clock.advance(60_000);
    await t.webhook(inbound(text(line), { id: IDS[i], at: t.clock.now() }));
    await t.settle();
  }
  // Delivery reports for every reply, by the wamid the fake Graph API gave each.
  const outbox = await t.service.db.connection.collection('outbox').find({ providerMessageId: { $exists: true } }).toArray();
  for (const entry of outbox) await t.webhook(statusReport(entry.providerMessageId as string, 'read', { at: t.clock.now() }));
  await t.settle();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

/** The digits of every number in the text, whatever was typed between them. */
const joinDigits = (s: string) => s.replace(/(?<=\d)(?:[\s.\-–—/]|\\n|\\t)+(?=\d)/g, '');

test('when a Cloud API conversation has run, then no log line holds the number, the NIK or a wamid', () => {
  expect(t.graph.sends().length).toBeGreaterThan(2);
  const log = joinDigits(t.rawLogs.join('\n'));
  expect(log).toMatch(/message handled/);
  expect([NATIONAL, NIK, ...IDS.map((id) => id.slice('wamid.'.length))].filter((secret) => log.includes(secret))).toEqual([]);
});

/**
 * Fields left out of the search because they are still open (issue 14). None are left: the
 * session is found by a keyed hash of the chat key and records the wamids it applied hashed; the
 * webhook intake keys an event by a keyed hash of its wamid and seals a pending body.
 */
const KNOWN_GAPS: Record<string, string[]> = {};

test('when a Cloud API conversation has run, then no collection holds the number, the NIK or a wamid in clear', async () => {
  const db = t.service.db.connection.db!;
  const secrets = [['number', NATIONAL], ['NIK', NIK], ...IDS.map((id, i) => [`wamid ${i + 1}`, id.slice('wamid.'.length)])];
  const found = new Set<string>();
  for (const { name } of await db.listCollections().toArray()) {
    for (const doc of await db.collection(name).find().toArray()) {
      for (const [field, value] of Object.entries(doc)) {
        if (KNOWN_GAPS[name]?.includes(field)) continue;
        const dump = joinDigits(JSON.stringify(value));
        for (const [what, secret] of secrets) if (dump.includes(secret)) found.add(`${name}.${field}: ${what}`);
      }
    }
  }
  expect([...found]).toEqual([]);
});
