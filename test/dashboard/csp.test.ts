/**
 * The Content-Security-Policy over real HTTP. Every dashboard page an admin can reach (found
 * by following the pages' own links, with a chat, a ticket and an application on file), the
 * live fragments the page script fetches, the sign-in and error pages, a form shown again with
 * its errors and the simulator page: the header allows no inline script or style, names a
 * fresh nonce, and the HTML carries no inline script without that nonce, no `on…=` handler, no
 * `style=` attribute and no `javascript:` link. `upgrade-insecure-requests` is sent only over
 * HTTPS (here: a trusted proxy's X-Forwarded-Proto), never on a plain-http office LAN.
 */
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { startTestService, type TestService } from '../support/service';
import { fileComplaint, signedIn, WebClient, type Reply } from './support';

let mongo: EmbeddedMongo;
let t: TestService;
let admin: WebClient;
let applicationId = '';

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  t = await startTestService({ mongo });
  admin = await signedIn(t, 'admin', ['admin']);
  await t.send('6281344400001', 'halo');
  await t.send('6281344400001', 'petugas');
  await fileComplaint(t, '6281344400002');
  const created = await t.api('POST', '/api/v1/applications', {
    registrationNumber: 'BJM/2026/04444', nik: '6371014609970001', kkNumber: '6371010101150003', name: 'Siti Aminah', dateOfBirth: '1997-09-06', phones: ['+6281344400003'], status: 'diterima',
  });
  expect(created.status).toBe(201);
  applicationId = created.body.id;
});
afterAll(async () => {
  await t?.close();
  await mongo?.stop();
});

/** The header's directives by name. */
function policy(reply: Reply): Map<string, string[]> {
  const header = reply.headers.get('content-security-policy');
  if (!header) throw new Error('no Content-Security-Policy header');
  return new Map(header.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name, values]));
}

/** Everything wrong with one HTML response under the policy it came with. */
function violations(path: string, reply: Reply): string[] {
  const csp = policy(reply);
  const problems: string[] = [];
  const scriptSrc = csp.get('script-src') ?? csp.get('default-src') ?? [];
  const styleSrc = csp.get('style-src') ?? csp.get('default-src') ?? [];
  const nonces = scriptSrc.filter((v) => v.startsWith("'nonce-")).map((v) => v.slice(7, -1));
  if (scriptSrc.includes("'unsafe-inline'")) problems.push(`${path}: script-src allows 'unsafe-inline'`);
  if (styleSrc.includes("'unsafe-inline'")) problems.push(`${path}: style-src allows 'unsafe-inline'`);
  if (nonces.length !== 1) problems.push(`${path}: script-src names ${nonces.length} nonces`);
  if (csp.get('script-src-attr')?.join(' ') !== "'none'") problems.push(`${path}: script-src-attr is not 'none'`);
  for (const tag of reply.text.match(/<script\b[^>]*>/gi) ?? []) {
    const nonce = /\snonce="([^"]+)"/.exec(tag)?.[1];
    if (!/\ssrc="/.test(tag) && !(nonce && nonces.includes(nonce))) problems.push(`${path}: inline script without this response's nonce: ${tag}`);
  }
  for (const tag of reply.text.match(/<style\b[^>]*>/gi) ?? []) {
    const nonce = /\snonce="([^"]+)"/.exec(tag)?.[1];
    if (!(nonce && nonces.includes(nonce))) problems.push(`${path}: inline style without this response's nonce: ${tag}`);
  }
  for (const tag of reply.text.match(/<[a-z][^>]*>/gi) ?? []) {
    if (/\son[a-z]+\s*=/i.test(tag)) problems.push(`${path}: event handler attribute: ${tag}`);
    if (/\sstyle\s*=/i.test(tag)) problems.push(`${path}: style attribute: ${tag}`);
    if (/=\s*["']?\s*javascript:/i.test(tag)) problems.push(`${path}: javascript: URL: ${tag}`);
  }
  return problems;
}

/** The dashboard's own links (and live fragments) on a page: paths to visit next. */
function linksOn(html: string): { pages: string[]; fragments: string[] } {
  const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"');
  const pages = [...html.matchAll(/\shref="(\/dashboard[^"#]*)"/g)].map((m) => decode(m[1]));
  const fragments = [...html.matchAll(/\sdata-live-src="([^"]+)"/g)].map((m) => decode(m[1]));
  return { pages, fragments };
}

const SKIP = /^\/dashboard\/(assets\/|events$)|\.csv(\?|$)/;

test('when an admin opens every dashboard page, then no page allows or carries inline script, handlers or inline styles, and each has its own nonce', async () => {
  // The application list links to a record only after a search: its page is named here.
  const queue = ['/dashboard', '/dashboard/account/password', `/dashboard/applications/${applicationId}`];
  const seen = new Set<string>();
  const visited: string[] = [];
  const problems: string[] = [];
  const nonces = new Set<string>();
  while (queue.length && visited.length < 80) {
    const path = queue.shift()!;
    // One visit per page, whatever its query (filters, paging and flash codes render the same markup).
    const key = path.replace(/\?.*$/, '');
    if (seen.has(key) || SKIP.test(path)) continue;
    seen.add(key);
    let reply = await admin.get(path);
    if (reply.status === 303 && reply.location?.startsWith('/dashboard') && !reply.location.startsWith('/dashboard/login')) {
      queue.unshift(reply.location);
      continue;
    }
    expect({ path, status: reply.status }).toEqual({ path, status: 200 });
    if (!/text\/html/.test(reply.headers.get('content-type') ?? '')) continue;
    visited.push(key);
    problems.push(...violations(path, reply));
    nonces.add(policy(reply).get('script-src')!.find((v) => v.startsWith("'nonce-"))!);
    const { pages, fragments } = linksOn(reply.text);
    queue.push(...pages);
    for (const fragment of fragments) {
      reply = await admin.get(fragment, { 'x-partial': '1' });
      expect({ fragment, status: reply.status }).toEqual({ fragment, status: 200 });
      problems.push(...violations(`${fragment} (fragment)`, reply));
    }
  }
  // The crawl reached every kind of page, details included.
  expect(visited).toEqual(
    expect.arrayContaining([
      '/dashboard/inbox', '/dashboard/inbox/closed', '/dashboard/inbox/failed', '/dashboard/tickets', '/dashboard/tickets/new', '/dashboard/applications', '/dashboard/applications/import',
      '/dashboard/reports', '/dashboard/reports/monthly', '/dashboard/reports/activity', '/dashboard/admin/users', '/dashboard/admin/canned', '/dashboard/admin/whatsapp',
      '/dashboard/admin/privacy', '/dashboard/account/password',
    ]),
  );
  for (const detail of [/^\/dashboard\/inbox\/chat\//, /^\/dashboard\/tickets\/ADU-/, /^\/dashboard\/applications\/[0-9a-f]{24}$/, /^\/dashboard\/admin\/users\/[0-9a-f]{24}$/, /^\/dashboard\/admin\/canned\/[0-9a-f]{24}$/]) {
    expect({ detail: String(detail), found: visited.some((p) => detail.test(p)) }).toEqual({ detail: String(detail), found: true });
  }
  expect(problems).toEqual([]);
  // A nonce is never reused: one per response.
  expect(nonces.size).toBe(visited.length);
});

test('when pages are shown outside the happy path (sign-in, a form with errors, an error page, a data-subject search), then the same holds', async () => {
  const anonymous = new WebClient(t.baseUrl);
  const csrf = await admin.csrf('/dashboard/admin/privacy');
  const pages: [string, Reply][] = [
    ['/dashboard/login', await anonymous.get('/dashboard/login')],
    ['/dashboard/login (wrong password)', await anonymous.login('admin', 'salah-sekali-123')],
    ['/dashboard/nowhere', await admin.get('/dashboard/nowhere')],
    ['POST /dashboard/admin/users (errors)', await admin.post('/dashboard/admin/users', { _csrf: csrf, username: 'x', name: '', password: 'pendek' })],
    ['POST /dashboard/account/password (errors)', await admin.post('/dashboard/account/password', { _csrf: csrf, current: 'salah', password: 'pendek', confirm: 'lain' })],
    ['POST /dashboard/admin/privacy/lookup', await admin.post('/dashboard/admin/privacy/lookup', { _csrf: csrf, kind: 'nik', value: '6371014609970001', reason: 'Permintaan salinan data di loket' })],
  ];
  expect(pages.map(([p, r]) => [p, r.status])).toEqual([
    ['/dashboard/login', 200], ['/dashboard/login (wrong password)', 401], ['/dashboard/nowhere', 404],
    ['POST /dashboard/admin/users (errors)', 400], ['POST /dashboard/account/password (errors)', 400], ['POST /dashboard/admin/privacy/lookup', 200],
  ]);
  expect(pages.flatMap(([p, r]) => violations(p, r))).toEqual([]);
});

test('when the simulator page is served by the same app, then its inline style and script carry the response nonce, which changes every time', async () => {
  const first = await new WebClient(t.baseUrl).get('/simulator');
  const second = await new WebClient(t.baseUrl).get('/simulator');
  expect(first.status).toBe(200);
  expect(violations('/simulator', first)).toEqual([]);
  const nonceOf = (r: Reply) => /<script nonce="([^"]+)">/.exec(r.text)?.[1];
  expect(nonceOf(first)).toBeTruthy();
  expect(nonceOf(first)).not.toBe(nonceOf(second));
  expect(first.text).toContain(`<style nonce="${nonceOf(first)}">`);
});

describe('upgrade-insecure-requests (and Cross-Origin-Opener-Policy, which browsers refuse on plain http with an error per page)', () => {
  const directives = async (base: string, headers?: Record<string, string>) => {
    const reply = await new WebClient(base).get('/dashboard/login', headers);
    return [...policy(reply).keys(), ...(reply.headers.get('cross-origin-opener-policy') ? ['COOP'] : [])];
  };

  test('when the dashboard is served on plain http (an office LAN), then the browser is not told to fetch its styles, script and sign-in over https', async () => {
    expect(await directives(t.baseUrl)).not.toContain('upgrade-insecure-requests');
    expect(await directives(t.baseUrl)).not.toContain('COOP');
    // A client cannot switch it on for itself: X-Forwarded-Proto from an untrusted peer is ignored.
    expect(await directives(t.baseUrl, { 'x-forwarded-proto': 'https' })).not.toContain('upgrade-insecure-requests');
  });

  test('when the request reached the service over HTTPS through the trusted proxy, then it is sent', async () => {
    const behindProxy = await startTestService({ mongo, env: { TRUST_PROXY: 'loopback' } });
    try {
      expect(await directives(behindProxy.baseUrl, { 'x-forwarded-proto': 'https' })).toEqual(expect.arrayContaining(['upgrade-insecure-requests', 'COOP']));
      expect(await directives(behindProxy.baseUrl, { 'x-forwarded-proto': 'http' })).not.toContain('upgrade-insecure-requests');
    } finally {
      await behindProxy.close();
    }
  });
});
