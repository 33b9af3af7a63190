/**
 * The real whatsapp-web.js client: the only module that loads the library (and Puppeteer).
 * It picks the auth strategy (LocalAuth under DATA_DIR, or RemoteAuth on our GridFS store),
 * runs the system Chromium with the validated launch options, and keeps the library's
 * WhatsApp Web version cache under DATA_DIR instead of the working directory.
 */
import fs from 'node:fs';
import { Client, LocalAuth, RemoteAuth, type AuthStrategy, type Store } from 'whatsapp-web.js';
import type { ClientFactory, WaClient } from './client-port';
import { buildLaunchOptions } from './launch-options';
import { authDir, webCacheDir } from './paths';

export type AuthChoice = { kind: 'local' } | { kind: 'mongo'; store: Store; backupSyncIntervalMs?: number };

export interface RealClientOptions {
  /** DATA_DIR/whatsapp: session, profile and version cache live here (a volume in Docker). */
  dataDir: string;
  chromePath: string;
  auth: AuthChoice;
  extraArgs?: string[];
}

// RemoteAuth's optional dependency, untyped; only Open.file().extract() is used.
const unzipper = require('unzipper') as { Open: { file(zip: string): Promise<{ extract(o: { path: string; concurrency?: number }): Promise<unknown> }> } };

/**
 * RemoteAuth with two 1.34.7 defects fixed. It deletes the stored backup (and the local
 * profile) on every unexpected state change, such as a CONFLICT or a proxy block, so a
 * passing problem would cost the pairing: here only a real logout deletes it. And it
 * resolves the restore when the zip has been read, not when its files are written, so
 * Chromium could start on half a profile: here the restore waits for every file.
 */
export class KeepBackupRemoteAuth extends RemoteAuth {
  override disconnect = async (): Promise<void> => {
    clearInterval((this as unknown as { backupSync?: NodeJS.Timeout }).backupSync);
  };
  override logout = async (): Promise<void> => {
    await RemoteAuth.prototype.disconnect.call(this);
  };
  /** Replaces the library's method of the same name (absent from its typings). */
  protected readonly unCompressSession = async (zipPath: string): Promise<void> => {
    const zip = await unzipper.Open.file(zipPath);
    await zip.extract({ path: (this as unknown as { userDataDir: string }).userDataDir, concurrency: 10 });
    await fs.promises.unlink(zipPath);
  };
}

function authStrategy(options: RealClientOptions): AuthStrategy {
  const dataPath = authDir(options.dataDir);
  if (options.auth.kind === 'local') return new LocalAuth({ dataPath });
  return new KeepBackupRemoteAuth({ store: options.auth.store, dataPath, backupSyncIntervalMs: options.auth.backupSyncIntervalMs ?? 10 * 60_000 });
}

export function createRealClientFactory(options: RealClientOptions): ClientFactory {
  const launch = buildLaunchOptions({ chromePath: options.chromePath, extraArgs: options.extraArgs });
  return async () => {
    // Typed as our port: a library upgrade that changes what we use fails to compile here.
    const client: WaClient = new Client({
      authStrategy: authStrategy(options),
      puppeteer: { ...launch, args: [...launch.args] },
      webVersionCache: { type: 'local', path: webCacheDir(options.dataDir) },
      // The page must show WhatsApp Web's version within this time; slow servers need more than the default 30 s.
      authTimeoutMs: 90_000,
    });
    return client;
  };
}
