/**
 * The real whatsapp-web.js client: the only module that loads the library (and Puppeteer).
 * It picks the auth strategy (LocalAuth under DATA_DIR, or RemoteAuth on our GridFS store),
 * runs the system Chromium with the validated launch options, and keeps the library's
 * WhatsApp Web version cache under DATA_DIR instead of the working directory.
 */
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

/**
 * RemoteAuth deletes the stored backup (and the local profile) on every unexpected state
 * change, such as a CONFLICT or a proxy block; a passing problem would then cost the pairing.
 * Here only a real logout deletes it.
 */
export class KeepBackupRemoteAuth extends RemoteAuth {
  override disconnect = async (): Promise<void> => {
    clearInterval((this as unknown as { backupSync?: NodeJS.Timeout }).backupSync);
  };
  override logout = async (): Promise<void> => {
    await RemoteAuth.prototype.disconnect.call(this);
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
