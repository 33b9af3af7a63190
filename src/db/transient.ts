import { systemClock, type Clock } from '../calendar/clock';

/**
 * Telling a database outage (retry later) from a real error (give up): network errors,
 * server selection timeouts and mongoose's buffering timeouts are transient.
 */
const TRANSIENT_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'PoolClearedError',
  'MongoPoolClearedError',
]);

export function isTransientDbError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { name?: string; message?: string; hasErrorLabel?: (label: string) => boolean };
  if (e.name && TRANSIENT_NAMES.has(e.name)) return true;
  if (e.hasErrorLabel?.('RetryableWriteError') || e.hasErrorLabel?.('TransientTransactionError')) return true;
  return /buffering timed out|ECONNREFUSED|ECONNRESET|connection .* closed|Client must be connected/i.test(e.message ?? '');
}

export interface RetryOptions {
  maxMs?: number;
  onRetry?: (err: unknown, attempt: number) => void;
  /** Whose time the `maxMs` budget is counted in (the system clock by default). */
  clock?: Clock;
  /** How a pause between attempts is waited (a timer by default); a test moving a manual clock passes its own. */
  sleep?: (ms: number) => Promise<void>;
}

const timer = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Retries `task` while the database is unreachable, with capped exponential backoff, for up to `maxMs`. */
export async function retryWhileUnavailable<T>(task: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const clock = options.clock ?? systemClock;
  const sleep = options.sleep ?? timer;
  const deadline = clock.now().getTime() + (options.maxMs ?? 120_000);
  for (let attempt = 0; ; attempt++) {
    try {
      return await task(attempt);
    } catch (err) {
      if (!isTransientDbError(err) || clock.now().getTime() > deadline) throw err;
      options.onRetry?.(err, attempt);
      await sleep(Math.min(2000, 100 * 2 ** attempt));
    }
  }
}
