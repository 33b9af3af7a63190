/**
 * Where the transport keeps its files under DATA_DIR/whatsapp (a volume in Docker): the auth
 * strategy's session and Chromium profile, and the library's WhatsApp Web version cache.
 */
import path from 'node:path';

export type AuthKind = 'local' | 'mongo';

export const authDir = (dataDir: string): string => path.join(dataDir, 'auth');

export const webCacheDir = (dataDir: string): string => path.join(dataDir, 'web-cache');

/** The Chromium profile the auth strategy uses (LocalAuth: session, RemoteAuth: RemoteAuth). */
export function profileDirFor(dataDir: string, auth: AuthKind): string {
  return path.join(authDir(dataDir), auth === 'local' ? 'session' : 'RemoteAuth');
}
