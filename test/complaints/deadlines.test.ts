/**
 * The response deadline as officers see it through the API: 3 working days after the day of
 * receipt, at the office's closing time, in its own time zone, against the 2026 and 2027
 * decree tables; a year without a table gives a provisional deadline and an admin alert.
 */
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { startTestService, type TestService } from '../support/service';

let mongo: EmbeddedMongo;
let banjarmasin: TestService; // WITA, UTC+8
let sekadau: TestService; // WIB, UTC+7

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  [banjarmasin, sekadau] = await Promise.all([
    startTestService({ mongo, agency: 'banjarmasin' }),
    startTestService({ mongo, agency: 'sekadau' }),
  ]);
});
afterAll(async () => {
  await Promise.all([banjarmasin.close(), sekadau.close()]);
  await mongo.stop();
});

/** Logs a walk-in complaint at `receivedAt` (the clock stands there) and returns the ticket. */
async function fileAt(t: TestService, receivedAt: string) {
  t.clock.set(receivedAt);
  const res = await t.api('POST', '/api/v1/tickets', { channel: 'walk_in', topic: 'loket', body: 'Antrean loket terlalu lama.' });
  expect(res.status).toBe(201);
  return res.body.ticket;
}

describe('the 3-working-day response deadline (Banjarmasin, WITA)', () => {
  test.each([
    ['received on Friday 13 March 2026 (pinned example: Nyepi, Idul Fitri and its cuti bersama in between)', '2026-03-13T10:00:00+08:00', '2026-03-25T16:00:00+08:00'],
    ['received on a Friday afternoon before the 16.30 closing', '2026-11-20T16:15:00+08:00', '2026-11-25T16:00:00+08:00'],
    ['received on a Friday afternoon after the 16.30 closing', '2026-11-20T16:45:00+08:00', '2026-11-26T16:00:00+08:00'],
    ['received on a Saturday', '2026-11-21T10:00:00+08:00', '2026-11-26T16:00:00+08:00'],
    ['received on a Sunday night', '2026-11-22T22:00:00+08:00', '2026-11-26T16:00:00+08:00'],
    ['received on a Monday evening after closing (due on a Friday, which closes at 16.30)', '2026-11-23T19:00:00+08:00', '2026-11-27T16:30:00+08:00'],
    ['received on a Tuesday before opening', '2026-11-24T06:00:00+08:00', '2026-11-27T16:30:00+08:00'],
    ['received the Wednesday before Independence Day (17 August, a Monday)', '2026-08-12T10:00:00+08:00', '2026-08-18T16:00:00+08:00'],
    ['received on a cuti bersama day of Idul Fitri', '2026-03-23T09:00:00+08:00', '2026-03-30T16:00:00+08:00'],
    ['received on the Christmas cuti bersama', '2026-12-24T10:00:00+08:00', '2026-12-31T16:00:00+08:00'],
    ['received across the year end (New Year holiday in between)', '2026-12-29T10:00:00+08:00', '2027-01-04T16:00:00+08:00'],
    ['received on Friday 14 May 2027 (pinned example: Idul Adha, two cuti bersama and Waisak)', '2027-05-14T10:00:00+08:00', '2027-05-25T16:00:00+08:00'],
  ])('when a complaint is %s (at %s), then the response is due at %s', async (_case, receivedAt, due) => {
    const ticket = await fileAt(banjarmasin, receivedAt);
    expect(ticket.responseDueAt).toBe(due);
    expect(ticket.provisional).toBe(false);
    expect(ticket.receivedAt).toBe(receivedAt);
  });

  test('when the pinned Friday 13 March 2026 ticket is read back, then its deadline says Wednesday 25 March 16:00 local', async () => {
    const filed = await fileAt(banjarmasin, '2026-03-13T14:00:00+08:00');
    const res = await banjarmasin.api('GET', `/api/v1/tickets/${filed.number}`);
    expect(res.status).toBe(200);
    expect(res.body.ticket.responseDueAt).toBe('2026-03-25T16:00:00+08:00');
    expect(res.body.ticket.number).toMatch(/^ADU-BJM-2603-\d{4}$/);
  });
});

describe('the same instant in WITA and WIB', () => {
  test('when a complaint arrives at 08:30 UTC on a Monday, then Banjarmasin (16.30 WITA, closed) counts from Tuesday and Sekadau (15.30 WIB, open) from Monday', async () => {
    const bjm = await fileAt(banjarmasin, '2026-11-23T08:30:00Z');
    const skd = await fileAt(sekadau, '2026-11-23T08:30:00Z');
    expect(bjm.responseDueAt).toBe('2026-11-27T16:30:00+08:00');
    expect(skd.responseDueAt).toBe('2026-11-26T16:00:00+07:00');
    expect(skd.number).toMatch(/^ADU-SKD-2611-\d{4}$/);
  });

  test('when a complaint arrives at 23:30 WIB (00:30 WITA the next day), then each office counts on its own calendar date', async () => {
    const bjm = await fileAt(banjarmasin, '2026-11-23T16:30:00Z'); // Tuesday 00:30 WITA: before opening, counts Tuesday
    const skd = await fileAt(sekadau, '2026-11-23T16:30:00Z'); // Monday 23:30 WIB: after closing, counts Tuesday
    expect(bjm.receivedAt).toBe('2026-11-24T00:30:00+08:00');
    expect(skd.receivedAt).toBe('2026-11-23T23:30:00+07:00');
    expect(bjm.responseDueAt).toBe('2026-11-27T16:30:00+08:00');
    expect(skd.responseDueAt).toBe('2026-11-27T16:30:00+07:00');
  });

  test('when the Friday 13 March 2026 example is filed in Sekadau, then it is due Wednesday 25 March 16:00 WIB', async () => {
    const skd = await fileAt(sekadau, '2026-03-13T10:00:00+07:00');
    expect(skd.responseDueAt).toBe('2026-03-25T16:00:00+07:00');
  });
});

describe('a year without a decree table', () => {
  test('when a complaint is received in 2028, then the deadline skips weekends only, is marked provisional, and admins get one alert for the year', async () => {
    const first = await fileAt(banjarmasin, '2028-01-10T10:00:00+08:00'); // Monday
    expect(first.responseDueAt).toBe('2028-01-13T16:00:00+08:00');
    expect(first.provisional).toBe(true);
    await fileAt(banjarmasin, '2028-01-11T10:00:00+08:00');
    const alerts = await banjarmasin.api('GET', '/api/v1/complaint-alerts?kind=calendar_missing');
    expect(alerts.status).toBe(200);
    const for2028 = alerts.body.alerts.filter((a: { key: string }) => a.key === 'calendar_missing:2028');
    expect(for2028).toHaveLength(1);
    expect(for2028[0].text).toContain('2028');
  });

  test('when a late-December 2027 complaint runs into 2028, then it is provisional too', async () => {
    const ticket = await fileAt(banjarmasin, '2027-12-30T10:00:00+08:00');
    expect(ticket.provisional).toBe(true);
  });
});
