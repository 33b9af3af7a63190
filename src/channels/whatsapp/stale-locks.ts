/**
 * Chromium's profile lock. A browser leaves `SingletonLock` (a link to "<host>-<pid>"),
 * `SingletonSocket` and `SingletonCookie` in its profile; after a crash or in a restarted
 * container (new hostname, same volume) they stay behind and the next browser refuses the
 * profile. They are removed before every start, unless a live Chromium on this host holds them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class ProfileInUseError extends Error {
  constructor(readonly pid: number) {
    super(`the WhatsApp browser profile is in use by a running Chromium (pid ${pid})`);
    this.name = 'ProfileInUseError';
  }
}

export interface LockProbe {
  hostname(): string;
  /** True when pid is a running Chromium on this machine. */
  isLiveBrowser(pid: number): boolean;
}

export const systemLockProbe: LockProbe = {
  hostname: () => os.hostname(),
  isLiveBrowser(pid) {
    try {
      process.kill(pid, 0);
    } catch {
      return false;
    }
    // PIDs are reused quickly in containers: only a process that is a Chromium counts.
    try {
      return /chrom/i.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
    } catch {
      return process.platform !== 'linux';
    }
  },
};

/** Removes stale Singleton* entries; returns the names removed. Throws ProfileInUseError for a live lock. */
export function removeStaleLocks(profileDir: string, probe: LockProbe = systemLockProbe): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(profileDir).filter((n) => n.startsWith('Singleton'));
  } catch {
    return []; // no profile yet
  }
  if (names.length === 0) return [];
  const owner = lockOwner(path.join(profileDir, 'SingletonLock'));
  if (owner && owner.host === probe.hostname() && probe.isLiveBrowser(owner.pid)) throw new ProfileInUseError(owner.pid);
  for (const name of names) fs.rmSync(path.join(profileDir, name), { force: true, recursive: true });
  return names;
}

function lockOwner(lockPath: string): { host: string; pid: number } | null {
  let target: string;
  try {
    target = fs.readlinkSync(lockPath);
  } catch {
    return null;
  }
  const m = /^(.*)-(\d+)$/.exec(target);
  return m ? { host: m[1], pid: Number(m[2]) } : null;
}
