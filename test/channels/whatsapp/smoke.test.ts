// Smoke test of the real whatsapp-web.js Client on the system Chromium: it starts with our
// validated options and shuts down without leaving a browser process behind. Chromium is
// kept off the network (every host name fails to resolve, everything else goes to a closed
// local proxy port), so the page load of web.whatsapp.com fails at once, as it should here.
// Skipped, with a message, where CHROME_PATH does not exist (CI installs Debian's chromium).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import pino from 'pino';
import { createWhatsAppTransport } from '../../../src/channels/whatsapp';
import { createRealClientFactory } from '../../../src/channels/whatsapp/real-client';
import { REQUIRED_CHROMIUM_FLAGS } from '../../../src/channels/whatsapp/launch-options';
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

/** Processes whose command line names this path: every Chromium process of a profile carries its --user-data-dir. */
function processesUsing(dir: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        return fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
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

  smoke('when the service-built transport starts offline over a profile locked by another host, then the lock is cleared, the failed browser is torn down and close() leaves nothing running', async () => {
    const profile = path.join(dataDir, 'whatsapp', 'auth', 'session');
    fs.mkdirSync(profile, { recursive: true });
    fs.symlinkSync('old-container-4242', path.join(profile, 'SingletonLock'));
    const transport = createWhatsAppTransport({
      env: { DATA_DIR: dataDir, CHROME_PATH: CHROME, WHATSAPP_AUTH: 'local', MONGODB_URI: undefined },
      logger: pino({ level: 'silent' }),
      receive: async () => undefined,
      connection: mongoose.createConnection(),
      timeZone: 'Asia/Makassar',
      settings: { supervisor: { backoffBaseMs: 60_000 } },
      extraChromeArgs: OFFLINE,
    });
    transport.start();
    const end = Date.now() + 15_000;
    while (transport.state().status !== 'disconnected' && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(transport.state().status).toBe('disconnected');
    expect(fs.existsSync(path.join(profile, 'SingletonLock'))).toBe(false);
    expect(fs.existsSync(path.join(profile, 'Default'))).toBe(true); // Chromium used our profile
    await transport.close();
    const end2 = Date.now() + 2000;
    while (processesUsing(dataDir).length > 0 && Date.now() < end2) await new Promise((r) => setTimeout(r, 50));
    expect(processesUsing(dataDir)).toEqual([]);
  }, 20_000);
});
