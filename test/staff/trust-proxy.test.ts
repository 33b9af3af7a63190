/**
 * TRUST_PROXY over real HTTP: which address the sign-in delays are keyed by. Without it (the
 * default) X-Forwarded-For is ignored, so a client cannot dodge its delay by naming another
 * address; behind a configured proxy each real client is counted apart, so one person's
 * failures do not slow the whole office that shares the proxy. Also the setting's validation.
 */
import { loadEnv } from '../../src/config/env';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { startTestService, type TestService } from '../support/service';
import { csrfFrom, PASSWORD, seedUser, WebClient } from '../dashboard/support';

let mongo: EmbeddedMongo;
beforeAll(async () => {
  mongo = await startEmbeddedMongo();
});
afterAll(() => mongo.stop());

async function loginWith(t: TestService, forwardedFor: string, username: string, password = PASSWORD) {
  const c = new WebClient(t.baseUrl);
  const headers = { 'x-forwarded-for': forwardedFor };
  const page = await c.get('/dashboard/login', headers);
  return c.request('POST', '/dashboard/login', { headers, form: { username, password, _csrf: csrfFrom(page.text) } });
}

/** 21 failures over six accounts (never more than four on one): only the address's own count can start a wait. */
async function failFromOneAddress(t: TestService, forwardedFor: (i: number) => string) {
  const accounts = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'];
  for (const u of [...accounts, 'u7']) await seedUser(t, u, ['staff']);
  for (let i = 0; i < 21; i++) expect((await loginWith(t, forwardedFor(i), accounts[i % 6], `salah-${i}-xxxxxxxx`)).status).toBe(401);
}

describe.each([
  ['unset (the default)', {}],
  ['a subnet the peer is not in', { TRUST_PROXY: '10.0.0.0/8' }],
])('when TRUST_PROXY is %s', (_name, env: Record<string, string>) => {
  test('then X-Forwarded-For is not believed: a client naming a new address each time still gets its own delay', async () => {
    const t = await startTestService({ mongo, env });
    try {
      await failFromOneAddress(t, (i) => `198.51.100.${i + 1}`);
      expect((await loginWith(t, '198.51.100.250', 'u7')).status).toBe(429);
    } finally {
      await t.close();
    }
  });
});

describe.each([
  ['loopback (the proxy on this host)', { TRUST_PROXY: 'loopback' }, (client: string) => client],
  ['its subnet', { TRUST_PROXY: '127.0.0.0/8, 10.0.0.0/8' }, (client: string) => client],
  ['one hop', { TRUST_PROXY: '1' }, (client: string) => `6.6.6.6, ${client}`],
])('when TRUST_PROXY is %s', (_name, env: Record<string, string>, header: (client: string) => string) => {
  test('then the delay is keyed by the real client: its own failures slow it, and not the next person behind the same proxy', async () => {
    const t = await startTestService({ mongo, env });
    try {
      // With one hop, whatever the client wrote in front of the proxy's entry is ignored.
      await failFromOneAddress(t, (i) => header('203.0.113.7').replace('6.6.6.6', `6.6.6.${i}`));
      expect((await loginWith(t, header('203.0.113.7'), 'u7')).status).toBe(429);
      expect((await loginWith(t, header('203.0.113.8'), 'u7')).status).toBe(303);
    } finally {
      await t.close();
    }
  });
});

describe('TRUST_PROXY validation', () => {
  const base = { NODE_ENV: 'test' };
  test.each([
    ['false', false],
    ['1', 1],
    ['loopback', ['loopback']],
    ['172.16.0.0/12, 10.0.0.5', ['172.16.0.0/12', '10.0.0.5']],
    ['fd00::/8', ['fd00::/8']],
  ])('when it is %j, then it is accepted as %j', (value, expected) => {
    expect(loadEnv({ ...base, TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });

  test('when it is unset, then nothing is trusted', () => {
    expect(loadEnv(base).TRUST_PROXY).toBe(false);
  });

  test.each(['yes', 'true', '300.1.1.1', '10.0.0.0/33', '10.0.0.0/8/1', '11', 'proxy.example'])('when it is %j, then start-up stops naming TRUST_PROXY', (value) => {
    expect(() => loadEnv({ ...base, TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
  });
});
