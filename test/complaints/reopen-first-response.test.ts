/**
 * Reopening a finished ticket owes the complainant a response again, but the ticket was
 * answered once: its first response time stays, and the reports count and time it.
 */
import { startTestService, type TestService } from '../support/service';

jest.setTimeout(60_000);

describe('the first response survives a reopen', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t?.close();
  });

  test('when a responded ticket is finished and reopened, then it keeps its first response time and the report still counts it as responded', async () => {
    const created = await t.api('POST', '/api/v1/tickets', { channel: 'complaint_box', topic: 'loket', body: 'Loket tutup sebelum jam', complainant: { name: 'Rudi' } });
    expect(created.status).toBe(201);
    const number = created.body.number ?? created.body.ticket?.number;
    t.clock.advanceMinutes(90);
    const responded = await t.api('POST', `/api/v1/tickets/${number}/responses`, { text: 'Jam loket sudah kami tegaskan.' });
    expect(responded.status).toBe(201);
    const firstAt = responded.body.ticket.respondedAt;
    expect(firstAt).not.toBeNull();
    expect((await t.api('POST', `/api/v1/tickets/${number}/transitions`, { to: 'selesai' })).status).toBe(200);
    const before = (await t.api('GET', '/api/v1/reports/tickets')).body.firstResponse;
    t.clock.advanceMinutes(60);

    const reopened = await t.api('POST', `/api/v1/tickets/${number}/reopen`, { reason: 'Pelapor keberatan.' });
    expect(reopened.status).toBe(200);
    expect(reopened.body.ticket.respondedAt).toBeNull(); // a response is owed again
    expect(reopened.body.ticket.firstRespondedAt).toBe(firstAt);
    const after = (await t.api('GET', '/api/v1/reports/tickets')).body.firstResponse;
    expect(after).toEqual(before);
    expect(after.responded).toBe(1);
    const csv = (await t.api('GET', '/api/v1/reports/tickets.csv')).text;
    const row = csv.split('\n').find((l) => l.startsWith(number))!;
    expect(row).toContain(firstAt);

    // Answered again: the first response is still the first one.
    t.clock.advanceMinutes(30);
    const again = await t.api('POST', `/api/v1/tickets/${number}/responses`, { text: 'Sudah kami periksa ulang.' });
    expect(again.body.ticket.firstRespondedAt).toBe(firstAt);
    expect(again.body.ticket.respondedAt).not.toBe(firstAt);
  });
});
