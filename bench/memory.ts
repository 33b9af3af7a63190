/**
 * Memory benchmark: RSS of the engine process holding 10,000 live sessions (each chat in the
 * middle of a flow). The embedded database runs in a child process, as MongoDB would, so the
 * figure is the engine's own. Run alone (`tsx bench/memory.ts`) or from bench/run.ts, which
 * starts it in a fresh process so earlier benchmarks' garbage does not count.
 */
import { ManualClock } from '../src/calendar/clock';
import { loadEnv } from '../src/config/env';
import { createLogger } from '../src/logging/logger';
import { createService } from '../src/service';
import { startDatabaseProcess } from './database-process';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 10_000);

export async function benchMemory() {
  const db = await startDatabaseProcess();
  const clock = new ManualClock('2026-11-23T02:00:00Z');
  const env = loadEnv({ NODE_ENV: 'test', SIMULATOR_ENABLED: 'false', DATA_ENCRYPTION_KEY: 'c'.repeat(64), LOG_LEVEL: 'silent' });
  const service = await createService({ env, clock, logger: createLogger({ level: 'silent' }), databaseUri: `${db.uri}bench_memory` });
  // A channel that delivers nowhere: the figure is the engine's, not a transcript's (the simulator
  // keeps every chat's messages for its web page) nor a browser's.
  service.channels.register({ name: 'simulator', send: async () => undefined });
  global.gc?.();
  const before = process.memoryUsage().rss;
  const batch = 200;
  for (let start = 0; start < SESSIONS; start += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, SESSIONS - start) }, async (_, i) => {
        const chatId = `62812${String(start + i).padStart(7, '0')}`;
        await service.engine.receive({ channel: 'simulator', messageId: `mem-${chatId}`, chatId, phone: `+${chatId}`, text: 'pengaduan', receivedAt: clock.now() });
        await service.engine.settle(`simulator:${chatId}`);
      }),
    );
  }
  global.gc?.();
  const after = process.memoryUsage().rss;
  // Where the RSS goes: V8's live objects, the heap it keeps committed, and memory outside it
  // (buffers: bson's 17 MB serialisation buffer alone is allocated when the driver loads).
  const usage = process.memoryUsage();
  const heapUsedMb = Math.round(usage.heapUsed / 1048576);
  const heapCommittedMb = Math.round(usage.heapTotal / 1048576);
  const outsideHeapMb = Math.round(usage.external / 1048576);
  const live = await service.db.connection.collection('sessions').countDocuments({ flow: { $ne: null } });
  await service.close();
  db.stop();
  return { liveSessions: live, rssBeforeMb: Math.round(before / 1048576), rssAfterMb: Math.round(after / 1048576), heapUsedMb, heapCommittedMb, outsideHeapMb };
}

if (require.main === module) {
  benchMemory()
    .then((r) => {
      process.stdout.write(`${JSON.stringify(r)}\n`);
      process.exit(0);
    })
    .catch((err) => {
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1); // also ends the database child process's parent wait
    });
}
