/**
 * Group commit (src/db/group-commit): writes of different chats made at the same moment go to
 * the database as one command, and each caller still gets its own outcome. Checked at the
 * outermost layers: the commands the database receives, what the channel was asked to send
 * (every call, not the simulator's transcript, which hides a repeated outbox id) and what the
 * database holds — when one chat's statement is refused as a duplicate beside another chat's
 * fresh ones, and when the whole grouped command fails before or after it was applied.
 */
import type { Collection } from 'mongodb';
import { duplicatePositions, isDuplicateKey } from '../../src/db/duplicate-key';
import { GroupCommit } from '../../src/db/group-commit';
import { chatKeyHash } from '../../src/applications/sealing';
import type { InboundMessageInput } from '../../src/conversation/inbound';
import { useServiceWithCommandLog } from '../support/command-log';
import type { TestService } from '../support/service';

let t: TestService;
let commands: string[];
useServiceWithCommandLog((started) => ({ t, commands } = started));

function transientError(): Error {
  const err = new Error('connection 11 to 127.0.0.1:27017 closed');
  err.name = 'MongoNetworkError';
  return err;
}

/** Every text the channel was asked to send, per chat id (repeats included). */
function channelSends(): { texts: (chatId: string) => string[]; restore: () => void } {
  const simulator = t.service.simulator! as unknown as { send: (m: { chatId: string; text: string }) => Promise<void> };
  const original = simulator.send;
  const seen: { chatId: string; text: string }[] = [];
  simulator.send = async function (this: unknown, m) {
    seen.push({ chatId: m.chatId, text: m.text });
    return original.call(this, m);
  };
  return { texts: (chatId) => seen.filter((s) => s.chatId === chatId).map((s) => s.text), restore: () => void (simulator.send = original) };
}

test('when several callers insert at the same moment and one document is a duplicate, then one command is sent and only that caller is refused, at its own position', async () => {
  const collection = t.service.db.connection.collection('group_commit_probe') as unknown as Collection<{ _id: string }>;
  await collection.insertOne({ _id: 'taken' });
  const grouped = new GroupCommit<{ _id: string }>(collection);
  commands.length = 0;
  const outcomes = await Promise.allSettled([
    grouped.insertMany([{ _id: 'a1' }]),
    grouped.insertMany([{ _id: 'taken' }, { _id: 'b2' }]),
    grouped.insertOne({ _id: 'c1' }),
    grouped.insertOne({ _id: 'taken' }),
  ]);
  expect(commands.filter((c) => c.startsWith('insert '))).toEqual(['insert group_commit_probe']);
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
  expect(duplicatePositions((outcomes[1] as PromiseRejectedResult).reason)).toEqual(new Set([0]));
  expect(isDuplicateKey((outcomes[3] as PromiseRejectedResult).reason)).toBe(true);
  expect((await collection.find({}).toArray()).map((d) => d._id).sort()).toEqual(['a1', 'b2', 'c1', 'taken']);
});

test('when a retried step\'s reply, already written, is grouped with another chat\'s new reply, then each reply reaches the channel once', async () => {
  const { outbox } = t.service;
  const [a, b] = ['6281300022201', '6281300022202'];
  const chatA = { channel: 'simulator' as const, chatId: a };
  const chatB = { channel: 'simulator' as const, chatId: b };
  await outbox.enqueue([{ chat: chatA, text: 'Balasan pertama A.', source: 'bot', dedupeKey: 'gc-a-0' }]);
  await outbox.drain(`simulator:${a}`);
  await outbox.enqueue([{ chat: chatB, text: 'Balasan pertama B.', source: 'bot', dedupeKey: 'gc-b-0' }]);
  await outbox.drain(`simulator:${b}`);
  const sends = channelSends();
  try {
    commands.length = 0;
    // B's new reply first, then A's retried step: its first entry is already in the outbox, its second is new.
    await Promise.all([
      outbox.enqueue([{ chat: chatB, text: 'Balasan kedua B.', source: 'bot', dedupeKey: 'gc-b-1' }]),
      outbox.enqueue([
        { chat: chatA, text: 'Balasan pertama A.', source: 'bot', dedupeKey: 'gc-a-0' },
        { chat: chatA, text: 'Balasan kedua A.', source: 'bot', dedupeKey: 'gc-a-1' },
      ]),
    ]);
    expect(commands.filter((c) => c === 'insert outbox')).toHaveLength(1);
    await Promise.all([outbox.drain(`simulator:${a}`), outbox.drain(`simulator:${b}`)]);
  } finally {
    sends.restore();
  }
  expect(sends.texts(a)).toEqual(['Balasan kedua A.']);
  expect(sends.texts(b)).toEqual(['Balasan kedua B.']);
});

const inbound = (chatId: string, id: string, text: string): InboundMessageInput => ({ channel: 'simulator', messageId: id, chatId, phone: `+${chatId}`, text, receivedAt: t.clock.now() });

/** Three chats, warmed up, each sending 'syarat' at the same moment; `fault` wraps the sessions collection's bulkWrite. */
async function threeChatsAtOnce(prefix: string, fault: (original: (...a: unknown[]) => Promise<unknown>) => (...a: unknown[]) => Promise<unknown>) {
  const chats = [1, 2, 3].map((i) => `62813000${prefix}${i}`);
  for (const chat of chats) {
    await t.service.engine.receive(inbound(chat, `${prefix}-${chat}-warm`, 'halo'));
    await t.service.engine.settle(`simulator:${chat}`);
  }
  const sessions = (t.service.engine as unknown as { deps: { sessions: { sessions: Record<string, (...a: unknown[]) => Promise<unknown>> } } }).deps.sessions.sessions;
  const original = sessions.bulkWrite;
  let calls = 0;
  const faulty = fault(original.bind(sessions));
  sessions.bulkWrite = async (...args: unknown[]) => {
    calls++;
    return faulty(...args);
  };
  const sends = channelSends();
  try {
    const results = await Promise.all(chats.map((chat) => t.service.engine.receive(inbound(chat, `${prefix}-${chat}-q`, 'syarat'))));
    expect(results.map((r) => r.status)).toEqual(['processed', 'processed', 'processed']);
    await Promise.all(chats.map((chat) => t.service.engine.settle(`simulator:${chat}`)));
  } finally {
    sessions.bulkWrite = original;
    sends.restore();
  }
  // The three session writes were grouped: the fault hit the one command that carried them.
  expect(calls).toBeGreaterThan(0);
  for (const chat of chats) {
    expect(sends.texts(chat).filter((text) => text.includes('*Persyaratan'))).toHaveLength(1);
    // And the database holds the step: the session lists the message as applied.
    const store = (t.service.engine as unknown as { deps: { sessions: { markOf(id: string): string } } }).deps.sessions;
    const stored = await t.service.db.connection.collection('sessions').findOne({ _id: chatKeyHash(t.service.modules.cipher, `simulator:${chat}`) as never });
    expect(stored?.applied).toContain(store.markOf(`${prefix}-${chat}-q`));
  }
  // After a restart (nothing cached), a redelivery of each is a duplicate and sends nothing.
  t.service.engine.forgetCachedState();
  for (const chat of chats) expect((await t.service.engine.receive(inbound(chat, `${prefix}-${chat}-q`, 'syarat'))).status).toBe('duplicate');
}

test('when the grouped session write of several chats fails before it is applied, then every chat\'s step runs again: each answered once, each session saved', async () => {
  let failed = false;
  await threeChatsAtOnce('331', (original) => async (...args) => {
    if (!failed) {
      failed = true;
      throw transientError();
    }
    return original(...args);
  });
});

test('when the grouped session write of several chats is applied but its answer is lost, then each chat is answered once', async () => {
  let lost = false;
  await threeChatsAtOnce('332', (original) => async (...args) => {
    const result = await original(...args);
    if (!lost) {
      lost = true;
      throw transientError();
    }
    return result;
  });
});
