/**
 * Where the conformance suite runs: against the embedded engine by default, or against a real
 * MongoDB when TEST_MONGODB_URI is set (so the suite itself is checked against the reference).
 * Engine-only tests (malformed bytes, outage injection, TTL timing) are skipped on a real server.
 */
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';

export const REAL_URI = process.env.TEST_MONGODB_URI;
export const onRealServer = Boolean(REAL_URI);
/** `describe`/`it` that only run against the embedded engine. */
export const describeEngine: jest.Describe = onRealServer ? describe.skip : describe;
export const itEngine: jest.It = onRealServer ? it.skip : it;

export interface DbTarget {
  /** The embedded engine, or null on a real server. */
  engine: EmbeddedMongo | null;
  /** Connection string for `dbName` (default driver options). */
  uriFor(dbName: string): string;
  stop(): Promise<void>;
}

function withDb(base: string, dbName: string): string {
  const url = new URL(base);
  url.pathname = `/${dbName}`;
  return url.toString();
}

export async function startTarget(options: { ttlSweepMs?: number } = {}): Promise<DbTarget> {
  if (REAL_URI) {
    return { engine: null, uriFor: (db) => withDb(REAL_URI, db), stop: async () => undefined };
  }
  const engine = await startEmbeddedMongo({ ttlSweepMs: options.ttlSweepMs });
  return {
    engine,
    // Same shape production code uses: `${uri}${dbName}`.
    uriFor: (db) => `${engine.uri}${db}`,
    stop: () => engine.stop(),
  };
}
