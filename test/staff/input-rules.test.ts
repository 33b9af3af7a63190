/**
 * The rules for what staff type, at the outermost layer (the admin page and the JSON API):
 * a common password is refused, and names and notes with control characters (NUL, escape,
 * a right-to-left override that makes "gpj.exe" read "exe.jpg") never get stored.
 */
import { startTestService, type TestService } from '../support/service';
import { signedIn } from '../dashboard/support';
import { KK, NIK_WOMAN, DOB_WOMAN } from '../applications/fixtures';

let t: TestService;
beforeAll(async () => {
  t = await startTestService();
});
afterAll(() => t.close());

describe('the password rule', () => {
  test.each(['password123', 'Password123!', 'qwertyuiop', '1234567890', 'Bismillah2026'])('when an admin gives a new account the common password %j, then it is refused and nothing is created', async (password) => {
    const admin = await signedIn(t, `adm-${password.length}-${password.charCodeAt(0)}`, ['admin']);
    const csrf = await admin.csrf('/dashboard/admin/users');
    const username = `baru-${Math.random().toString(36).slice(2, 8)}`;
    const res = await admin.post('/dashboard/admin/users', { _csrf: csrf, username, name: 'Pegawai Baru', password, roles: 'staff' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Kata sandi ini terlalu umum');
    expect(await t.service.staff.users.byUsername(username)).toBeNull();
  });

  test('when the password is long and uncommon, then the account is created', async () => {
    const admin = await signedIn(t, 'adm-ok', ['admin']);
    const csrf = await admin.csrf('/dashboard/admin/users');
    const res = await admin.post('/dashboard/admin/users', { _csrf: csrf, username: 'pegawai-ok', name: 'Pegawai', password: 'kebun-salak-di-martapura', roles: 'staff' });
    expect(res.status).toBe(303);
    expect(await t.service.staff.users.byUsername('pegawai-ok')).not.toBeNull();
  });
});

describe('control characters in names and notes', () => {
  const application = (extra: Record<string, unknown>) => ({ nik: NIK_WOMAN, kkNumber: KK, dateOfBirth: DOB_WOMAN, status: 'diterima', name: 'Siti Aminah', ...extra });

  test.each([
    ['a NUL', 'Siti\u0000Aminah'],
    ['an escape sequence', 'Siti \u001b[31mAminah'],
    ['a right-to-left override', 'Siti \u202eAminah'],
    ['a line break', 'Siti\nAminah'],
  ])('when an application name holds %s, then the API refuses it naming the field', async (_what, name) => {
    const res = await t.api('POST', '/api/v1/applications', application({ registrationNumber: `BJM/2026/0${Math.floor(Math.random() * 9000) + 1000}`, name }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'body.name' })]);
  });

  test('when a status note or a ticket note holds a control character, then it is refused, while a line break in a note is fine', async () => {
    const created = await t.api('POST', '/api/v1/applications', application({ registrationNumber: 'BJM/2026/08001' }));
    const bad = await t.api('PATCH', `/api/v1/applications/${created.body.id}/status`, { status: 'menunggu_verifikasi', note: 'lengkap\u0007' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([expect.objectContaining({ path: 'body.note' })]);
    const ok = await t.api('PATCH', `/api/v1/applications/${created.body.id}/status`, { status: 'menunggu_verifikasi', note: 'Berkas lengkap.\nLanjut verifikasi.' });
    expect(ok.status).toBe(200);

    const ticket = await t.api('POST', '/api/v1/tickets', { channel: 'walk_in', topic: 'loket', body: 'Antrean lama.', complainant: { name: 'Budi\u202e' } });
    expect(ticket.status).toBe(400);
    expect(ticket.body.error.details).toEqual([expect.objectContaining({ path: 'body.complainant.name' })]);
    const logged = await t.api('POST', '/api/v1/tickets', { channel: 'walk_in', topic: 'loket', body: 'Antrean lama.' });
    const move = await t.api('POST', `/api/v1/tickets/${logged.body.ticket.number}/transitions`, { to: 'ditutup', note: 'selesai\u0000' });
    expect(move.status).toBe(400);
  });

  test('when a staff name holds a control character, then the admin page refuses it', async () => {
    const admin = await signedIn(t, 'adm-ctl', ['admin']);
    const csrf = await admin.csrf('/dashboard/admin/users');
    const res = await admin.post('/dashboard/admin/users', { _csrf: csrf, username: 'nama-aneh', name: 'Rina\u202e', password: 'kebun-salak-di-martapura', roles: 'staff' });
    expect(res.status).toBe(400);
    expect(await t.service.staff.users.byUsername('nama-aneh')).toBeNull();
  });
});
