/**
 * From a ticket to the chat it came from (issue 16, "a ticket links to its chat"): a link on the
 * ticket page for whoever also works the inbox, never for a confidential complaint unless the
 * viewer may reveal its complainant, and only when the desk has a page for that chat.
 */
import { startTestService, type TestService } from '../support/service';
import { fileComplaint, signedIn, type WebClient } from '../dashboard/support';

jest.setTimeout(90_000);

let t: TestService;
let deskOfficer: WebClient;
let officerOnly: WebClient;
let supervisor: WebClient;

beforeAll(async () => {
  t = await startTestService();
  deskOfficer = await signedIn(t, 'dina', ['staff', 'officer']);
  officerOnly = await signedIn(t, 'oki', ['officer']);
  supervisor = await signedIn(t, 'sari', ['staff', 'supervisor']);
});
afterAll(async () => {
  await t?.close();
});

const chatLink = (html: string) => /<a href="(\/dashboard\/inbox\/chat\/[^"]+)" id="ticket-chat">/.exec(html)?.[1] ?? null;

async function confidentialComplaint(from: string): Promise<string> {
  for (const text of ['5', '1', 'Pendamping desa memotong bantuan saya.', 'selesai', 'Siti Rahmawati', 'lewati', '1']) await t.send(from, text);
  return /ADU-[A-Z]+-\d{4}-\d{4}/.exec((await t.send(from, '1')).join('\n'))![0];
}

test('when the complainant then asked for a person, then a desk officer\'s ticket page links the chat, by its opaque key, and the link opens it', async () => {
  const from = '6281300000201';
  const number = await fileComplaint(t, from);
  expect(chatLink((await deskOfficer.get(`/dashboard/tickets/${number}`)).text)).toBeNull(); // no desk page for the chat yet
  await t.send(from, 'petugas');
  const link = chatLink((await deskOfficer.get(`/dashboard/tickets/${number}`)).text);
  expect(link).not.toBeNull();
  expect(link).not.toContain(from.slice(-8));
  const chat = await deskOfficer.get(link!);
  expect(chat.status).toBe(200);
  expect(chat.text).toContain('Antrean di loket tidak dipanggil');
  expect(chatLink((await officerOnly.get(`/dashboard/tickets/${number}`)).text)).toBeNull(); // no inbox role
});

test('when the complaint is confidential, then only a viewer who may reveal its complainant gets the link', async () => {
  const from = '6281300000202';
  const number = await confidentialComplaint(from);
  await t.send(from, 'petugas');
  expect(chatLink((await deskOfficer.get(`/dashboard/tickets/${number}`)).text)).toBeNull();
  expect(chatLink((await supervisor.get(`/dashboard/tickets/${number}`)).text)).not.toBeNull();
});
