/**
 * The simulator's transcript keeps a chat in the order a phone shows it: the person's message
 * first, then the answers to it — even when an answer leaves while the message is still being
 * handled (in the demo the outbox worker runs in the background and can send that early).
 */
import express from 'express';
import { SimulatorChannel } from '../../src/channels/simulator/simulator-channel';
import { simulatorRoutes } from '../../src/channels/simulator/routes';
import type { ConversationEngine } from '../../src/conversation/engine';

test('when the reply is sent before the engine returns, then the transcript still lists the message before its reply', async () => {
  const now = () => new Date('2026-11-23T02:00:00Z');
  const channel = new SimulatorChannel(now);
  // An engine whose reply leaves during receive(), as the background outbox worker may send it.
  const engine = {
    receive: async (m: { chatId: string; messageId: string }) => {
      await channel.send({ id: `reply-${m.messageId}`, chatId: m.chatId, text: 'Halo, selamat datang', correlationId: m.messageId, source: 'bot' });
      return { status: 'processed', messageId: m.messageId };
    },
    settle: async () => undefined,
  } as unknown as ConversationEngine;
  const app = express();
  app.use(express.json());
  app.use('/simulator', simulatorRoutes({ engine, channel, now }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}/simulator`;
    const sent = await fetch(`${base}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: '6281234567890', text: 'halo' }) });
    expect(sent.status).toBe(200);
    expect(((await sent.json()) as { replies: unknown }).replies).toEqual([{ text: 'Halo, selamat datang' }]);
    const { messages } = (await (await fetch(`${base}/chats/6281234567890/messages`)).json()) as { messages: { direction: string; text: string }[] };
    expect(messages.map((m) => `${m.direction}: ${m.text}`)).toEqual(['in: halo', 'out: Halo, selamat datang']);
    // The page names its base, so "/simulator" without a slash resolves "chats", "events", "messages" under it.
    expect(await (await fetch(base)).text()).toContain('<base href="/simulator/">');
  } finally {
    await new Promise((r) => server.close(r));
  }
});
