/**
 * Memory benchmark: RSS of the engine process holding 10,000 live sessions (each chat in the
 * middle of a flow). The embedded database runs in the same process, so its documents count too.
 */
import { ManualClock } from '../src/calendar/clock';
import { loadEnv } from '../src/config/env';
import { startEmbeddedMongo } from '../src/db/embedded';
import { createLogger } from '../src/logging/logger';
import { createService } from '../src/service';

const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 10_000);

export async function benchMemory() {
  const mongo = await startEmbeddedMongo();
  const clock = new ManualClock('2026-11-23T02:00:00Z');
  const env = loadEnv({ NODE_ENV: 'test', SIMULATOR_ENABLED: 'true', DATA_ENCRYPTION_KEY: 'c'.repeat(64), LOG_LEVEL: 'silent' });
  const service = await createService({ env, clock, logger: createLogger({ level: 'silent' }), databaseUri: `${mongo.uri}bench_memory` });
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
  const live = await service.db.connection.collection('sessions').countDocuments({ flow: { $ne: null } });
  await service.close();
  await mongo.stop();
  return { liveSessions: live, rssBeforeMb: Math.round(before / 1048576), rssAfterMb: Math.round(after / 1048576) };
}
