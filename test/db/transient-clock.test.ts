/**
 * Retrying while the database is unreachable counts its time budget on the clock it is given,
 * so a test (or a caller with its own clock) decides when the retries stop.
 */
import { ManualClock } from '../../src/calendar/clock';
import { retryWhileUnavailable } from '../../src/db/transient';

const outage = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { name: 'MongoNetworkError' });

test('when the injected clock passes the budget, then the retries stop with the outage error', async () => {
  const clock = new ManualClock('2026-11-23T02:00:00Z');
  let attempts = 0;
  const sleep = async (ms: number) => clock.advance(ms * 100); // each pause "lasts" 100× longer
  await expect(
    retryWhileUnavailable(async () => {
      attempts += 1;
      throw outage();
    }, { clock, sleep, maxMs: 60_000 }),
  ).rejects.toThrow('ECONNREFUSED');
  // 100·100 + 200·100 + 400·100 = 70 s > 60 s after the fourth attempt.
  expect(attempts).toBe(4);
});

test('when the task succeeds after an outage, then its value is returned', async () => {
  let attempts = 0;
  const value = await retryWhileUnavailable(async () => (++attempts < 3 ? Promise.reject(outage()) : 'ok'), { sleep: async () => {} });
  expect({ value, attempts }).toEqual({ value: 'ok', attempts: 3 });
});
