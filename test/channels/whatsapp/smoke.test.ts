// Smoke test of the real whatsapp-web.js Client on the system Chromium: it starts with our
// validated options and shuts down without leaving a browser process behind. Chromium is
// kept off the network (every host name fails to resolve, everything else goes to a closed
// local proxy port), so the page load of web.whatsapp.com fails at once, as it should here.
// Skipped, with a message, where CHROME_PATH does not exist (CI installs Debian's chromium).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createRealClientFactory } from '../../../src/channels/whatsapp/real-client';
import { REQUIRED_CHROMIUM_FLAGS } from '../../../src/channels/whatsapp/launch-options';
import { WhatsAppTransport } from '../../../src/channels/whatsapp/transport';
import type { WaClient } from '../../../src/channels/whatsapp/client-port';

const CHROME = process.env.CHROME_PATH || '/usr/bin/chromium';
const OFFLINE = ['--host-resolver-rules=MAP * ~NOTFOUND', '--proxy-server=http://127.0.0.1:9'];
const haveChrome = fs.existsSync(CHROME);
if (!haveChrome) {
  console.warn(`WhatsApp smoke test skipped: no Chromium at ${CHROME} (apt-get install -y chromium, or set CHROME_PATH).`);
}
const smoke = haveChrome ? it : it.skip;

let dataDir: string;
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-smoke-'));
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function gone(pid: number, withinMs = 5000): Promise<boolean> {
  const end = Date.now() + withinMs;
  while (alive(pid) || groupAlive(pid)) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/** Chromium's helpers (zygote, renderers) share the browser's process group. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe(`real whatsapp-web.js client on ${CHROME}`, () => {
  smoke('when the real Client starts offline, then Chromium runs headless with our flags and profile, the page load fails, and destroy leaves no process', async () => {
    const client = (await createRealClientFactory({ dataDir, chromePath: CHROME, auth: { kind: 'local' }, extraArgs: OFFLINE })()) as WaClient;
    await expect(client.initialize()).rejects.toThrow(/ERR_(NAME_NOT_RESOLVED|PROXY_CONNECTION_FAILED|CONNECTION_REFUSED)/);
    const proc = client.pupBrowser?.process();
    expect(proc?.pid).toBeDefined();
    const pid = proc!.pid!;
    expect(alive(pid)).toBe(true);
    expect(proc!.spawnfile).toBe(CHROME);
    const args = proc!.spawnargs.join(' ');
    for (const flag of [...REQUIRED_CHROMIUM_FLAGS, ...OFFLINE]) expect(proc!.spawnargs).toContain(flag);
    expect(args).toMatch(/--headless/);
    expect(args).toContain(`--user-data-dir=${path.join(dataDir, 'auth', 'session')}`);
    await client.destroy();
    expect(await gone(pid)).toBe(true);
  }, 20_000);

  smoke('when the transport starts the real client offline, then the supervisor tears the failed browser down and close() leaves nothing running', async () => {
    const pids: number[] = [];
    const factory = createRealClientFactory({ dataDir, chromePath: CHROME, auth: { kind: 'local' }, extraArgs: OFFLINE });
    const transport = new WhatsAppTransport({
      createClient: async () => {
        const client = await factory();
        const initialize = client.initialize.bind(client);
        client.initialize = async () => {
          try {
            await initialize();
          } finally {
            const pid = client.pupBrowser?.process()?.pid;
            if (pid) pids.push(pid);
          }
        };
        return client;
      },
      receive: async () => undefined,
      logger: pino({ level: 'silent' }),
      settings: { supervisor: { backoffBaseMs: 60_000 } },
    });
    transport.start();
    const end = Date.now() + 15_000;
    while (transport.state().status !== 'disconnected' && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(transport.state().status).toBe('disconnected');
    await transport.close();
    expect(pids).toHaveLength(1);
    expect(await gone(pids[0])).toBe(true);
  }, 20_000);
});
