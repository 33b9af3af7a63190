/**
 * Test helpers for the dashboard and staff tests: seeding staff accounts (cost-4 bcrypt so
 * sign-in is fast) and a small cookie-keeping HTTP client that signs in like a browser.
 */
import type { Role } from '../../src/http/api-auth';
import { StaffUsers } from '../../src/staff/staff-users';
import { startTestService, type TestService } from '../support/service';

export const PASSWORD = 'rahasia-sekali-123';

export async function seedUser(t: TestService, username: string, roles: Role[], extra: { name?: string; phone?: string | null; password?: string } = {}) {
  const users = new StaffUsers(t.service.db.connection, t.clock, { bcryptCost: 4 });
  return users.create({ username, name: extra.name ?? `Nama ${username}`, password: extra.password ?? PASSWORD, roles, phone: extra.phone ?? null });
}

export interface Reply {
  status: number;
  text: string;
  location: string | null;
  headers: Headers;
}

/** A browser stand-in: keeps cookies, never follows redirects, posts forms url-encoded. */
export class WebClient {
  readonly cookies = new Map<string, string>();
  constructor(readonly baseUrl: string, readonly ip?: string) {}

  async request(method: string, path: string, o: { form?: Record<string, string | string[]>; json?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...o.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined;
    if (o.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(o.form)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
      body = params.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (o.json !== undefined) {
      body = JSON.stringify(o.json);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a)) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { status: res.status, text: await res.text(), location: res.headers.get('location'), headers: res.headers };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, { headers });
  }

  post(path: string, form: Record<string, string | string[]>) {
    return this.request('POST', path, { form });
  }

  /** Opens the sign-in page (for its form token) and signs in. */
  async login(username: string, password = PASSWORD): Promise<Reply> {
    const page = await this.get('/dashboard/login');
    return this.post('/dashboard/login', { username, password, _csrf: csrfFrom(page.text) });
  }

  /** The session's CSRF token, read from any dashboard page. */
  async csrf(path = '/dashboard/inbox'): Promise<string> {
    let res = await this.get(path);
    if (res.status === 303 && res.location) res = await this.get(res.location);
    return csrfFrom(res.text);
  }
}

export function csrfFrom(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html) ?? /name="csrf-token" content="([^"]+)"/.exec(html);
  if (!m) throw new Error(`no CSRF token in page: ${html.slice(0, 300)}`);
  return m[1];
}

export async function signedIn(t: TestService, username: string, roles: Role[]): Promise<WebClient> {
  await seedUser(t, username, roles);
  const client = new WebClient(t.baseUrl);
  const res = await client.login(username);
  if (res.status !== 303) throw new Error(`sign-in failed for ${username}: ${res.status} ${res.text.slice(0, 200)}`);
  return client;
}

/** Files a complaint through the simulator chat, as a person would; returns the ticket number. */
export async function fileComplaint(t: TestService, from: string): Promise<string> {
  for (const text of ['5', '1', 'Antrean di loket tidak dipanggil sejak pagi.', 'selesai', 'Siti Rahmawati', 'lewati', '2']) await t.send(from, text);
  const replies = (await t.send(from, '1')).join('\n');
  const number = /ADU-[A-Z]+-\d{4}-\d{4}/.exec(replies)?.[0];
  if (!number) throw new Error(`no ticket number in: ${replies}`);
  return number;
}

/** Reads a server-sent event stream until `until` matches what arrived (or the time runs out). */
export async function readEvents(client: WebClient, trigger: () => Promise<unknown>, until: RegExp, ms = 3000): Promise<string> {
  const controller = new AbortController();
  const headers: Record<string, string> = { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  const res = await fetch(`${client.baseUrl}/dashboard/events`, { headers, signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let seen = '';
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    await reader.read(); // the "retry" preamble: the stream is registered
    await trigger();
    while (!until.test(seen)) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += decoder.decode(value);
    }
  } catch {
    /* aborted: return what arrived */
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return seen;
}

/**
 * A service with an officer ("oki") and a supervisor ("sari") signed in, started before the file's
 * tests and stopped after them; `take` receives them (assign them to the file's own variables).
 */
export function useDeskWithOfficerAndSupervisor(take: (started: { t: TestService; officer: WebClient; supervisor: WebClient }) => void): void {
  let t: TestService | undefined;
  beforeAll(async () => {
    t = await startTestService();
    take({ t, officer: await signedIn(t, 'oki', ['officer']), supervisor: await signedIn(t, 'sari', ['supervisor']) });
  });
  afterAll(async () => {
    await t?.close();
  });
}
