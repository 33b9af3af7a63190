/**
 * Shutdown order, counted at the channel: a reply to a message taken just before close is
 * actually sent, nothing is sent after the transport is closed, a message arriving after close
 * began is refused (not half-handled), and a channel that hangs cannot hold close past the
 * configured drain time.
 */
import { ChannelUnavailableError, type Channel, type OutboundMessage } from '../../src/channels/port';
import { EngineClosedError } from '../../src/conversation/engine';
import { startTestService, type TestService } from '../support/service';

/** A transport that records what it sent, when, and whether it was already closed. */
class RecordingChannel implements Channel {
  readonly name = 'simulator' as const;
  readonly sent: { text: string; correlationId: string | null; afterClose: boolean }[] = [];
  closed = false;
  constructor(private readonly sendMs: number | 'hang') {}
  async send(message: OutboundMessage): Promise<void> {
    if (this.sendMs === 'hang') return new Promise<void>(() => undefined);
    await new Promise((r) => setTimeout(r, this.sendMs as number));
    this.sent.push({ text: message.text, correlationId: message.correlationId, afterClose: this.closed });
    if (this.closed) throw new ChannelUnavailableError('transport closed');
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

const inbound = (t: TestService, from: string, id: string, text: string) => ({
  channel: 'simulator' as const, messageId: id, chatId: from, phone: `+${from}`, text, receivedAt: t.clock.now(),
});

test('when the service closes right after a message is taken, then its reply is sent before the transport closes and a later message is refused', async () => {
  const t = await startTestService();
  const channel = new RecordingChannel(150);
  t.service.channels.register(channel);
  const from = '6281399900001';
  const taken = t.service.engine.receive(inbound(t, from, 'shutdown-1', 'syarat'));
  const closing = t.close();
  const late = t.service.engine.receive(inbound(t, from, 'shutdown-2', 'jadwal'));
  await expect(late).rejects.toBeInstanceOf(EngineClosedError);
  await closing;
  expect((await taken).status).toBe('processed');
  const replies = channel.sent.filter((s) => s.correlationId === 'shutdown-1');
  expect(replies.length).toBeGreaterThan(0);
  expect(replies.map((r) => r.text).join('\n')).toContain('*Persyaratan');
  expect(channel.sent.filter((s) => s.afterClose)).toEqual([]);
  expect(channel.sent.filter((s) => s.correlationId === 'shutdown-2')).toEqual([]);
  expect(channel.closed).toBe(true);
}, 30_000);

test('when the channel hangs during the drain, then close still finishes within the configured drain time', async () => {
  const t = await startTestService({ env: { SHUTDOWN_DRAIN_SECONDS: '1' } });
  const channel = new RecordingChannel('hang');
  t.service.channels.register(channel);
  const taken = t.service.engine.receive(inbound(t, '6281399900002', 'shutdown-3', 'syarat'));
  const started = Date.now();
  await t.close();
  expect(Date.now() - started).toBeLessThan(4_000);
  expect(channel.closed).toBe(true);
  expect((await taken).status).toBe('processed');
  expect(t.logs.some((l) => String(l.msg).includes('outbox not drained in time'))).toBe(true);
}, 30_000);
