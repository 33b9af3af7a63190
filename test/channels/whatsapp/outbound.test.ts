// Sending through the office number: typing first, paced globally and per chat with jitter,
// stricter for scheduled messages, numbers checked before staff or scheduled sends, and the
// library's silent failures (undefined from sendMessage) turned into retryable errors.
import { ChannelSendError, type OutboundMessage, type OutboxSource } from '../../../src/channels/port';
import { waMessage } from './support/fake-client';
import { settle } from './support/fake-timers';
import { startHarness, type Harness } from './support/harness';

const PERSON = '6281234567890@c.us';
let h: Harness;
let seq = 0;

afterEach(async () => {
  await h?.close();
});

function out(chatId: string, text = 'Baik, terima kasih.', source: OutboxSource = 'bot'): OutboundMessage {
  return { id: `out-${++seq}`, chatId, text, correlationId: null, source };
}

/** Sends and lets fake time run until the send settles; returns the error, if any. */
async function send(message: OutboundMessage): Promise<unknown> {
  let outcome: { error?: unknown } | null = null;
  h.transport.send(message).then(
    () => (outcome = {}),
    (error: unknown) => (outcome = { error }),
  );
  await h.timers.advanceUntil(() => outcome !== null);
  return (outcome as unknown as { error?: unknown }).error;
}

async function linked(options: Parameters<typeof startHarness>[0] = {}) {
  h = await startHarness({ random: () => 0, ...options });
  await h.ready();
  return h.client;
}

/** A linked client whose chat with PERSON cannot be read back (fetchMessages fails in the page). */
async function linkedWithUnreadableChat(sendAnswer: 'undefined' | 'sent-undefined') {
  const client = await linked();
  const chat = client.addChat(PERSON);
  client.sendAnswer = sendAnswer;
  chat.fetchMessages = async () => {
    throw new Error('Evaluation failed: TypeError');
  };
  return client;
}

describe('WhatsApp outbound', () => {
  it('when the bot replies, then typing shows for a time scaled to the text, and the message goes without link preview', async () => {
    const client = await linked();
    const chat = client.addChat(PERSON);
    const start = h.timers.now();
    const text = 'x'.repeat(40);
    expect(await send(out(PERSON, text))).toBeUndefined();
    expect(chat.typingShown).toBe(1);
    expect(client.sent).toEqual([{ chatId: PERSON, content: text, options: { linkPreview: false }, at: start + 800 + 40 * 25 }]);
    expect(h.transport.state().lastOutboundAt).toEqual(new Date(start + 1800));
    expect(await h.transport.readiness().check()).toMatchObject({ lastOutboundAt: new Date(start + 1800).toISOString() });
  });

  it('when the text is long, then typing is capped and the person does not wait a minute', async () => {
    const client = await linked();
    client.addChat(PERSON);
    const start = h.timers.now();
    await send(out(PERSON, 'x'.repeat(2000)));
    expect(client.sent[0].at - start).toBe(6000);
  });

  it('when many chats get replies at once, then they leave one at a time, at least 1 s apart, and slow to the rate limit after a burst', async () => {
    const client = await linked();
    const chats = Array.from({ length: 12 }, (_, i) => `62812000000${String(i).padStart(2, '0')}@c.us`);
    chats.forEach((c) => client.addChat(c));
    const sends = chats.map((c) => h.transport.send(out(c, 'ok')));
    await h.timers.advanceUntil(() => client.sent.length === 12);
    await Promise.all(sends);
    const at = client.sent.map((s) => s.at);
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1000);
    expect(gaps.slice(0, 4)).toEqual([1000, 1000, 1000, 1000]);
    // 20 a minute once the burst of 5 is spent: one every 3 s.
    expect(gaps.slice(-3)).toEqual([3000, 3000, 3000]);
    expect(at.filter((t) => t < at[0] + 60_000).length).toBeLessThanOrEqual(5 + 20);
  });

  it('when one chat gets a multi-part reply, then the parts are at least 2 s apart', async () => {
    const client = await linked();
    client.addChat(PERSON);
    await send(out(PERSON, 'bagian 1'));
    await send(out(PERSON, 'bagian 2'));
    const [first, second] = client.sent;
    expect(second.at - first.at).toBeGreaterThanOrEqual(2000);
  });

  it('when pacing is jittered, then the random part adds to the wait', async () => {
    const client = await linked({ random: () => 1 });
    client.addChat(PERSON);
    const start = h.timers.now();
    await send(out(PERSON, 'ok'));
    expect(client.sent[0].at - start).toBe(800 + 2 * 25 + 1500);
  });

  it('when reminders go to several people, then scheduled sends are at least 10 s apart', async () => {
    const client = await linked();
    const numbers = ['6281200000001', '6281200000002', '6281200000003'];
    numbers.forEach((n) => {
      client.registered.set(n, `${n}@c.us`);
      client.addChat(`${n}@c.us`);
    });
    const sends = numbers.map((n) => h.transport.send(out(`${n}@c.us`, 'Pengingat jadwal', 'reminder')));
    await h.timers.advanceUntil(() => client.sent.length === 3);
    await Promise.all(sends);
    const at = client.sent.map((s) => s.at);
    expect(at[1] - at[0]).toBeGreaterThanOrEqual(10_000);
    expect(at[2] - at[1]).toBeGreaterThanOrEqual(10_000);
  });

  it('when staff reply in several handed-over chats, then they go at the conversational pace, not the scheduled one', async () => {
    const client = await linked();
    const numbers = ['6281200000001', '6281200000002'];
    numbers.forEach((n) => {
      client.registered.set(n, `${n}@c.us`);
      client.addChat(`${n}@c.us`);
    });
    const sends = numbers.map((n) => h.transport.send(out(`${n}@c.us`, 'Baik Bu', 'staff')));
    await h.timers.advanceUntil(() => client.sent.length === 2);
    await Promise.all(sends);
    expect(client.sent[1].at - client.sent[0].at).toBeLessThan(10_000);
  });

  it('when sendMessage answers undefined (the chat could not be resolved), then the send fails and is retryable', async () => {
    const client = await linked();
    client.addChat(PERSON);
    client.sendAnswer = 'undefined';
    const error = await send(out(PERSON));
    expect(error).toBeInstanceOf(ChannelSendError);
    expect((error as ChannelSendError).permanent).toBe(false);
    expect(h.transport.state().lastOutboundAt).toBeUndefined();
    client.sendAnswer = 'null';
    expect(((await send(out(PERSON))) as ChannelSendError).permanent).toBe(false);
  });

  it.each([false, true])(
    'when sendMessage sends but answers undefined (whatsapp-web.js 1.34.7 on current WhatsApp Web; echo first: %s), then it counts as sent, once, and its echo is not the office typing',
    async (echoFirst) => {
      const client = await linked();
      client.addChat(PERSON);
      client.sendAnswer = 'sent-undefined';
      client.echoBeforeResolve = echoFirst;
      expect(await send(out(PERSON, 'Persyaratan: KTP dan KK.'))).toBeUndefined();
      await settle(30);
      expect(client.sent).toHaveLength(1);
      expect(h.received.filter((m) => m.fromMe)).toEqual([]);
    },
  );

  it('when sendMessage answers undefined and the chat cannot be read but the echo arrives, then the echo confirms it', async () => {
    const client = await linkedWithUnreadableChat('sent-undefined');
    expect(await send(out(PERSON))).toBeUndefined();
    expect(client.sent).toHaveLength(1);
  });

  it.each([
    ['it had gone', 'sent-undefined', 1],
    ['it had not gone', 'undefined', 1],
  ] as const)(
    'when sendMessage answers undefined and the chat cannot be read (%s), then the next try looks for it first and it reaches the chat once',
    async (_case, answer, copies) => {
      const client = await linkedWithUnreadableChat(answer);
      const chat = client.chats.get(PERSON)!;
      // The echo is lost too: only the chat can tell whether it went.
      client.removeAllListeners('message_create');
      const message = out(PERSON, 'Persyaratan: KTP dan KK.');
      const first = (await send(message)) as ChannelSendError;
      expect(first).toBeInstanceOf(ChannelSendError);
      expect([first.permanent, first.outcomeUnknown]).toEqual([false, true]);
      // Retried while the chat is still unreadable: still unknown, and nothing is sent blind.
      expect(((await send(message)) as ChannelSendError).outcomeUnknown).toBe(true);
      expect(client.sent).toHaveLength(1);
      // The page recovers: the chat can be read again.
      delete (chat as Partial<Pick<typeof chat, 'fetchMessages'>>).fetchMessages;
      client.sendAnswer = 'message';
      expect(await send(message)).toBeUndefined();
      expect(chat.messages.filter((m) => m.body === message.text)).toHaveLength(copies);
    },
  );

  it.each([
    ['fails (a page error after the send)', 'sent-throw'],
    ['never answers (past the send timeout)', 'sent-hang'],
  ] as const)(
    'when sendMessage sends and then %s, then it counts as sent, once, and its echo is not the office typing',
    async (_case, answer) => {
      const client = await linked();
      const chat = client.addChat(PERSON);
      client.sendAnswer = answer;
      const message = out(PERSON, 'Persyaratan: KTP dan KK.');
      expect(await send(message)).toBeUndefined();
      // The outbox would not retry a sent entry; even if it did, nothing goes again.
      expect(await send(message)).toBeUndefined();
      await settle(30);
      expect(client.sent).toHaveLength(1);
      expect(chat.messages.filter((m) => m.body === message.text)).toHaveLength(1);
      expect(h.received.filter((m) => m.fromMe)).toEqual([]);
    },
  );

  it('when sendMessage answers with the id only after the send timeout, then that late answer confirms it (no echo, chat unreadable)', async () => {
    const client = await linkedWithUnreadableChat('sent-undefined');
    client.removeAllListeners('message_create');
    const timeout = h.transport.settings.outbound.sendTimeoutMs;
    client.sendMessage = async (chatId, content) => {
      client.sent.push({ chatId, content, at: h.timers.now() });
      const copy = waMessage({ fromMe: true, to: chatId, body: content });
      // The browser finishes just after our timeout gave up on it.
      return new Promise((resolve) => h.timers.setTimeout(() => resolve({ id: copy.id }), timeout + 1_000));
    };
    expect(await send(out(PERSON))).toBeUndefined();
    expect(client.sent).toHaveLength(1);
  });

  it('when sendMessage fails and the message shows up only later, then its late echo is not the office typing and the next try sends nothing', async () => {
    const client = await linked();
    const chat = client.addChat(PERSON);
    // The page call fails, but WhatsApp Web sends the message from its own queue 20 s later.
    client.sendMessage = async (chatId, content) => {
      client.sent.push({ chatId, content, at: h.timers.now() });
      h.timers.setTimeout(() => {
        const copy = waMessage({ fromMe: true, to: chatId, body: content, timestamp: Math.floor(h.timers.now() / 1000) });
        chat.messages.push(copy);
        client.emitMessage(copy);
      }, 20_000);
      throw new Error('Protocol error (Runtime.callFunctionOn): Target closed');
    };
    const message = out(PERSON, 'Jadwal verifikasi: Senin.');
    const error = (await send(message)) as ChannelSendError;
    expect(error.permanent).toBe(false);
    // The outbox waits at least this long before its next try: long enough for a late copy.
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(20_000);
    await h.timers.advance(error.retryAfterMs!);
    expect(h.received.filter((m) => m.fromMe)).toEqual([]);
    expect(await send(message)).toBeUndefined();
    expect(client.sent).toHaveLength(1);
    expect(chat.messages).toHaveLength(1);
  });

  it('when sendMessage throws, then the error is retryable and does not quote the chat id', async () => {
    const client = await linked();
    client.addChat(PERSON);
    client.sendAnswer = 'throw';
    const error = (await send(out(PERSON))) as ChannelSendError;
    expect(error).toBeInstanceOf(ChannelSendError);
    expect(error.permanent).toBe(false);
    expect(error.message).not.toContain('6281234567890');
  });

  it('when the number is not linked yet, then sends fail fast and retryably (the outbox keeps them)', async () => {
    h = await startHarness({ random: () => 0 });
    const error = (await send(out(PERSON))) as ChannelSendError;
    expect(error).toBeInstanceOf(ChannelSendError);
    expect(error.permanent).toBe(false);
    expect(h.client.sent).toHaveLength(0);
  });

  it('when a message is addressed to a group, broadcast or channel, then it is refused for good (no bulk sends)', async () => {
    const client = await linked();
    for (const chatId of ['120363012345678901@g.us', 'status@broadcast', '1234@broadcast', '120363099999999999@newsletter']) {
      const error = (await send(out(chatId, 'Info', 'staff'))) as ChannelSendError;
      expect(error.permanent).toBe(true);
    }
    expect(client.sent).toHaveLength(0);
  });

  it('when staff write to a number that is not on WhatsApp, then the send fails for good without trying', async () => {
    const client = await linked();
    const error = (await send(out('6281299999999@c.us', 'Halo', 'staff'))) as ChannelSendError;
    expect(error).toBeInstanceOf(ChannelSendError);
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(/tidak terdaftar di WhatsApp/);
    expect(client.numberLookups).toEqual(['6281299999999']);
    expect(client.sent).toHaveLength(0);
  });

  it('when staff or a schedule write to a number on WhatsApp, then it is checked once and the id WhatsApp answers is used', async () => {
    const client = await linked();
    client.registered.set('6281234567890', '6281234567890@c.us');
    client.addChat(PERSON);
    expect(await send(out(PERSON, 'Halo dari petugas', 'staff'))).toBeUndefined();
    expect(await send(out(PERSON, 'Pengingat', 'notification'))).toBeUndefined();
    expect(client.numberLookups).toEqual(['6281234567890']);
    expect(client.sent.map((s) => s.chatId)).toEqual([PERSON, PERSON]);
  });

  it('when the bot answers someone who just wrote, or staff write to a LID, then no number lookup is made', async () => {
    const client = await linked();
    client.addChat(PERSON);
    client.addChat('123456789012345@lid');
    await send(out(PERSON, 'Jawaban', 'bot'));
    await send(out('123456789012345@lid', 'Halo', 'staff'));
    expect(client.numberLookups).toEqual([]);
    expect(client.sent).toHaveLength(2);
  });

  it('when the outbox retries a message that already left, then it is not sent twice', async () => {
    const client = await linked();
    client.addChat(PERSON);
    const message = out(PERSON);
    await send(message);
    await send(message);
    expect(client.sent).toHaveLength(1);
  });

  it('when the link drops while a message waits for its turn, then that message fails retryably instead of going to a dead client', async () => {
    const client = await linked();
    client.addChat(PERSON);
    const pending = h.transport.send(out(PERSON, 'x'.repeat(100)));
    await settle();
    client.emit('disconnected', 'CONFLICT');
    let error: unknown;
    pending.catch((e: unknown) => (error = e));
    await h.timers.advanceUntil(() => error !== undefined);
    expect((error as ChannelSendError).permanent).toBe(false);
    expect(client.sent).toHaveLength(0);
  });
});
