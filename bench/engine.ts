/**
 * Engine benchmark: 1,000 simulated chats send 20,000 messages over all flows through the
 * in-process simulator channel on the embedded database. A baseline handler doing one session
 * read and one write per message runs the same load, so the figures say what the engine adds.
 * Lost and duplicated replies are counted, not assumed.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ManualClock } from '../src/calendar/clock';
import { loadEnv } from '../src/config/env';
import { SessionStore } from '../src/conversation/session-store';
import { createLogger } from '../src/logging/logger';
import { createService } from '../src/service';
import { startDatabaseProcess } from './database-process';

const CHATS = Number(process.env.BENCH_CHATS ?? 1000);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);

/** Conversations covering every flow; each chat walks one script, looping. */
export const SCRIPTS: string[][] = [
  ['halo', '1', '2', 'menu', 'jadwal', 'info biaya'],
  ['cek status', '3204110609970001', 'menu', 'syarat2', 'terima kasih'],
  ['pengaduan', '1', 'Antrean terlalu lama', 'selesai', 'Budi', 'lewati', '2', '3'],
  ['gmn cara daftar', 'status aduan ADU-BJM-2611-0001', 'menu', 'qwerty', 'batal', '8'],
];

/**
 * Open loop: messages arrive at a fixed rate whatever the service does, as real chats do, so
 * the latency is the service time at that load rather than the queue a closed loop builds.
 */
async function runOpenLoop(ratePerSecond: number, total: number, send: (chat: number, text: string, id: string) => Promise<void>) {
  const latencies: number[] = [];
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const chat = i % CHATS;
    const seq = Math.floor(i / CHATS);
    const script = SCRIPTS[chat % SCRIPTS.length];
    const t0 = performance.now();
    inFlight.push(send(chat, script[seq % script.length], `open-${chat}-${seq}`).then(() => void latencies.push(performance.now() - t0)));
  }
  await Promise.all(inFlight);
  latencies.sort((a, b) => a - b);
  return {
    ratePerSecond,
    messages: latencies.length,
    p50: Number(percentile(latencies, 50).toFixed(2)),
    p95: Number(percentile(latencies, 95).toFixed(2)),
    p99: Number(percentile(latencies, 99).toFixed(2)),
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function runLoad(send: (chat: number, text: string, id: string) => Promise<void>) {
  const perChat = Math.ceil(MESSAGES / CHATS);
  const latencies: number[] = [];
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CHATS }, async (_, chat) => {
      const script = SCRIPTS[chat % SCRIPTS.length];
      for (let i = 0; i < perChat && chat * perChat + i < MESSAGES; i++) {
        const t0 = performance.now();
        await send(chat, script[i % script.length], `bench-${chat}-${i}`);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  latencies.sort((a, b) => a - b);
  return {
    messages: latencies.length,
    seconds: Number(seconds.toFixed(2)),
    throughput: Math.round(latencies.length / seconds),
    p50: Number(percentile(latencies, 50).toFixed(2)),
    p95: Number(percentile(latencies, 95).toFixed(2)),
    p99: Number(percentile(latencies, 99).toFixed(2)),
    peakRssMb: Math.round(peakRss / 1048576),
  };
}

export async function benchEngine() {
  const mongo = await startDatabaseProcess();
  const clock = new ManualClock('2026-11-23T02:00:00Z');
  const env = loadEnv({ NODE_ENV: 'test', SIMULATOR_ENABLED: 'true', DATA_ENCRYPTION_KEY: 'b'.repeat(64), LOG_LEVEL: 'silent' });
  const service = await createService({ env, clock, logger: createLogger({ level: 'silent' }), databaseUri: `${mongo.uri}bench_engine` });
  const simulator = service.simulator!;
  const sentById = new Map<string, number>();
  service.outbox.on('sent', (entry: { _id: unknown }) => sentById.set(String(entry._id), (sentById.get(String(entry._id)) ?? 0) + 1));
  const phone = (chat: number) => `62811${String(chat).padStart(7, '0')}`;

  const engine = await runLoad(async (chat, text, id) => {
    const chatId = phone(chat);
    await service.engine.receive({ channel: 'simulator', messageId: id, chatId, phone: `+${chatId}`, text, receivedAt: clock.now() });
    await service.engine.settle(`simulator:${chatId}`);
  });
  let lost = 0;
  for (let chat = 0; chat < CHATS; chat++) {
    const replied = new Set(simulator.transcript(phone(chat)).filter((e) => e.direction === 'out').map((e) => e.inReplyTo));
    const perChat = Math.ceil(MESSAGES / CHATS);
    for (let i = 0; i < perChat && chat * perChat + i < MESSAGES; i++) if (!replied.has(`bench-${chat}-${i}`)) lost++;
  }
  const duplicated = [...sentById.values()].filter((n) => n > 1).length;

  // Latency at a sustainable load: half the closed-loop throughput, on chats of their own.
  const openPhone = (chat: number) => `62819${String(chat).padStart(7, '0')}`;
  const openLoop = await runOpenLoop(Math.max(10, Math.round(engine.throughput / 2)), Number(process.env.BENCH_OPEN_MESSAGES ?? 5000), async (chat, text, id) => {
    const chatId = openPhone(chat);
    await service.engine.receive({ channel: 'simulator', messageId: id, chatId, phone: `+${chatId}`, text, receivedAt: clock.now() });
    await service.engine.settle(`simulator:${chatId}`);
  });

  // Baseline: the least a stateful bot must do per message — read the session, write it back.
  const sessions = new SessionStore(service.db.connection, service.modules.cipher);
  const baseline = await runLoad(async (chat) => {
    const key = `baseline:${chat}`;
    const s = (await sessions.get(key)) ?? { _id: key, flow: null, misses: 0, offer: null, lastActivityAt: clock.now(), lastMessageId: null };
    await sessions.save({ ...s, lastMessageId: sessions.markOf(randomUUID()) });
  });
  await service.close();
  mongo.stop();
  return {
    chats: CHATS,
    engine,
    openLoop,
    baseline,
    ratio: { throughput: Number((baseline.throughput / engine.throughput).toFixed(2)), p99: Number((engine.p99 / baseline.p99).toFixed(2)) },
    lostReplies: lost,
    duplicatedReplies: duplicated,
  };
}
