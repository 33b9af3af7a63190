/**
 * The process lifecycle: the service starts on embedded defaults, answers /healthz, and on
 * SIGTERM closes everything and exits 0 within 10 seconds.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

test('when the service gets SIGTERM, then it shuts down cleanly within 10 seconds', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', require.resolve('tsx/cjs'), 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, PORT: String(port), NODE_ENV: 'test', DATA_ENCRYPTION_KEY: 'e'.repeat(64), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Start-up (compiling TypeScript cold, training the understanding) is not what this test times:
  // on a loaded 2-core machine it can take well over 10 s.
  for (let i = 0; i < 600 && !/service listening/.test(output); i++) await new Promise((r) => setTimeout(r, 100));
  expect(output).toMatch(/DATA LIVES IN MEMORY ONLY/);
  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({ status: 'ok' });

  const started = Date.now();
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(Date.now() - started).toBeLessThan(10_000);
  expect(output).toMatch(/shutting down/);
}, 90_000);
