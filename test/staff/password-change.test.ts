/**
 * Staff change their own password at /dashboard/account/password, over real HTTP: every role
 * reaches it from the top bar; the new password follows the same rules as an admin's reset
 * (length, 72 bytes, the common-password list), typed twice and different from the current;
 * the form needs the session's CSRF token; a wrong current password is a failed sign-in for
 * the delays (the same counters); success ends every other session of the account, gives this
 * browser a new session and CSRF token, and is audited without any password in the log.
 */
import { startTestService, type TestService } from '../support/service';
import { csrfFrom, PASSWORD, seedUser, signedIn, WebClient } from '../dashboard/support';

const PAGE = '/dashboard/account/password';
const NEW_PASSWORD = 'Sungai-Martapura-2026';

let t: TestService;
beforeAll(async () => {
  t = await startTestService();
});
afterAll(async () => {
  await t.close();
});

const change = async (client: WebClient, fields: Record<string, string>, csrf?: string) =>
  client.post(PAGE, { _csrf: csrf ?? csrfFrom((await client.get(PAGE)).text), ...fields });

/** A sign-in from a fresh browser: 303 when the password is accepted. */
const signInStatus = async (username: string, password: string) => (await new WebClient(t.baseUrl).login(username, password)).status;

test('when a person of any role is signed in, then the top bar links to their own password page, which asks the current password and the new one twice', async () => {
  for (const role of ['admin', 'staff', 'officer', 'verifier', 'supervisor'] as const) {
    const client = await signedIn(t, `semua-${role}`, [role]);
    const home = await client.get('/dashboard');
    const landing = await client.get(home.location!);
    expect({ role, link: landing.text.includes(`href="${PAGE}"`) }).toEqual({ role, link: true });
    const page = await client.get(PAGE);
    expect({ role, status: page.status }).toEqual({ role, status: 200 });
    for (const field of ['name="current"', 'name="password"', 'name="confirm"', 'autocomplete="current-password"', 'autocomplete="new-password"', 'name="_csrf"']) expect(page.text).toContain(field);
    expect(page.text).toContain('Ganti kata sandi');
  }
});

test('when nobody is signed in, then the page sends to the sign-in and a post is refused', async () => {
  const anonymous = new WebClient(t.baseUrl);
  const page = await anonymous.get(PAGE);
  expect(page.status).toBe(303);
  expect(page.location).toBe(`/dashboard/login?next=${encodeURIComponent(PAGE)}`);
  expect((await anonymous.post(PAGE, { current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD })).status).toBe(401);
});

test('when the form comes without the session CSRF token (or with another), then it is refused and the password stays', async () => {
  const client = await signedIn(t, 'csrf-user', ['staff']);
  for (const csrf of ['', 'a'.repeat(43)]) {
    const res = await client.post(PAGE, { _csrf: csrf, current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Formulir sudah kedaluwarsa atau tidak sah.');
  }
  const forged = await client.request('POST', PAGE, { form: { current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD } });
  expect(forged.status).toBe(403);
  expect(await signInStatus('csrf-user', PASSWORD)).toBe(303);
  expect(await signInStatus('csrf-user', NEW_PASSWORD)).toBe(401);
});

describe('the rules for the new password, each refused in Indonesian with the password unchanged', () => {
  const cases: [string, Record<string, string>, string][] = [
    ['shorter than 10 characters', { current: PASSWORD, password: 'Pendek-1', confirm: 'Pendek-1' }, 'Kata sandi minimal 10 karakter.'],
    ['over 72 bytes', { current: PASSWORD, password: 'é'.repeat(37), confirm: 'é'.repeat(37) }, 'Kata sandi maksimal 72 byte.'],
    ['on the common-password list', { current: PASSWORD, password: 'password123!', confirm: 'password123!' }, 'Kata sandi ini terlalu umum dan mudah ditebak.'],
    ["the office's own obvious word", { current: PASSWORD, password: 'Banjarmasin2026', confirm: 'Banjarmasin2026' }, 'Kata sandi ini terlalu umum dan mudah ditebak.'],
    ['typed differently the second time', { current: PASSWORD, password: NEW_PASSWORD, confirm: `${NEW_PASSWORD}x` }, 'Kedua kata sandi baru tidak sama.'],
    ['the same as the current one', { current: PASSWORD, password: PASSWORD, confirm: PASSWORD }, 'Kata sandi baru harus berbeda dari kata sandi sekarang.'],
    ['sent without the current password', { current: '', password: NEW_PASSWORD, confirm: NEW_PASSWORD }, 'Kata sandi sekarang wajib diisi.'],
  ];
  test.each(cases)('when the new password is %s, then the page says so', async (_name, fields, message) => {
    const username = `aturan-${Math.random().toString(36).slice(2, 8)}`;
    const client = await signedIn(t, username, ['officer']);
    const res = await change(client, fields);
    expect(res.status).toBe(400);
    expect(res.text).toContain(message);
    expect(res.text).toContain('role="alert"');
    expect(await signInStatus(username, PASSWORD)).toBe(303);
  });

  test('when the form breaks a rule, then the current password is not even checked: no failed attempt is counted', async () => {
    await seedUser(t, 'aturan-hitung', ['staff']);
    const client = new WebClient(t.baseUrl);
    await client.login('aturan-hitung');
    for (let i = 0; i < 8; i++) expect((await change(client, { current: `salah-${i}-xxxxxxxx`, password: 'pendek', confirm: 'pendek' })).status).toBe(400);
    expect(await t.service.staff.guard.lockedUntil({ account: (await t.service.staff.users.byUsername('aturan-hitung'))!.id, ip: '127.0.0.1' })).toBeNull();
    const failed = (await t.service.modules.audit.forTarget('staff_user:aturan-hitung')).filter((a) => a.action === 'staff.password_change_failed');
    expect(failed).toHaveLength(0);
  });
});

test('when the current password is wrong, then nothing changes, the attempt is audited, and it counts with failed sign-ins toward the same delay', async () => {
  await seedUser(t, 'tebak', ['staff']);
  const client = new WebClient(t.baseUrl);
  expect((await client.login('tebak')).status).toBe(303);
  // Two failed sign-ins and three wrong current passwords: five failures on the same counters.
  for (let i = 0; i < 2; i++) expect(await signInStatus('tebak', `salah-masuk-${i}-xx`)).toBe(401);
  for (let i = 0; i < 3; i++) {
    const res = await change(client, { current: `salah-lama-${i}-xx`, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Kata sandi sekarang salah.');
  }
  // The sixth try waits, here and at the sign-in, even with the right password.
  const locked = await change(client, { current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
  expect(locked.status).toBe(429);
  expect(locked.text).toMatch(/Terlalu banyak percobaan dengan kata sandi yang salah\. Coba lagi setelah pukul \d{2}\.\d{2} WITA\./);
  expect(await signInStatus('tebak', PASSWORD)).toBe(429);
  const audit = await t.service.modules.audit.forTarget('staff_user:tebak');
  expect(audit.filter((a) => a.action === 'staff.password_change_failed')).toHaveLength(3);
  expect(audit.filter((a) => a.action === 'staff.password_change_locked')).toHaveLength(1);
  expect(JSON.stringify(audit)).not.toMatch(/salah-lama|Sungai-Martapura/);
  // Still the old password, and the session still holds.
  expect((await client.get(PAGE)).status).toBe(200);
  // After the wait the right current password is accepted, and the counters are cleared.
  t.clock.advanceMinutes(1);
  const done = await change(client, { current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD });
  expect(done.status).toBe(303);
  expect(await t.service.staff.guard.lockedUntil({ account: (await t.service.staff.users.byUsername('tebak'))!.id, ip: '127.0.0.1' })).toBeNull();
});

test('when the password is changed, then every other session of the account ends, this browser gets a new session and token, and it is audited', async () => {
  await seedUser(t, 'rotasi', ['officer']);
  const here = new WebClient(t.baseUrl);
  const elsewhere = new WebClient(t.baseUrl);
  await here.login('rotasi');
  await elsewhere.login('rotasi');
  const otherUser = await signedIn(t, 'rotasi-lain', ['officer']);
  const before = await t.service.staff.users.byUsername('rotasi');
  const oldCookie = [...here.cookies.values()][0];
  const oldCsrf = csrfFrom((await here.get(PAGE)).text);
  t.clock.advanceMinutes(3);

  const res = await change(here, { current: PASSWORD, password: NEW_PASSWORD, confirm: NEW_PASSWORD }, oldCsrf);
  expect(res.status).toBe(303);
  expect(res.location).toBe(`${PAGE}?ok=password_changed`);
  const newCookie = [...here.cookies.values()][0];
  expect(newCookie).not.toBe(oldCookie);

  // This browser: still signed in, on a new session with a new CSRF token; the flash says what happened.
  const after = await here.get(res.location!);
  expect(after.status).toBe(200);
  expect(after.text).toContain('Kata sandi Anda sudah diganti. Perangkat lain yang masih masuk dengan akun ini sudah dikeluarkan.');
  const newCsrf = csrfFrom(after.text);
  expect(newCsrf).not.toBe(oldCsrf);
  expect((await here.post(PAGE, { _csrf: oldCsrf, current: NEW_PASSWORD, password: 'Lain-Lagi-Sandinya-9', confirm: 'Lain-Lagi-Sandinya-9' })).status).toBe(403);

  // The old cookie (as a thief would have kept it) and the other browser are signed out.
  const stolen = new WebClient(t.baseUrl);
  stolen.cookies.set([...here.cookies.keys()][0], oldCookie);
  expect((await stolen.get('/dashboard/tickets')).location).toMatch(/^\/dashboard\/login/);
  expect((await elsewhere.get('/dashboard/tickets')).location).toMatch(/^\/dashboard\/login/);
  // Another account's session is untouched.
  expect((await otherUser.get('/dashboard/tickets')).status).toBe(200);

  // The new password signs in, the old one no longer does.
  expect(await signInStatus('rotasi', PASSWORD)).toBe(401);
  expect(await signInStatus('rotasi', NEW_PASSWORD)).toBe(303);
  const user = await t.service.staff.users.byUsername('rotasi');
  expect(user!.passwordChangedAt.getTime()).toBeGreaterThan(before!.passwordChangedAt.getTime());

  const audit = await t.service.modules.audit.forTarget('staff_user:rotasi');
  const changed = audit.filter((a) => a.action === 'staff.password_changed');
  expect(changed).toHaveLength(1);
  expect(changed[0]).toMatchObject({ actorId: user!.id, actorName: 'Nama rotasi', details: { ip: '127.0.0.1' } });
  expect(JSON.stringify(audit)).not.toContain(NEW_PASSWORD);
  expect(t.rawLogs.join('\n')).not.toContain(NEW_PASSWORD);
});
