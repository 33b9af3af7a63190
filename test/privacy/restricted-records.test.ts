/**
 * A record restricted at the person's request (UU 27/2022) by its direct address: its ticket or
 * application page, its actions and its API answer 403 with the reason to everyone but an admin,
 * and nothing of it is shown or changed; an admin sees it under a banner saying it is restricted,
 * and the view is audited. Lifting the restriction opens it again. Restricted through the admin
 * page, as an office would.
 */
import { createApplicationWithReceipt, NIK_WOMAN } from '../applications/fixtures';
import { fileComplaint, signedIn, type WebClient } from '../dashboard/support';
import { startTestService, type TestService } from '../support/service';

jest.setTimeout(120_000);

const PHONE = '6281377791001';
const NAME = 'Siti Aminah Restu';
const REASON = 'Permintaan pembatasan tertulis pemohon, 23 November 2026';

let t: TestService;
let admin: WebClient;
let officer: WebClient;
let appId: string;
let ticket: string;

beforeAll(async () => {
  t = await startTestService({});
  admin = await signedIn(t, 'admin', ['admin']);
  officer = await signedIn(t, 'officer', ['officer', 'supervisor', 'verifier', 'staff']);
  appId = (await createApplicationWithReceipt(t, { registrationNumber: 'BJM/2026/09101', nik: NIK_WOMAN, name: NAME, phones: [PHONE], status: 'diterima' })).id;
  await t.send(PHONE, 'halo');
  ticket = await fileComplaint(t, PHONE);
});
afterAll(async () => {
  await t?.close();
});

async function setRestriction(action: 'restrict' | 'lift') {
  const csrf = await admin.csrf('/dashboard/admin/privacy');
  const res = await admin.post('/dashboard/admin/privacy/restrict', { _csrf: csrf, kind: 'nik', value: NIK_WOMAN, reason: REASON, action, applications: appId, tickets: ticket });
  expect(res.status).toBe(200);
}

const ticketDoc = () => t.service.db.connection.db!.collection('tickets').findOne({ number: ticket });
const sessionApi = (client: WebClient, path: string) => client.get(path);

test('when nothing is restricted, then an officer opens the ticket and the application by their address (the baseline)', async () => {
  expect((await officer.get(`/dashboard/tickets/${ticket}`)).status).toBe(200);
  expect((await officer.get(`/dashboard/applications/${appId}`)).status).toBe(200);
  expect((await sessionApi(officer, `/api/v1/tickets/${ticket}`)).status).toBe(200);
});

describe('once restricted', () => {
  beforeAll(() => setRestriction('restrict'));

  test('when an officer (with every role but admin) opens the ticket or the application page by its address, then 403 says it is restricted, and nothing of it is shown', async () => {
    for (const path of [`/dashboard/tickets/${ticket}`, `/dashboard/applications/${appId}`, `/dashboard/applications/${appId}?reveal=1`]) {
      const res = await officer.get(path);
      expect(res.status).toBe(403);
      expect(res.text).toContain('dibatasi pemrosesannya atas permintaan pemilik data');
      expect(res.text).not.toContain(NAME);
      expect(res.text).not.toContain('Antrean di loket');
      expect(res.text).not.toContain('BJM/2026/09101');
    }
  });

  test('when an officer posts an action on the restricted ticket, then 403 and the ticket is unchanged', async () => {
    const before = await ticketDoc();
    const csrf = await officer.csrf('/dashboard/inbox');
    const res = await officer.post(`/dashboard/tickets/${ticket}/respond`, { _csrf: csrf, text: 'Tanggapan dari petugas' });
    expect(res.status).toBe(403);
    expect(await ticketDoc()).toEqual(before);
  });

  test('when an officer reads it through the API with their session, then 403 too; the admin token reads it', async () => {
    for (const path of [`/api/v1/tickets/${ticket}`, `/api/v1/applications/${appId}`]) {
      const res = await sessionApi(officer, path);
      expect(res.status).toBe(403);
      expect(res.text).toContain('restricted');
      expect(res.text).not.toContain(NAME);
    }
    expect((await t.api('GET', `/api/v1/tickets/${ticket}`)).status).toBe(200);
    expect((await t.api('GET', `/api/v1/applications/${appId}`, undefined, null)).status).toBe(401);
  });

  test('when an admin opens the restricted ticket and application, then the page opens under a banner saying it is restricted, and the view is audited', async () => {
    for (const [path, target] of [[`/dashboard/tickets/${ticket}`, `ticket:${ticket}`], [`/dashboard/applications/${appId}`, `application:${appId}`]]) {
      const res = await admin.get(path);
      expect(res.status).toBe(200);
      expect(res.text).toContain('id="restricted-banner"');
      expect(res.text).toMatch(/dibatasi pemrosesannya sejak 23 Nov 2026 10\.00 WITA/);
      const audit = await t.service.modules.audit.forTarget(target);
      expect(audit.map((e) => e.action)).toContain('privacy.restricted_viewed');
    }
  });

  test('when the restriction is lifted, then the officer opens them again and no banner is shown', async () => {
    await setRestriction('lift');
    const res = await officer.get(`/dashboard/tickets/${ticket}`);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('restricted-banner');
    expect((await officer.get(`/dashboard/applications/${appId}`)).status).toBe(200);
  });
});
