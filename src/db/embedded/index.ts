/**
 * Public API of the embedded, in-memory, MongoDB-wire-compatible server used by tests, the
 * demo and `npm run db` when no real MongoDB is configured. It listens on a real TCP port so
 * the application's unchanged mongoose/driver code is exercised end to end; production points
 * MONGODB_URI at a real MongoDB instead. Data lives in memory only.
 */
import type { Document } from 'bson';
import { WireServer } from './server';

export interface EmbeddedMongo {
  uri: string;
  port: number;
  host: string;
  stop(): Promise<void>;
  /**
   * Fault injection for reliability tests: drop every open connection and refuse new ones for `ms` milliseconds, then accept again. Data is kept.
   * Connections are dropped synchronously; the promise resolves when the outage is over (or at stop()).
   */
  simulateOutage(ms: number): Promise<void>;
  /** Observes every command the engine receives (database name and body), for query-shape tests. */
  observeCommands(listener: ((db: string, body: Document) => void) | null): void;
}

export interface EmbeddedMongoOptions {
  port?: number;
  host?: string;
  ttlSweepMs?: number;
  /**
   * The time TTL indexes expire against (default: the real clock, as mongod's). Tests that run the
   * service on a manual clock pass it here, so documents dated by that clock do not expire early.
   */
  now?: () => number;
}

/** host:port of the engines running in this process, so a connection can tell one of them from a real server. */
const runningHere = new Set<string>();
const hostPort = (uri: string) => /^mongodb:\/\/([^/?]+)/.exec(uri)?.[1] ?? '';

/** Does this URI point at an embedded engine running in this very process (a test's or the demo's)? */
export function servesHere(uri: string): boolean {
  return runningHere.has(hostPort(uri));
}

export async function startEmbeddedMongo(options: EmbeddedMongoOptions = {}): Promise<EmbeddedMongo> {
  const host = options.host ?? '127.0.0.1';
  const server = new WireServer();
  const port = await server.listen(options.port ?? 0, host);
  const timer = setInterval(
    () => {
      try {
        server.store.sweepTtl(options.now?.() ?? Date.now());
        server.cursors.reapIdle();
      } catch {
        // A sweep failure must not kill the host process; the next tick retries.
      }
    },
    Math.max(10, options.ttlSweepMs ?? 1000),
  );
  timer.unref();
  let stopped = false;
  const uri = `mongodb://${host.includes(':') ? `[${host}]` : host}:${port}/`;
  runningHere.add(hostPort(uri));
  return {
    uri,
    port,
    host,
    async stop() {
      if (stopped) return;
      stopped = true;
      runningHere.delete(hostPort(uri));
      clearInterval(timer);
      await server.close();
    },
    simulateOutage(ms: number) {
      return server.outage(ms);
    },
    observeCommands(listener) {
      server.onCommand = listener;
    },
  };
}
