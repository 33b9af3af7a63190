/**
 * Scaling benchmark: per-message time and throughput of the engine while the office's records
 * grow — 0, 10k, 100k and 1M documents in each of the collections the hot path touches
 * (closed tickets, chat history, sent outbox entries, closed handoffs, applications). Flat
 * figures mean every hot-path query is an index lookup; growth means something scans.
 */
import { performance } from 'node:perf_hooks';
import type { Db } from 'mongodb';
import { ManualClock } from '../src/calendar/clock';
import { loadEnv } from '../src/config/env';
import { createLogger } from '../src/logging/logger';
import { createService } from '../src/service';
import { startDatabaseProcess } from './database-process';
import { messageFor } from './engine';

// 1M documents per collection is opt-in (BENCH_SCALING_SIZES=0,10000,100000,1000000): seeding that
// many runs the embedded database child out of its default heap on this 2-core bench machine.
const SIZES = (process.env.BENCH_SCALING_SIZES ?? '0,10000,100000').split(',').map(Number);
const BATCH = 5_000;
const SEQUENTIAL = 300;
const CONCURRENT_CHATS = 100;
const PER_CHAT = 10;

/** Old records, shaped as the stores write them, none of them belonging to the benchmark's chats. */
const seeders: Record<string, (i: number, at: Date) => Record<string, unknown>> = {
  tickets: (i, at) => ({
    number: `ADU-OLD-${String(i).padStart(8, '0')}`, office: 'banjarmasin', channel: 'whatsapp', topic: 'loket', body: 'x',
    complainant: { name: 'x', phoneHash: `p${i}`, phoneSealed: null, nikHash: null, nikSealed: null },
    chatHash: `old${i % 50_000}`, fingerprint: `f${i}`, stage: 'selesai', history: [], receivedAt: at, responseDueAt: at,
    respondedAt: at, responses: [], replies: [], overdue: false, alerts: { reminderSentAt: null, escalatedAt: null }, createdAt: at, updatedAt: at, rev: 0,
  }),
  messages: (i, at) => ({ channel: 'simulator', messageId: `old-${i}`, chatKey: `simulator:old${i % 50_000}`, direction: 'in', author: 'applicant', type: 'text', text: 'x', at, processed: true }),
  outbox: (i, at) => ({ chatKey: `simulator:old${i % 50_000}`, channel: 'simulator', chatId: `old${i}`, text: 'x', status: 'sent', attempts: 1, nextAttemptAt: at, createdAt: at, sentAt: at, dedupeKey: `old:${i}` }),
  handoffs: (i, at) => ({ chatKey: `simulator:old${i}`, status: 'closed', reason: 'request', requestedAt: at, claimedAt: at, claimedBy: null, lastActivityAt: at, closedAt: at, closeReason: 'done', acknowledgedAt: at }),
  applications: (i, at) => ({ agency: 'banjarmasin', registrationNumber: `OLD/${i}`, nik: { hash: `n${i}`, sealed: 'x' }, phones: [{ hash: `ph${i}`, sealed: 'x' }], status: 'aktif', createdAt: at, updatedAt: at, revision: 0 }),
};

async function seed(db: Db, from: number, to: number, base: number): Promise<void> {
  for (const [name, make] of Object.entries(seeders)) {
    for (let start = from; start < to; start += BATCH) {
      const n = Math.min(BATCH, to - start);
      const docs = Array.from({ length: n }, (_, k) => make(start + k, new Date(base - (start + k) * 60_000)));
      await db.collection(name).insertMany(docs, { ordered: false });
    }
  }
}

export async function benchScaling() {
  const mongo = await startDatabaseProcess();
  const clock = new ManualClock('2026-11-23T02:00:00Z');
  const env = loadEnv({ NODE_ENV: 'test', SIMULATOR_ENABLED: 'true', DATA_ENCRYPTION_KEY: 'c'.repeat(64), LOG_LEVEL: 'silent' });
  const service = await createService({ env, clock, logger: createLogger({ level: 'silent' }), databaseUri: `${mongo.uri}bench_scaling` });
  const db = service.db.connection.db!;
  const send = async (chat: string, text: string, id: string) => {
    await service.engine.receive({ channel: 'simulator', messageId: id, chatId: chat, phone: `+${chat}`, text, receivedAt: clock.now() });
    await service.engine.settle(`simulator:${chat}`);
  };
  // Warm up (JIT, the classifier's first calls) on chats of their own, so row one is not penalised.
  for (let i = 0; i < 100; i++) await send(`6281400${String(i % 20).padStart(5, '0')}`, messageFor(i % 20, Math.floor(i / 20)).text, `warm-${i}`);
  const rows: { documentsPerCollection: number; msPerMessage: number; messagesPerSecond: number; seedSeconds: number }[] = [];
  let seeded = 0;
  for (const size of SIZES) {
    const s0 = performance.now();
    await seed(db, seeded, size, clock.now().getTime() - 86_400_000);
    seeded = Math.max(seeded, size);
    const seedSeconds = (performance.now() - s0) / 1000;
    // Fresh chats per row, digits only (a WhatsApp number): 62812 + row + chat.
    const tag = String(rows.length);
    const t0 = performance.now();
    for (let i = 0; i < SEQUENTIAL; i++) {
      const chat = i % 30;
      await send(`62812${tag}${String(chat).padStart(5, '0')}`, messageFor(chat, Math.floor(i / 30)).text, `row${tag}-seq-${i}`);
    }
    const msPerMessage = (performance.now() - t0) / SEQUENTIAL;
    const c0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENT_CHATS }, async (_, chat) => {
        for (let i = 0; i < PER_CHAT; i++) await send(`62813${tag}${String(chat).padStart(5, '0')}`, messageFor(chat, i).text, `row${tag}-par-${chat}-${i}`);
      }),
    );
    const messagesPerSecond = Math.round((CONCURRENT_CHATS * PER_CHAT) / ((performance.now() - c0) / 1000));
    rows.push({ documentsPerCollection: size, msPerMessage: Number(msPerMessage.toFixed(2)), messagesPerSecond, seedSeconds: Number(seedSeconds.toFixed(1)) });
    process.stdout.write(`  ${size} documents per collection: ${msPerMessage.toFixed(2)} ms per message, ${messagesPerSecond} msg/s with ${CONCURRENT_CHATS} chats\n`);
  }
  await service.close();
  mongo.stop();
  const empty = rows[0].msPerMessage;
  return { rows, growth: rows.map((r) => ({ documents: r.documentsPerCollection, timesEmpty: Number((r.msPerMessage / empty).toFixed(2)) })) };
}

if (require.main === module) {
  benchScaling().then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`));
}
