/**
 * Control characters (a NUL, an escape sequence, a bidirectional override) in ticket bodies,
 * staff replies and staff notes are refused with 400 naming the field (src/http/plain-text.ts,
 * the one rule); line breaks and tabs are kept.
 */
import { signedIn, type WebClient } from '../dashboard/support';
import { startTestService, type TestService } from '../support/service';

jest.setTimeout(90_000);

const CONTROLS = ['\u0000', '\u0007', '\u001b[31m', '\u007f', '\u202e'];
const CHAT = '6281377712399';

let t: TestService;
let ticket: string;
let sari: WebClient;

beforeAll(async () => {
  t = await startTestService();
  const filed = await t.api('POST', '/api/v1/tickets', { channel: 'walk_in', topic: 'loket', body: 'Antrean lama' });
  expect(filed.status).toBe(201);
  ticket = filed.body.ticket.number;
  sari = await signedIn(t, 'sari', ['staff']);
  await t.send(CHAT, 'petugas');
});
afterAll(async () => {
  await t.close();
});

const apiFields = () => [
  { path: '/api/v1/tickets', field: 'body', valid: { channel: 'walk_in', topic: 'loket', body: 'Antrean lama' } },
  { path: `/api/v1/tickets/${ticket}/responses`, field: 'text', valid: { text: 'Baik, kami periksa.' } },
  { path: `/api/v1/tickets/${ticket}/transitions`, field: 'note', valid: { to: 'cek_administrasi', note: 'Diperiksa' } },
];

describe('when a ticket body or a staff text holds a control character', () => {
  test('then the API answers 400 naming the field, and nothing is stored', async () => {
    const before = await t.service.db.connection.collection('tickets').findOne({ number: ticket });
    const accepted: string[] = [];
    for (const { path, field, valid } of apiFields()) {
      for (const control of CONTROLS) {
        const res = await t.api('POST', path, { ...valid, [field]: `Antrean ${control}lama` });
        if (res.status !== 400 || !String(res.body?.error?.message).includes(field)) accepted.push(`${path} ${field} ${JSON.stringify(control)}: ${res.status}`);
      }
    }
    expect(accepted).toEqual([]);
    expect(await t.service.db.connection.collection('tickets').countDocuments()).toBe(1);
    expect(await t.service.db.connection.collection('tickets').findOne({ number: ticket })).toEqual(before);
  });

  test('then line breaks and tabs are still accepted', async () => {
    const res = await t.api('POST', '/api/v1/tickets', { channel: 'walk_in', topic: 'loket', body: 'Antrean lama\nsekali,\tdua jam' });
    expect(res.status).toBe(201);
  });

  test('then a staff note on a chat in the dashboard is refused with 400 naming the note', async () => {
    const ref = t.service.handoffs.refOf(`simulator:${CHAT}`);
    const page = `/dashboard/inbox/chat/${ref}`;
    const csrf = await sari.csrf(page);
    for (const control of CONTROLS) {
      const res = await sari.post(`${page}/notes`, { _csrf: csrf, text: `Minta dihubungi ${control}sore.` });
      expect({ control, status: res.status }).toEqual({ control, status: 400 });
      expect(res.text).toContain('Catatan tidak boleh memuat karakter kontrol.');
    }
    const noted = await sari.post(`${page}/notes`, { _csrf: csrf, text: 'Minta dihubungi\nsore.' });
    expect(noted.location).toBe(`${page}?ok=note_added`);
  });
});
