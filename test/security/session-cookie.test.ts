/**
 * Secure session cookies, made explicit by COOKIE_SECURE. With Secure cookies, a dashboard
 * reached over plain http (an office LAN without HTTPS) refuses to sign in and says why and what
 * to set, instead of taking the password and asking for it again forever; start-up warns. Behind
 * an HTTPS proxy that TRUST_PROXY names, sign-in works with a Secure cookie; COOKIE_SECURE=false
 * signs in over plain http.
 */
import { randomBytes } from 'node:crypto';
import { systemClock } from '../../src/calendar/clock';
import { loadEnv } from '../../src/config/env';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { createLogger } from '../../src/logging/logger';
import { createService, type Service } from '../../src/service';
import { StaffUsers } from '../../src/staff/staff-users';
import { seedUser, PASSWORD } from '../dashboard/support';
import { startTestService, type TestService } from '../support/service';

jest.setTimeout(60_000);

async function signIn(t: TestService, headers: Record<string, string> = {}) {
  const page = await fetch(`${t.baseUrl}/dashboard/login`, { headers });
  const text = await page.text();
  const cookies = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1] ?? '';
  const res = await fetch(`${t.baseUrl}/dashboard/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, cookie: cookies, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: 'admin', password: PASSWORD, _csrf: token }).toString(),
  });
  return { page: { status: page.status, text }, status: res.status, text: await res.text(), setCookie: res.headers.getSetCookie() };
}

describe('COOKIE_SECURE=true', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ env: { COOKIE_SECURE: 'true', TRUST_PROXY: 'loopback' } });
    await seedUser(t, 'admin', ['admin']);
  });
  afterAll(() => t?.close());

  test('when the dashboard is opened over plain http, then the sign-in page says why it cannot sign in, and no session is made', async () => {
    const r = await signIn(t);
    expect(r.page.status).toBe(400);
    expect(r.page.text).toContain('hanya dikirim lewat HTTPS');
    expect(r.page.text).toContain('COOKIE_SECURE=false');
    expect(r.status).toBe(400);
    expect(r.setCookie.some((c) => c.includes('dinsos_sid'))).toBe(false);
    expect(await t.service.db.connection.db!.collection('staff_sessions').countDocuments()).toBe(0);
  });

  test('when an HTTPS proxy that TRUST_PROXY names passes X-Forwarded-Proto: https, then sign-in works with a Secure cookie', async () => {
    const r = await signIn(t, { 'x-forwarded-proto': 'https' });
    expect(r.page.text).toContain('name="_csrf"');
    expect(r.status).toBe(303);
    const session = r.setCookie.find((c) => c.startsWith('__Host-dinsos_sid='));
    expect(session).toMatch(/;\s*Secure/i);
  });
});

describe('start-up', () => {
  test('when cookies are Secure and no proxy is trusted, then start-up warns that sign-in needs HTTPS and names COOKIE_SECURE', async () => {
    const t = await startTestService({ env: { COOKIE_SECURE: 'true' } });
    try {
      const warning = t.logs.find((l) => l.level === 40 && String(l.msg).includes('session cookies are Secure'));
      expect(warning?.msg).toContain('COOKIE_SECURE=false');
    } finally {
      await t.close();
    }
  });
});

describe('COOKIE_SECURE=false', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService({ env: { COOKIE_SECURE: 'false' } });
    await seedUser(t, 'admin', ['admin']);
  });
  afterAll(() => t?.close());

  test('when the dashboard is opened over plain http, then sign-in works with a cookie that is not Secure', async () => {
    const r = await signIn(t);
    expect(r.status).toBe(303);
    const session = r.setCookie.find((c) => c.startsWith('dinsos_sid='));
    expect(session).toBeDefined();
    expect(session).not.toMatch(/;\s*Secure/i);
  });
});

/**
 * The service itself in its production configuration, COOKIE_SECURE unset: the default must be
 * Secure (a test of setSessionCookie on a toy app could not see the service's default change).
 */
describe('NODE_ENV=production with COOKIE_SECURE unset', () => {
  let mongo: EmbeddedMongo;
  let service: Service;
  let baseUrl: string;
  beforeAll(async () => {
    mongo = await startEmbeddedMongo();
    const env = loadEnv({
      NODE_ENV: 'production',
      MONGODB_URI: `${mongo.uri}prod_cookie`,
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      ADMIN_API_TOKEN: randomBytes(24).toString('hex'),
      TRUST_PROXY: 'loopback',
      LOG_LEVEL: 'silent',
    });
    service = await createService({ env, logger: createLogger({ level: 'silent' }) });
    baseUrl = `http://127.0.0.1:${(await service.listen(0, '127.0.0.1')).port}`;
    await new StaffUsers(service.db.connection, systemClock, { bcryptCost: 4 }).create({ username: 'admin', name: 'Admin', password: PASSWORD, roles: ['admin'], phone: null });
  });
  afterAll(async () => {
    await service?.close();
    await mongo?.stop();
  });

  test('when signing in over plain http, then it is refused; through the HTTPS proxy, then the session cookie is Secure and __Host-', async () => {
    const plain = await signIn({ baseUrl } as TestService);
    expect(plain.status).toBe(400);
    expect(plain.setCookie.some((c) => c.includes('dinsos_sid'))).toBe(false);
    const proxied = await signIn({ baseUrl } as TestService, { 'x-forwarded-proto': 'https' });
    expect(proxied.status).toBe(303);
    expect(proxied.setCookie.find((c) => c.startsWith('__Host-dinsos_sid='))).toMatch(/;\s*Secure/i);
  });
});
