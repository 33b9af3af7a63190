/**
 * Time for the WhatsApp transport: every delay (backoff, pacing, typing, watchdog, ready
 * timeout) goes through this port, so tests move time by hand instead of waiting.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Timers {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  sleep(ms: number): Promise<void>;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const t = setTimeout(fn, Math.max(0, ms));
    // A pending backoff or watchdog tick must never keep the process alive on shutdown.
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
  sleep(ms) {
    return new Promise((resolve) => realTimers.setTimeout(resolve, ms));
  },
};

export class TimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} did not finish within ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/** Races a promise against a timer; the loser is left to settle on its own (and its rejection is swallowed). */
export function withTimeout<T>(timers: Timers, promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = timers.setTimeout(() => reject(new TimeoutError(what, ms)), ms);
    promise.then(
      (value) => {
        timer.cancel();
        resolve(value);
      },
      (err: unknown) => {
        timer.cancel();
        reject(err);
      },
    );
  });
}
