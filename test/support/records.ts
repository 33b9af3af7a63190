/**
 * One application and one walk-in ticket filed over the API, for tests that need a record of each
 * to read back (their ids as the API returned them).
 */
import type { TestService } from './service';

export async function fileApplicationAndTicket(t: TestService): Promise<{ appId: string; ticket: string }> {
  const created = await t.api('POST', '/api/v1/applications', {
    registrationNumber: 'REG-0001', nik: '3204110609970001', kkNumber: '3204110101200001', name: 'Siti Aminah',
    dateOfBirth: '1997-09-06', phones: ['6281299990000'], status: 'diterima',
  });
  expect(created.status).toBe(201);
  const filed = await t.api('POST', '/api/v1/tickets', { channel: 'walk_in', topic: 'loket', body: 'Antrean lama', complainant: { name: 'Budi' } });
  expect(filed.status).toBe(201);
  return { appId: created.body.id, ticket: filed.body.ticket.number };
}
