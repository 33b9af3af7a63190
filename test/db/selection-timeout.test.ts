/**
 * How long a connection waits for its server: an engine running in this process (a test's,
 * passed in by URI) is only ever slow when the CPU is starved, so it gets 30 s; a real server
 * that does not answer in 5 s is down. A test suite on two busy cores timed out at 5 s against
 * its own engine (CI, test/complaints/deadlines).
 */
import { openDatabase } from '../../src/db/connection';
import { servesHere, startEmbeddedMongo } from '../../src/db/embedded';
import { createLogger } from '../../src/logging/logger';

const logger = createLogger({ level: 'silent' });
const selectionTimeout = (db: Awaited<ReturnType<typeof openDatabase>>) => db.connection.getClient().options.serverSelectionTimeoutMS;

test('when the URI names an engine this process runs, then the connection waits 30 s for it; once stopped, the URI is a server like any other', async () => {
  const engine = await startEmbeddedMongo();
  const db = await openDatabase({ uri: `${engine.uri}selection`, logger });
  try {
    expect(selectionTimeout(db)).toBe(30_000);
  } finally {
    await db.close();
    await engine.stop();
  }
  expect(servesHere(`${engine.uri}selection`)).toBe(false);
});
