/**
 * The embedded database in a child process, as MongoDB runs beside the service in production:
 * the benchmarks then measure the engine process alone, and the two share the machine's cores.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startDatabaseProcess() {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', require.resolve('tsx/cjs'), require.resolve('../src/db/embedded/cli')], {
    env: { PATH: process.env.PATH!, EMBEDDED_MONGO_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.on('exit', () => child.kill('SIGTERM'));
  await new Promise<void>((resolve) => child.stdout!.on('data', (c) => String(c).includes('mongodb://') && resolve()));
  return { uri: `mongodb://127.0.0.1:${port}/`, stop: () => child.kill('SIGTERM') };
}

