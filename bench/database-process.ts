/**
 * The embedded database in a child process, as MongoDB runs beside the service in production:
 * the benchmarks then measure the engine process alone, and the two share the machine's cores.
 * `cpuMs()` reads the child's CPU time (user + system, all its threads) from /proc, so a
 * benchmark can say what a message costs the database as well as the service;
 * `machineCpuMs()` the whole machine's, so what other processes took meanwhile shows.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on nearly every Linux). */
export function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

/** CPU time a process has used so far, in ms (utime + stime of /proc/<pid>/stat); null without /proc. */
export function processCpuMs(pid: number, ticksPerSecond: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces: state is the first, utime the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return null;
  }
}

/** CPU time every process on the machine has used so far, in ms (the busy fields of /proc/stat's `cpu` line); null without /proc. */
export function machineCpuMs(ticksPerSecond: number): number | null {
  try {
    const [user, nice, system, , , irq, softirq, steal] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return ((user + nice + system + irq + softirq + steal) * 1000) / ticksPerSecond;
  } catch {
    return null;
  }
}

export async function startDatabaseProcess() {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', require.resolve('tsx/cjs'), require.resolve('../src/db/embedded/cli')], {
    env: { PATH: process.env.PATH!, EMBEDDED_MONGO_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.on('exit', () => child.kill('SIGTERM'));
  await new Promise<void>((resolve) => child.stdout!.on('data', (c) => String(c).includes('mongodb://') && resolve()));
  const ticks = clockTicks();
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    pid: child.pid!,
    cpuMs: () => processCpuMs(child.pid!, ticks),
    machineCpuMs: () => machineCpuMs(ticks),
    stop: () => child.kill('SIGTERM'),
  };
}
