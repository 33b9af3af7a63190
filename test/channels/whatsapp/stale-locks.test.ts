// A Chromium profile left locked by another host (a restarted container) or a crashed browser
// is unlocked before the next start; a profile held by a live Chromium here is left alone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ProfileInUseError, removeStaleLocks, type LockProbe } from '../../../src/channels/whatsapp/stale-locks';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-profile-'));
  fs.mkdirSync(path.join(dir, 'Default'));
  fs.writeFileSync(path.join(dir, 'Default', 'Preferences'), '{}');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function lockAs(owner: string): void {
  fs.symlinkSync(owner, path.join(dir, 'SingletonLock'));
  fs.symlinkSync('/tmp/org.chromium.Chromium.gone/SingletonSocket', path.join(dir, 'SingletonSocket'));
  fs.symlinkSync('1234567890', path.join(dir, 'SingletonCookie'));
}

const probe = (hostname: string, live: number[] = []): LockProbe => ({ hostname: () => hostname, isLiveBrowser: (pid) => live.includes(pid) });

describe('stale Chromium profile locks', () => {
  it('when the lock names another host (the container was recreated), then all Singleton* entries are removed and the profile kept', () => {
    lockAs('3f2a9c1b7d4e-57');
    expect(removeStaleLocks(dir, probe('a1b2c3d4e5f6', [57])).sort()).toEqual(['SingletonCookie', 'SingletonLock', 'SingletonSocket']);
    expect(fs.readdirSync(dir)).toEqual(['Default']);
  });

  it('when the lock names this host but its browser is gone (a crash), then the locks are removed', () => {
    lockAs('bot-host-4242');
    expect(removeStaleLocks(dir, probe('bot-host'))).toHaveLength(3);
    expect(fs.readdirSync(dir)).toEqual(['Default']);
  });

  it('when a live Chromium on this host holds the profile, then nothing is removed and the start is refused', () => {
    lockAs('bot-host-4242');
    expect(() => removeStaleLocks(dir, probe('bot-host', [4242]))).toThrow(ProfileInUseError);
    expect(fs.readdirSync(dir).sort()).toEqual(['Default', 'SingletonCookie', 'SingletonLock', 'SingletonSocket']);
  });

  it('when the profile has no locks or does not exist yet, then nothing happens', () => {
    expect(removeStaleLocks(dir, probe('h'))).toEqual([]);
    expect(removeStaleLocks(path.join(dir, 'missing'), probe('h'))).toEqual([]);
  });

  it('when the lock points at a reused pid that is no Chromium (the real probe), then the locks are removed', () => {
    // This test process is alive on this host but is Node, not Chromium.
    lockAs(`${os.hostname()}-${process.pid}`);
    expect(removeStaleLocks(dir)).toHaveLength(3);
  });
});
