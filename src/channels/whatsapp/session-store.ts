/**
 * Our MongoDB (GridFS) store for the library's RemoteAuth, instead of wwebjs-mongo, which in
 * 1.34.7 reads the session zip from the working directory while RemoteAuth writes it under
 * its dataPath. Here both sides use dataPath. A save uploads the new zip before it removes
 * older copies, so a crash mid-save never leaves no session at all.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { mongo, type Connection } from 'mongoose';
import type { Store } from 'whatsapp-web.js';

type Bucket = InstanceType<typeof mongo.GridFSBucket>;

export class GridFsSessionStore implements Store {
  private readonly bucketName: string;

  constructor(
    private readonly connection: Connection,
    /** The RemoteAuth dataPath: where it writes `<session>.zip` before calling save(). */
    private readonly dataPath: string,
    options: { bucketName?: string } = {},
  ) {
    this.bucketName = options.bucketName ?? 'whatsapp_sessions';
  }

  async sessionExists({ session }: { session: string }): Promise<boolean> {
    return (await this.files(session)).length > 0;
  }

  async save({ session }: { session: string }): Promise<void> {
    const source = path.join(this.dataPath, `${session}.zip`);
    const older = await this.files(session);
    const upload = this.bucket().openUploadStream(fileName(session), { metadata: { session } });
    await pipeline(fs.createReadStream(source), upload);
    await Promise.all(older.map((f) => this.bucket().delete(f._id)));
  }

  async extract({ session, path: target }: { session: string; path: string }): Promise<void> {
    const [newest] = await this.files(session);
    if (!newest) throw new Error('no stored WhatsApp session to restore');
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await pipeline(this.bucket().openDownloadStream(newest._id), fs.createWriteStream(target));
  }

  async delete({ session }: { session: string }): Promise<void> {
    const files = await this.files(session);
    await Promise.all(files.map((f) => this.bucket().delete(f._id)));
  }

  /** Newest first. */
  private files(session: string) {
    return this.bucket().find({ filename: fileName(session) }).sort({ uploadDate: -1, _id: -1 }).toArray();
  }

  private bucket(): Bucket {
    const db = this.connection.db;
    if (!db) throw new Error('the database is not connected');
    return new mongo.GridFSBucket(db, { bucketName: this.bucketName });
  }
}

const fileName = (session: string) => `${session}.zip`;
