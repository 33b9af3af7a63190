/**
 * Signing in to the dashboard over real HTTP: sessions in MongoDB with safe cookies, lockout
 * after failed attempts (per account and per IP), CSRF protection on forms and on the JSON
 * API when called with a session, signing out, expiry and deactivation.
 */
import { createHash } from 'node:crypto';
import express from 'express';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { setSessionCookie } from '../../src/staff/session-http';
import { startTestService, type TestService } from '../support/service';
import { csrfFrom, PASSWORD, seedUser, WebClient } from '../dashboard/support';

let mongo: EmbeddedMongo;
let t: TestService;

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  t = await startTestService({ mongo });
  await seedUser(t, 'sari', ['staff'], { name: 'Sari Petugas' });
});
afterAll(async () => {
  await t.close();
  await mongo.stop();
});

describe('signing in', () => {
  test('when the password is right, then a session cookie is set (httpOnly, SameSite=Lax) and the inbox opens', async () => {
    const c = new WebClient(t.baseUrl);
    const res = await c.login('sari');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/dashboard/inbox');
    const cookie = res.headers.getSetCookie().find((l) => l.startsWith('dinsos_sid='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/); // NODE_ENV=test; production sets Secure (below)
    const inbox = await c.get('/dashboard/inbox');
    expect(inbox.status).toBe(200);
    expect(inbox.text).toContain('Sari Petugas');
    expect(inbox.headers.get('content-security-policy')).toBeTruthy();
  });

  test('when the session is stored, then only a hash of the cookie value is in the database', async () => {
    const c = new WebClient(t.baseUrl);
    await c.login('sari');
    const id = c.cookies.get('dinsos_sid')!;
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
    const sessions = t.service.db.connection.collection('staff_sessions');
    expect(await sessions.findOne({ _id: id as never })).toBeNull();
    expect(await sessions.findOne({ _id: createHash('sha256').update(id).digest('hex') as never })).toMatchObject({ csrfToken: expect.any(String) });
  });

  test('when the password is wrong, then the page says so without telling which part was wrong', async () => {
    const c = new WebClient(t.baseUrl);
    const wrong = await c.login('sari', 'salah-sekali-123');
    const unknown = await c.login('tidak-ada', 'salah-sekali-123');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.text).toContain('Nama pengguna atau kata sandi salah.');
    expect(unknown.text).toContain('Nama pengguna atau kata sandi salah.');
    expect(c.cookies.has('dinsos_sid')).toBe(false);
    const audit = await t.service.modules.audit.forTarget('staff_user:sari');
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['staff.login', 'staff.login_failed']));
  });

  test('when the sign-in form comes without its token, then it is refused', async () => {
    const c = new WebClient(t.baseUrl);
    const res = await c.post('/dashboard/login', { username: 'sari', password: PASSWORD });
    expect(res.status).toBe(403);
    expect(res.text).toContain('Formulir masuk sudah kedaluwarsa');
  });

  test('when "next" points outside the dashboard, then sign-in lands on the home page instead', async () => {
    const c = new WebClient(t.baseUrl);
    const page = await c.get('/dashboard/login');
    const res = await c.post('/dashboard/login', { username: 'sari', password: PASSWORD, next: '//evil.example/x', _csrf: csrfFrom(page.text) });
    expect(res.location).toBe('/dashboard/inbox');
  });

  test('when a page is opened without a session, then it redirects to sign-in and back after', async () => {
    const c = new WebClient(t.baseUrl);
    const res = await c.get('/dashboard/inbox');
    expect(res.status).toBe(303);
    expect(res.location).toBe('/dashboard/login?next=%2Fdashboard%2Finbox');
  });

  test('in production, then the cookie is Secure and __Host- prefixed', async () => {
    const app = express();
    app.get('/', (_req, res) => {
      setSessionCookie(res, 'x'.repeat(43), { secure: true });
      res.end();
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
      const cookie = res.headers.getSetCookie()[0];
      expect(cookie).toMatch(/^__Host-dinsos_sid=/);
      expect(cookie).toMatch(/Secure/);
      expect(cookie).toMatch(/HttpOnly/);
    } finally {
      server.close();
    }
  });
});

describe('sign-in delays (instead of a hard lock)', () => {
  /** Behind a trusted proxy on loopback, so each test can sign in "from" any client address. */
  let p: TestService;
  beforeAll(async () => {
    p = await startTestService({ mongo, env: { TRUST_PROXY: 'loopback' } });
  });
  afterAll(() => p.close());

  async function loginFrom(ip: string, username: string, password = PASSWORD) {
    const c = new WebClient(p.baseUrl);
    const headers = { 'x-forwarded-for': ip };
    const page = await c.get('/dashboard/login', headers);
    return c.request('POST', '/dashboard/login', { headers, form: { username, password, _csrf: csrfFrom(page.text) } });
  }

  test('when one client fails an account again and again, then each wait doubles up to 15 minutes, and the right password works once the wait is over', async () => {
    await seedUser(p, 'budi', ['officer']);
    for (let i = 0; i < 5; i++) expect((await loginFrom('10.1.0.1', 'budi', `salah-${i}-xxxxxxxx`)).status).toBe(401);
    // The fifth failure started a 1-second wait: even the right password is refused until it ends.
    const early = await loginFrom('10.1.0.1', 'budi');
    expect(early.status).toBe(429);
    expect(early.text).toContain('coba lagi setelah pukul');
    p.clock.advance(1_000);
    expect((await loginFrom('10.1.0.1', 'budi', 'salah-6-xxxxxxxx')).status).toBe(401); // a 2-second wait now
    p.clock.advance(1_000);
    expect((await loginFrom('10.1.0.1', 'budi')).status).toBe(429);
    p.clock.advance(1_000);
    expect((await loginFrom('10.1.0.1', 'budi')).status).toBe(303);

    // However long the guessing goes on, the wait never grows beyond 15 minutes.
    for (let i = 0; i < 16; i++) {
      await loginFrom('10.1.0.2', 'budi', `salah-${i}-xxxxxxxx`);
      p.clock.advanceMinutes(16);
    }
    await loginFrom('10.1.0.2', 'budi', 'salah-akhir-xxxxxxxx');
    p.clock.advanceMinutes(15);
    expect((await loginFrom('10.1.0.2', 'budi')).status).toBe(303);
  });

  test('when someone elsewhere keeps failing on an account, then its owner at the office is kept waiting a minute at most', async () => {
    await seedUser(p, 'dewi', ['officer']);
    // The old hard lock: five failures every 15 minutes kept the account shut all day. Now even
    // twenty every 15 minutes, from many addresses, delay the owner by a minute at most.
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 20; i++) await loginFrom(`203.0.${113 + round}.${i + 1}`, 'dewi', `salah-${i}-xxxxxxxx`);
      p.clock.advanceMinutes(1);
      expect((await loginFrom('10.2.0.1', 'dewi')).status).toBe(303);
      p.clock.advanceMinutes(14);
    }
  });

  test('when one address fails twenty times across accounts, then it waits for every account, while other addresses do not', async () => {
    const accounts = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
    for (const u of [...accounts, 'a7']) await seedUser(p, u, ['staff']);
    // Up to four failures per account cost nothing each; the address's 21st failure starts its wait.
    for (let i = 0; i < 21; i++) expect((await loginFrom('10.3.0.1', accounts[i % 6], `salah-${i}-xxxxxxxx`)).status).toBe(401);
    expect((await loginFrom('10.3.0.1', 'a7')).status).toBe(429); // a7 never failed itself
    expect((await loginFrom('10.3.0.2', 'a7')).status).toBe(303);
  });

  test('when an admin unlocks an account, then its owner signs in at once, and the unlock is audited', async () => {
    const user = await seedUser(p, 'eko', ['officer']);
    for (let i = 0; i < 12; i++) {
      expect((await loginFrom('10.4.0.1', 'eko', `salah-${i}-xxxxxxxx`)).status).toBe(401);
      p.clock.advanceMinutes(16);
    }
    await loginFrom('10.4.0.1', 'eko', 'salah-terakhir-xxx'); // a 15-minute wait now runs
    expect((await loginFrom('10.4.0.1', 'eko')).status).toBe(429);

    await seedUser(p, 'admin-unlock', ['admin']);
    const admin = new WebClient(p.baseUrl);
    await admin.login('admin-unlock');
    const csrf = await admin.csrf(`/dashboard/admin/users/${user.id}`);
    expect((await admin.get(`/dashboard/admin/users/${user.id}`)).text).toContain('Buka kunci masuk');
    const unlocked = await admin.post(`/dashboard/admin/users/${user.id}/unlock`, { _csrf: csrf });
    expect(unlocked.status).toBe(303);
    expect((await loginFrom('10.4.0.1', 'eko')).status).toBe(303);
    const audit = await p.service.modules.audit.forTarget(`staff_user:${user.id}`);
    expect(audit.map((a) => a.action)).toContain('staff.login_unlocked');
  });

  test('when a sign-in fails with a password typed as the user name, then that text is stored nowhere', async () => {
    const typed = 'KataSandiRahasia-99';
    await loginFrom('10.5.0.1', typed, 'apa-saja-xxxxxxxx');
    const db = p.service.db.connection.db!;
    for (const name of ['audit_log', 'staff_login_failures']) {
      const rows = JSON.stringify(await db.collection(name).find().toArray()).toLowerCase();
      expect(rows).not.toContain(typed.toLowerCase());
    }
    const collections = await db.listCollections().toArray();
    for (const { name } of collections) expect(JSON.stringify(await db.collection(name).find().toArray()).toLowerCase()).not.toContain(typed.toLowerCase());
  });
});

describe('CSRF', () => {
  let c: WebClient;
  let token: string;
  beforeAll(async () => {
    c = new WebClient(t.baseUrl);
    await c.login('sari');
    token = await c.csrf('/dashboard/inbox');
    await t.send('6281377700001', 'petugas');
  });
  const chat = encodeURIComponent('simulator:6281377700001');

  test('when a dashboard form is posted without the token, then it is refused and nothing changes', async () => {
    const res = await c.post(`/dashboard/inbox/chat/${chat}/claim`, {});
    expect(res.status).toBe(403);
    expect(res.text).toContain('Formulir sudah kedaluwarsa atau tidak sah');
    expect((await t.service.handoffs.get('simulator:6281377700001'))?.status).toBe('waiting');
  });

  test('when the token is wrong, then it is refused', async () => {
    const res = await c.post(`/dashboard/inbox/chat/${chat}/claim`, { _csrf: token.slice(0, -2) + 'xx' });
    expect(res.status).toBe(403);
  });

  test('when the JSON API is called with the session but without X-CSRF-Token, then it is refused; with it, it works', async () => {
    const refused = await c.request('POST', `/api/v1/handoffs/${chat}/claim`, { json: {} });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.text).error.code).toBe('csrf_failed');
    const ok = await c.request('POST', `/api/v1/handoffs/${chat}/claim`, { json: {}, headers: { 'x-csrf-token': token } });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text).handoff.claimedBy).toBe((await t.service.staff.users.byUsername('sari'))!.id);
    // Reads need no token.
    expect((await c.get('/api/v1/handoffs')).status).toBe(200);
  });

  test('when the API is called with the Bearer token, then no CSRF token is needed', async () => {
    expect((await t.api('GET', '/api/v1/handoffs')).status).toBe(200);
    expect((await t.api('POST', `/api/v1/handoffs/${chat}/close`, {})).status).toBe(200);
  });

  test('when the form carries the token, then the action goes through', async () => {
    await t.send('6281377700002', 'petugas');
    const res = await c.post(`/dashboard/inbox/chat/${encodeURIComponent('simulator:6281377700002')}/claim`, { _csrf: token });
    expect(res.status).toBe(303);
    expect((await t.service.handoffs.get('simulator:6281377700002'))?.status).toBe('active');
  });
});

describe('the end of a session', () => {
  test('when staff sign out, then the session is gone even if the cookie is replayed', async () => {
    const c = new WebClient(t.baseUrl);
    await c.login('sari');
    const old = c.cookies.get('dinsos_sid')!;
    const res = await c.post('/dashboard/logout', { _csrf: await c.csrf('/dashboard/inbox') });
    expect(res.status).toBe(303);
    expect(c.cookies.has('dinsos_sid')).toBe(false);
    c.cookies.set('dinsos_sid', old);
    expect((await c.get('/dashboard/inbox')).status).toBe(303);
  });

  test('when eight hours pass without use, then the session has expired', async () => {
    const c = new WebClient(t.baseUrl);
    await c.login('sari');
    t.clock.advanceMinutes(8 * 60 + 1);
    expect((await c.get('/dashboard/inbox')).location).toMatch(/^\/dashboard\/login/);
  });

  test('when an admin deactivates the account, then its sessions stop working at once', async () => {
    const user = await seedUser(t, 'rina', ['staff']);
    const c = new WebClient(t.baseUrl);
    await c.login('rina');
    expect((await c.get('/dashboard/inbox')).status).toBe(200);
    await t.service.staff.users.update(user.id, { active: false });
    expect((await c.get('/dashboard/inbox')).status).toBe(303);
    expect((await c.login('rina')).status).toBe(401);
  });
});
