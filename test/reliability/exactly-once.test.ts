/**
 * Exactly once, counted at the channel: a transient database error at each write of a step
 * makes the step run again, and a message recorded but not processed (the process died in its
 * step) is taken again at once when redelivered — each ends with one answer, never two.
 */
import { startTestService, type TestService } from '../support/service';

let t: TestService;
beforeAll(async () => {
  t = await startTestService();
});
afterAll(async () => {
  await t.close();
});

const outbound = async (from: string) => (await t.transcript(from)).filter((m) => m.direction === 'out').map((m) => m.text);

function transientError(): Error {
  const err = new Error('connection 7 to 127.0.0.1:27017 closed');
  err.name = 'MongoNetworkError';
  return err;
}

/** Makes `method` of `target` fail once with a network error, then behave. */
function failOnce(target: object, method: string): () => void {
  const obj = target as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const original = obj[method];
  let failed = false;
  obj[method] = async function (this: unknown, ...args: unknown[]) {
    if (!failed) {
      failed = true;
      throw transientError();
    }
    return original.apply(this, args);
  };
  return () => {
    obj[method] = original;
  };
}

const engineDeps = () => (t.service.engine as unknown as { deps: Record<string, object> }).deps;

// In a chat the bot answers, the session write is also the processed mark (there is no other).
test.each([
  ['the session write', () => engineDeps().sessions, 'save'],
  ['the outbox write', () => engineDeps().outbox, 'enqueue'],
])('when %s fails once with a transient error, then the step runs again and the person gets one answer', async (_name, target, method) => {
  const from = `62812777${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`;
  const restore = failOnce(target(), method);
  try {
    await t.send(from, 'syarat');
  } finally {
    restore();
  }
  await t.service.engine.settle(`simulator:${from}`);
  const sent = await outbound(from);
  expect(sent.filter((text) => text.includes('*Persyaratan'))).toHaveLength(1);
});

test('when the session write of the "ya" that hands a chat to staff fails once, then the retry is the same step: one reply', async () => {
  const from = '6281277700004';
  await t.send(from, 'hmm');
  await t.send(from, 'hmm');
  expect((await t.send(from, 'hmm')).join('\n')).toContain('dihubungkan dengan petugas');
  const before = (await outbound(from)).length;
  const restore = failOnce(engineDeps().sessions, 'save');
  try {
    await t.send(from, 'ya');
  } finally {
    restore();
  }
  await t.service.engine.settle(`simulator:${from}`);
  const sent = (await outbound(from)).slice(before);
  expect(sent).toHaveLength(1);
  expect(sent[0]).toContain('kami teruskan ke petugas');
});

test('when the processed mark of a message waiting for staff fails once, then the person is told it waits once', async () => {
  const from = '6281277700002';
  await t.send(from, 'saya mau bicara dengan petugas');
  await t.send(from, 'ya');
  const waitingText = t.service.catalogue.render('engine.human_waiting');
  const restore = failOnce(engineDeps().messageLog, 'markProcessed');
  try {
    await t.send(from, 'halo, ada petugas?');
  } finally {
    restore();
  }
  await t.service.engine.settle(`simulator:${from}`);
  expect((await outbound(from)).filter((text) => text === waitingText)).toHaveLength(1);
});

test('when a message was recorded but its step never finished (a crash), then its redelivery is answered at once, once', async () => {
  const from = '6281277700001';
  const messageLog = engineDeps().messageLog as { recordInbound: (...a: unknown[]) => Promise<boolean> };
  const inbound = { channel: 'simulator', messageId: 'crash-1', chatId: from, phone: `+${from}`, chatKind: 'direct', fromMe: false, type: 'text', text: 'jadwal', receivedAt: t.clock.now() };
  // The dead process got as far as recording it.
  expect(await messageLog.recordInbound(inbound, `simulator:${from}`, 'user')).toBe(true);
  const replies = await t.send(from, 'jadwal', { id: 'crash-1' });
  expect(replies.join('\n')).toContain('*Jadwal layanan*');
  expect(await t.send(from, 'jadwal', { id: 'crash-1' })).toEqual([]);
  expect((await outbound(from)).filter((text) => text.includes('*Jadwal layanan*'))).toHaveLength(1);
});

test('when the outbox write lands but its answer is lost (a network error after the server applied it), then the reply goes at once, once', async () => {
  const from = '6281277700003';
  await t.send(from, 'halo');
  const db = t.service.db.connection.db!;
  const before = await db.collection('outbox').countDocuments();
  // The driver's collection the outbox writes through: the insert lands, then the connection drops.
  const entries = (engineDeps().outbox as unknown as { entries: Record<string, (...args: unknown[]) => Promise<unknown>> }).entries;
  const insertMany = entries.insertMany;
  let lost = false;
  entries.insertMany = async function (this: unknown, ...args: unknown[]) {
    const result = await insertMany.apply(this, args);
    if (lost) return result;
    lost = true;
    throw transientError();
  };
  try {
    await t.send(from, 'syarat');
  } finally {
    entries.insertMany = insertMany;
  }
  // No clock moves: the test clock stands still, so a reply left for the sending lease (a minute) never comes.
  await t.service.engine.settle(`simulator:${from}`);
  expect((await outbound(from)).filter((text) => text.includes('*Persyaratan'))).toHaveLength(1);
  const written = await db.collection('outbox').find().sort({ _id: -1 }).limit((await db.collection('outbox').countDocuments()) - before).toArray();
  const opened = written.map((e) => [t.service.modules.cipher.decrypt(e.text), e.status]);
  expect(opened.filter(([text]) => text.includes('*Persyaratan'))).toEqual([[expect.stringContaining('*Persyaratan'), 'sent']]);
});
