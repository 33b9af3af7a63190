/**
 * The embedded engine's TTL sweep expires documents against the clock it is given: a service on
 * a manual clock (tests, the demo's simulated days) does not see its fresh records swept away
 * because the real date has moved on past their retention.
 */
import { startTestService, type TestService } from '../support/service';

let t: TestService;
// More than a year before the real date: the chat history's 365-day TTL would already have passed.
beforeAll(async () => {
  t = await startTestService({ now: '2025-01-06T02:00:00Z' });
});
afterAll(() => t.close());

test('when the service runs on a clock in the past, then its fresh chat history survives the TTL sweep', async () => {
  await t.send('6281299900001', 'halo');
  const messages = t.service.db.connection.db!.collection('messages');
  expect(await messages.countDocuments({ direction: 'in' })).toBe(1);
  await new Promise((r) => setTimeout(r, 1500)); // the sweep runs every second
  expect(await messages.countDocuments({ direction: 'in' })).toBe(1);
});
