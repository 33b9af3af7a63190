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

/** Retries `task` while the database is unreachable, with capped exponential backoff, for up to `maxMs`. */
export async function retryWhileUnavailable<T>(task: (attempt: number) => Promise<T>, options: { maxMs?: number; onRetry?: (err: unknown, attempt: number) => void } = {}): Promise<T> {
  const deadline = Date.now() + (options.maxMs ?? 120_000);
  for (let attempt = 0; ; attempt++) {
    try {
      return await task(attempt);
    } catch (err) {
      if (!isTransientDbError(err) || Date.now() > deadline) throw err;
      options.onRetry?.(err, attempt);
      await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt)));
    }
  }
}
