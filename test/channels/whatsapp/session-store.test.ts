// The WhatsApp session backup for RemoteAuth in our own MongoDB (GridFS): what RemoteAuth
// saves from <dataPath>/<session>.zip comes back byte for byte, against the embedded engine.
// And the stored backup survives a passing disconnection; only a logout deletes it.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import type { Store } from 'whatsapp-web.js';
import { GridFsSessionStore } from '../../../src/channels/whatsapp/session-store';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../../src/db/embedded';

let mongo: EmbeddedMongo;
let connection: Connection;
let dataPath: string;

beforeAll(async () => {
  mongo = await startEmbeddedMongo();
  connection = await mongoose.createConnection(`${mongo.uri}wa_session_${crypto.randomUUID().slice(0, 8)}`).asPromise();
});
afterAll(async () => {
  await connection?.close();
  await mongo?.stop();
});
beforeEach(() => {
  dataPath = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-auth-'));
});
afterEach(() => fs.rmSync(dataPath, { recursive: true, force: true }));

/** What RemoteAuth does before save(): it writes the zip under its dataPath. */
function writeZip(session: string, bytes: Buffer): void {
  fs.writeFileSync(path.join(dataPath, `${session}.zip`), bytes);
}

describe('GridFS session store for RemoteAuth', () => {
  it('when a session is saved and then extracted elsewhere, then the same bytes come back', async () => {
    const store = new GridFsSessionStore(connection, dataPath);
    const zip = crypto.randomBytes(700_000); // several GridFS chunks
    expect(await store.sessionExists({ session: 'RemoteAuth' })).toBe(false);
    writeZip('RemoteAuth', zip);
    await store.save({ session: 'RemoteAuth' });
    expect(await store.sessionExists({ session: 'RemoteAuth' })).toBe(true);

    // A new container: another data directory, the zip restored from the database.
    const restoredTo = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wa-restore-')), 'RemoteAuth.zip');
    await new GridFsSessionStore(connection, path.dirname(restoredTo)).extract({ session: 'RemoteAuth', path: restoredTo });
    expect(fs.readFileSync(restoredTo).equals(zip)).toBe(true);
    fs.rmSync(path.dirname(restoredTo), { recursive: true, force: true });
  });

  it('when a session is saved again, then the newest copy is restored and older copies are removed', async () => {
    const store = new GridFsSessionStore(connection, dataPath, { bucketName: 'sessions_resave' });
    writeZip('RemoteAuth-desk', Buffer.from('first'));
    await store.save({ session: 'RemoteAuth-desk' });
    writeZip('RemoteAuth-desk', Buffer.from('second'));
    await store.save({ session: 'RemoteAuth-desk' });
    const target = path.join(dataPath, 'out.zip');
    await store.extract({ session: 'RemoteAuth-desk', path: target });
    expect(fs.readFileSync(target, 'utf8')).toBe('second');
    expect(await connection.db!.collection('sessions_resave.files').countDocuments()).toBe(1);
  });

  it('when a session is deleted, then it no longer exists and cannot be extracted', async () => {
    const store = new GridFsSessionStore(connection, dataPath, { bucketName: 'sessions_delete' });
    writeZip('RemoteAuth', Buffer.from('zip'));
    await store.save({ session: 'RemoteAuth' });
    await store.delete({ session: 'RemoteAuth' });
    expect(await store.sessionExists({ session: 'RemoteAuth' })).toBe(false);
    await expect(store.extract({ session: 'RemoteAuth', path: path.join(dataPath, 'x.zip') })).rejects.toThrow(/no stored WhatsApp session/);
  });
});

describe('RemoteAuth on the GridFS store', () => {
  type Internals = { userDataDir: string; storeRemoteSession(options?: { emit: boolean }): Promise<void> };
  const fakeClient = () => ({ options: { puppeteer: {} }, emit: () => true });

  it('when the library backs up a profile and a new container starts, then the profile is restored from the database', async () => {
    const { KeepBackupRemoteAuth } = await import('../../../src/channels/whatsapp/real-client');
    type SetupClient = InstanceType<typeof import('whatsapp-web.js').Client>;
    const first = new KeepBackupRemoteAuth({ store: new GridFsSessionStore(connection, dataPath, { bucketName: 'sessions_rt' }), dataPath, backupSyncIntervalMs: 60_000 });
    first.setup(fakeClient() as unknown as SetupClient);
    await first.beforeBrowserInitialized();
    const profile = (first as unknown as Internals).userDataDir;
    fs.mkdirSync(path.join(profile, 'Default', 'IndexedDB'), { recursive: true });
    fs.writeFileSync(path.join(profile, 'Default', 'IndexedDB', 'wawc.ldb'), 'session-keys');
    fs.mkdirSync(path.join(profile, 'Default', 'Local Storage'), { recursive: true });
    fs.writeFileSync(path.join(profile, 'Default', 'Local Storage', 'leveldb'), 'prefs');
    await (first as unknown as Internals).storeRemoteSession({ emit: true });

    const otherDataPath = fs.mkdtempSync(path.join(os.tmpdir(), 'wa-auth2-'));
    const second = new KeepBackupRemoteAuth({ store: new GridFsSessionStore(connection, otherDataPath, { bucketName: 'sessions_rt' }), dataPath: otherDataPath, backupSyncIntervalMs: 60_000 });
    second.setup(fakeClient() as unknown as SetupClient);
    await second.beforeBrowserInitialized();
    const restored = (second as unknown as Internals).userDataDir;
    expect(fs.readFileSync(path.join(restored, 'Default', 'IndexedDB', 'wawc.ldb'), 'utf8')).toBe('session-keys');
    expect(fs.readFileSync(path.join(restored, 'Default', 'Local Storage', 'leveldb'), 'utf8')).toBe('prefs');
    await second.destroy();
    await first.destroy();
    fs.rmSync(otherDataPath, { recursive: true, force: true });
  });
});

describe('RemoteAuth that keeps its backup', () => {
  function recordingStore(): Store & { deleted: number } {
    return { deleted: 0, sessionExists: async () => true, save: async () => undefined, extract: async () => undefined, async delete() { this.deleted++; } };
  }

  it('when the library disconnects on a passing state (CONFLICT, proxy block), then the stored session is kept; on logout it is deleted', async () => {
    const { KeepBackupRemoteAuth } = await import('../../../src/channels/whatsapp/real-client');
    const store = recordingStore();
    const auth = new KeepBackupRemoteAuth({ store, dataPath, backupSyncIntervalMs: 60_000 });
    const profile = path.join(dataPath, 'RemoteAuth');
    fs.mkdirSync(profile);
    (auth as unknown as { userDataDir: string; sessionName: string }).userDataDir = profile;
    (auth as unknown as { sessionName: string }).sessionName = 'RemoteAuth';
    await auth.disconnect();
    expect(store.deleted).toBe(0);
    expect(fs.existsSync(profile)).toBe(true);
    await auth.logout();
    expect(store.deleted).toBe(1);
    expect(fs.existsSync(profile)).toBe(false);
  });
});
