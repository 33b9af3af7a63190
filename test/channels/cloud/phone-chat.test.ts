/**
 * Which chat reaches a phone number is the channel port's answer: on the Cloud API transport a
 * status notification to an applicant's registered number reaches the Graph API addressed to the
 * bare wa_id (not whatsapp-web.js's `@c.us` id, not the simulator), as the approved template
 * outside the 24-hour window. Asserted at the fake Graph API.
 */
import { createApplicationWithReceipt } from '../../applications/fixtures';
import { USER, startCloudService, type CloudTestService } from './support/cloud-service';

let t: CloudTestService;
beforeAll(async () => {
  t = await startCloudService();
}, 120_000);
afterAll(async () => {
  await t?.close();
});

it('a status notification to a registered number goes to its wa_id through the Cloud API', async () => {
  const { id } = await createApplicationWithReceipt(t, { registrationNumber: 'BJM/2026/09001', phones: [`+${USER}`], status: 'diterima' });
  t.graph.requests.length = 0;
  const res = await t.api('PATCH', `/api/v1/applications/${id}/status`, { status: 'menunggu_verifikasi' });
  expect(res.status).toBe(200);
  await t.settle();
  const sends = t.graph.sends();
  expect(sends).toHaveLength(1);
  expect(sends[0].body).toMatchObject({ to: USER, type: 'template' });
});
