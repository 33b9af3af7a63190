/**
 * A staff session is purged by the database's TTL sweep only after it can no longer be used,
 * whichever clock runs ahead: the wall clock (mongod's) or the service's injected clock (the
 * embedded engine in tests sweeps on it).
 */
import { startEmbeddedMongo } from '../../src/db/embedded';
import type { ManualClock } from '../../src/calendar/clock';
import { signedIn } from '../dashboard/support';
import { startTestService } from '../support/service';

test('when the service clock runs months ahead of the wall clock, then a new sign-in survives the database TTL sweep', async () => {
  // The engine starts before the service that owns the clock it is to sweep on.
  const service: { clock?: ManualClock } = {};
  const mongo = await startEmbeddedMongo({ ttlSweepMs: 10, now: () => service.clock?.now().getTime() ?? Date.now() });
  const t = await startTestService({ mongo, now: '2027-06-01T02:00:00Z' });
  service.clock = t.clock;
  try {
    const admin = await signedIn(t, 'admin', ['admin']);
    await new Promise((resolve) => setTimeout(resolve, 200)); // many sweeps
    expect((await admin.get('/dashboard/account/password')).status).toBe(200);
  } finally {
    await t.close();
    await mongo.stop();
  }
});
