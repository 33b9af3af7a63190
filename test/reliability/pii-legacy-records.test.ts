/**
 * Records written before chat keys were hashed (issue 14): sessions keyed by the chat key with
 * raw message ids, handoffs with chat key, address and phone in clear. They are put in the
 * database the way the old version wrote them, then the service restarts on the same data.
 * Checked at the outer layers: what the database holds after the start, what the person is
 * answered (or not), what staff see through the API and what reaches the chat.
 */
import type { Db } from 'mongodb';
import { chatKeyHash, keyedHash, maskPhone } from '../../src/applications/sealing';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { startTestService, type TestService } from '../support/service';

const START = '2026-11-23T02:00:00Z'; // Monday 10:00 WITA
const DB_NAME = 'legacy_records';
/** A chat in the middle of a complaint, its session written by the old version. */
const MID_FLOW = '6281377700101';
/** The same steps in a chat the new version handles from the start: what MID_FLOW must be answered. */
const CONTROL = '6281377700102';
/** Waiting for staff, written by the old version. */
const WAITING = '6281377700103';
/** Handled by a person, written by the old version. */
const HANDLED = '6281377700104';
/** Closed long ago, written by the old version. */
const CLOSED = '6281377700105';

let mongo: EmbeddedMongo;
let t: TestService;
const db = (): Db => t.service.db.connection.db!;
const cipher = () => t.service.modules.cipher;
const national = (n: string) => n.replace(/^62/, '');

beforeAll(async () => {
  mongo = await startEmbeddedMongo({ now: () => Date.parse(START) });
  // The old version's data: a session mid-complaint (recorded by the steps the old version ran)
  // and handoffs as it wrote them.
  const old = await startTestService({ now: START, mongo, databaseName: DB_NAME });
  await old.send(MID_FLOW, 'pengaduan', { id: 'legacy-1' });
  await old.send(MID_FLOW, '1', { id: 'legacy-2' });
  const sessions = old.service.db.connection.db!.collection('sessions');
  const current = await sessions.findOne({ _id: chatKeyHash(old.service.modules.cipher, `simulator:${MID_FLOW}`) as never });
  expect(current?.flow).not.toBeNull();
  await sessions.deleteOne({ _id: current!._id });
  await sessions.insertOne({ ...current!, _id: `simulator:${MID_FLOW}` as never, lastMessageId: 'legacy-2', applied: ['legacy-1', 'legacy-2'] });
  const at = new Date(Date.parse(START) - 10 * 60_000);
  const handoff = (phone: string, fields: Record<string, unknown>) => ({
    chatKey: `simulator:${phone}`, channel: 'simulator', chatId: phone, phone: `+${phone}`, reason: 'asked', requestedAt: at, lastActivityAt: at,
    claimedBy: null, claimedAt: null, closedAt: null, closeReason: null, acknowledgedAt: null, ...fields,
  });
  await old.service.db.connection.db!.collection('handoffs').insertMany([
    handoff(WAITING, { status: 'waiting' }),
    handoff(HANDLED, { status: 'active', claimedBy: 'office_phone', claimedAt: at }),
    handoff(CLOSED, { status: 'closed', closedAt: at, closeReason: 'staff' }),
  ]);
  // The old version kept no record of the conversion (this process, the new version, wrote one).
  await old.service.db.connection.db!.collection('migrations').deleteMany({});
  await old.close();
  // The new version starts on the same data.
  t = await startTestService({ now: START, mongo, databaseName: DB_NAME });
}, 120_000);
afterAll(async () => {
  await t?.close();
  await mongo?.stop();
});

test('when the service starts on old records, then no session or handoff holds a chat key, an address or a number in clear', async () => {
  const dump = JSON.stringify([...(await db().collection('sessions').find().toArray()), ...(await db().collection('handoffs').find().toArray())]);
  for (const phone of [MID_FLOW, WAITING, HANDLED, CLOSED]) expect(dump).not.toContain(national(phone));
  expect(dump).not.toContain('legacy-');
  const handoffs = await db().collection('handoffs').find().toArray();
  expect(handoffs.map((h) => h.chatKey).sort()).toEqual([WAITING, HANDLED, CLOSED].map((p) => chatKeyHash(cipher(), `simulator:${p}`)).sort());
  for (const h of handoffs) expect([h.chatId, h.phone]).toEqual([expect.stringMatching(/^v1:/), expect.stringMatching(/^v1:/)]);
});

test('when a chat was in the middle of a flow, then it goes on where it was, and a message applied before the upgrade is not answered again', async () => {
  // Meta / WhatsApp re-delivering the last message the old version applied: nothing is sent.
  expect(await t.send(MID_FLOW, '1', { id: 'legacy-2' })).toEqual([]);
  await t.send(CONTROL, 'pengaduan');
  await t.send(CONTROL, '1');
  const expected = await t.send(CONTROL, 'Antrean di loket sangat lama sekali');
  expect(expected.length).toBeGreaterThan(0);
  expect(await t.send(MID_FLOW, 'Antrean di loket sangat lama sekali')).toEqual(expected);
  // Stored under the hashed key, the marks of the old messages hashed as the engine compares them.
  const session = await db().collection('sessions').findOne({ _id: chatKeyHash(cipher(), `simulator:${MID_FLOW}`) as never });
  expect(session?.applied?.slice(0, 2)).toEqual([keyedHash(cipher(), 'message', 'legacy-1'), keyedHash(cipher(), 'message', 'legacy-2')]);
});

test('when a chat was waiting for staff, then it stays in the queue, the bot only acknowledges, and a staff reply reaches the person', async () => {
  const queue = (await t.api('GET', '/api/v1/handoffs')).body.handoffs as { chatKey: string; phone: string; status: string }[];
  // Opened: the ref is the hash the chat is now stored under, and the number is read (masked, as the inbox shows it).
  expect(queue).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ chatKey: chatKeyHash(cipher(), `simulator:${WAITING}`), phone: maskPhone(`+${WAITING}`), status: 'waiting' }),
      expect.objectContaining({ chatKey: chatKeyHash(cipher(), `simulator:${HANDLED}`), phone: maskPhone(`+${HANDLED}`), status: 'active' }),
    ]),
  );
  expect(await t.send(WAITING, 'halo, masih menunggu')).toEqual([t.service.catalogue.render('engine.human_waiting')]);
  const chat = encodeURIComponent(`simulator:${WAITING}`);
  expect((await t.api('POST', `/api/v1/handoffs/${chat}/claim`, {})).status).toBe(200);
  expect((await t.api('POST', `/api/v1/handoffs/${chat}/reply`, { text: 'Halo, dengan petugas Dinas Sosial.' })).status).toBeLessThan(300);
  await t.service.engine.settle(`simulator:${WAITING}`);
  expect((await t.transcript(WAITING)).filter((m) => m.direction === 'out').map((m) => m.text)).toContain('Halo, dengan petugas Dinas Sosial.');
});

test('when a chat was handled by a person, then the bot stays silent, and closing it hands it back to the bot', async () => {
  expect(await t.send(HANDLED, 'jam buka kantor')).toEqual([]);
  const chat = encodeURIComponent(`simulator:${HANDLED}`);
  expect((await t.api('POST', `/api/v1/handoffs/${chat}/close`, {})).status).toBeLessThan(300);
  await t.service.engine.settle(`simulator:${HANDLED}`);
  expect((await t.transcript(HANDLED)).map((m) => m.text)).toContain(t.service.catalogue.render('engine.human_returned'));
  expect((await t.send(HANDLED, 'menu')).length).toBeGreaterThan(0);
});

test('when a chat was closed long ago, then staff still find its latest handoff, opened', async () => {
  const res = await t.api('GET', `/api/v1/handoffs/${encodeURIComponent(`simulator:${CLOSED}`)}`);
  expect(res.status).toBe(200);
  expect(res.body.handoff).toMatchObject({ chatKey: chatKeyHash(cipher(), `simulator:${CLOSED}`), phone: maskPhone(`+${CLOSED}`), status: 'closed' });
});
