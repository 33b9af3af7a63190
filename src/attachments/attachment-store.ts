/**
 * Where kept files live: a record per file in `attachments` (the chat and message as keyed
 * hashes, the time, type, size, the original file name sealed) and the bytes, AES-GCM sealed,
 * in the GridFS bucket `attachment_blobs` under a random name. The record is written before its
 * bytes (status `storing`, then `kept`), so no blob exists that no record names: retention and
 * erasure delete through the records and leave nothing behind. One record per inbound message
 * (unique channel + message hash): a redelivered message finds its file kept and fetches nothing.
 * A complaint's ticket names its files by their ids (TicketDoc.fileIds, from the complaint's
 * draft) and reads them with byIds. Records kept before that may still carry a `ticket` field
 * (the number a count heuristic marked them with); nothing reads it any more.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { mongo, Schema, Types, type Connection } from 'mongoose';
import type { PiiCipher } from '../applications/pii-crypto';
import { chatKeyHash, keyedHash } from '../applications/sealing';
import type { ChannelName } from '../conversation/inbound';
import { isDuplicateKey } from '../db/duplicate-key';
import type { FileKind } from './policy';

type Bucket = InstanceType<typeof mongo.GridFSBucket>;

/** A kept file as the desk sees it: no bytes, the name opened. */
export interface AttachmentInfo {
  id: string;
  channel: ChannelName;
  /** The message's id as the chat history keeps it (a keyed hash): how the desk puts the file under its message. */
  messageRef: string;
  at: Date;
  kind: FileKind;
  mimeType: string;
  size: number;
  filename: string | null;
}

interface AttachmentDoc {
  _id: Types.ObjectId;
  channel: ChannelName;
  messageId: string;
  chatKey: string;
  at: Date;
  kind: FileKind;
  mimeType: string;
  size: number;
  filename: string | null;
  status: 'storing' | 'kept';
  blobId: Types.ObjectId;
}

const attachmentSchema = new Schema<AttachmentDoc>(
  {
    channel: { type: String, required: true },
    messageId: { type: String, required: true },
    chatKey: { type: String, required: true },
    at: { type: Date, required: true },
    kind: { type: String, required: true },
    mimeType: { type: String, required: true },
    size: { type: Number, required: true },
    filename: { type: String, default: null },
    status: { type: String, required: true },
    blobId: { type: Schema.Types.ObjectId, required: true },
  },
  { versionKey: false, collection: 'attachments' },
);
attachmentSchema.index({ channel: 1, messageId: 1 }, { unique: true });
attachmentSchema.index({ chatKey: 1, at: 1 });
attachmentSchema.index({ at: 1 });

export interface NewAttachment {
  channel: ChannelName;
  messageId: string;
  chatKey: string;
  at: Date;
  kind: FileKind;
  mimeType: string;
  filename: string | null;
  bytes: Buffer;
}

/** GridFS's answer when a file's bytes are gone (removed by retention or erasure between a listing and the read). */
export const isMissingBlob = (err: unknown): boolean => /FileNotFound|File not found/i.test(String((err as Error)?.message));

export class AttachmentStore {
  private readonly model;
  constructor(
    private readonly connection: Connection,
    private readonly cipher: PiiCipher,
  ) {
    this.model = connection.models.Attachment ?? connection.model<AttachmentDoc>('Attachment', attachmentSchema);
  }

  private messageIdAtRest(messageId: string): string {
    // The chat history's own hash of the id, so a file is found under its message.
    return keyedHash(this.cipher, 'message', messageId);
  }

  private bucket(): Bucket {
    const db = this.connection.db;
    if (!db) throw new Error('the database is not connected');
    return new mongo.GridFSBucket(db, { bucketName: 'attachment_blobs' });
  }

  /** The file kept for this message, if it was (a redelivery, a retried step). */
  async keptFor(channel: ChannelName, messageId: string): Promise<AttachmentInfo | null> {
    const doc = await this.model.findOne({ channel, messageId: this.messageIdAtRest(messageId), status: 'kept' }).lean<AttachmentDoc>().exec();
    return doc ? this.info(doc) : null;
  }

  /** Keeps a file: the record, then the sealed bytes, then the record marked kept. A half-written earlier try is replaced. */
  async keep(file: NewAttachment): Promise<AttachmentInfo> {
    const messageId = this.messageIdAtRest(file.messageId);
    const blobId = new Types.ObjectId();
    const record = {
      channel: file.channel, messageId, chatKey: chatKeyHash(this.cipher, file.chatKey), at: file.at, kind: file.kind,
      mimeType: file.mimeType, size: file.bytes.length, filename: file.filename === null ? null : this.cipher.encrypt(file.filename), status: 'storing' as const, blobId,
    };
    try {
      await this.model.create(record);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const existing = await this.model.findOne({ channel: file.channel, messageId }).lean<AttachmentDoc>().exec();
      if (existing?.status === 'kept') return this.info(existing);
      // An earlier try died between the record and its bytes: its partial blob goes, this one takes its place.
      if (existing) await this.deleteBlob(existing.blobId);
      await this.model.updateOne({ channel: file.channel, messageId }, { $set: record }).exec();
    }
    const upload = this.bucket().openUploadStreamWithId(blobId, randomBytes(12).toString('hex'));
    await new Promise<void>((resolve, reject) => {
      upload.once('finish', () => resolve());
      upload.once('error', reject);
      upload.end(this.cipher.encryptBytes(file.bytes));
    });
    const kept = await this.model.findOneAndUpdate({ channel: file.channel, messageId, blobId }, { $set: { status: 'kept' } }, { returnDocument: 'after' }).lean<AttachmentDoc>().exec();
    if (!kept) throw new Error('attachment record changed while its bytes were written');
    return this.info(kept);
  }

  /** The chat's kept files, oldest first. */
  async forChat(chatKey: string, limit = 500): Promise<AttachmentInfo[]> {
    const docs = await this.model.find({ chatKey: chatKeyHash(this.cipher, chatKey), status: 'kept' }).sort({ at: 1, _id: 1 }).limit(limit).lean<AttachmentDoc[]>().exec();
    return docs.map((d) => this.info(d));
  }

  /** These kept files of this chat, oldest first: a ticket's, by the ids it names (another chat's id finds nothing). */
  async byIds(chatKey: string, ids: readonly string[]): Promise<AttachmentInfo[]> {
    const valid = ids.filter((id) => /^[0-9a-f]{24}$/.test(id)).map((id) => new Types.ObjectId(id));
    if (valid.length === 0) return [];
    const docs = await this.model.find({ _id: { $in: valid }, chatKey: chatKeyHash(this.cipher, chatKey), status: 'kept' }).sort({ at: 1, _id: 1 }).limit(200).lean<AttachmentDoc[]>().exec();
    return docs.map((d) => this.info(d));
  }

  /** One kept file of this chat, and how to read its bytes (opened); null when there is none (another chat's id is none). */
  async open(chatKey: string, id: string): Promise<{ info: AttachmentInfo; read(): Promise<Buffer> } | null> {
    if (!/^[0-9a-f]{24}$/.test(id)) return null;
    const doc = await this.model.findOne({ _id: new Types.ObjectId(id), chatKey: chatKeyHash(this.cipher, chatKey), status: 'kept' }).lean<AttachmentDoc>().exec();
    if (!doc) return null;
    return {
      info: this.info(doc),
      read: async () => {
        const chunks: Buffer[] = [];
        await pipeline(this.bucket().openDownloadStream(doc.blobId), new Writable({ write(chunk: Buffer, _enc, cb) { chunks.push(chunk); cb(); } }));
        return this.cipher.decryptBytes(Buffer.concat(chunks));
      },
    };
  }

  /** Retention: files received before `cutoff` go, bytes first; returns how many. */
  async purgeBefore(cutoff: Date): Promise<number> {
    return this.removeWhere({ at: { $lt: cutoff } });
  }

  /** A data-subject erasure (src/privacy): every file of the chat; returns how many. */
  async eraseChat(chatKey: string): Promise<number> {
    return this.removeWhere({ chatKey: chatKeyHash(this.cipher, chatKey) });
  }

  private async removeWhere(filter: Record<string, unknown>): Promise<number> {
    let removed = 0;
    for (;;) {
      const batch = await this.model.find(filter, { blobId: 1 }).limit(200).lean<Pick<AttachmentDoc, '_id' | 'blobId'>[]>().exec();
      if (batch.length === 0) return removed;
      for (const doc of batch) await this.deleteBlob(doc.blobId);
      const { deletedCount } = await this.model.deleteMany({ _id: { $in: batch.map((d) => d._id) } }).exec();
      removed += deletedCount;
    }
  }

  private async deleteBlob(id: Types.ObjectId): Promise<void> {
    try {
      await this.bucket().delete(id);
    } catch (err) {
      // A record whose bytes were never written (the process died in between) has nothing to delete.
      if (!isMissingBlob(err)) throw err;
    }
  }

  private info(doc: AttachmentDoc): AttachmentInfo {
    return {
      id: String(doc._id), channel: doc.channel, messageRef: doc.messageId, at: doc.at, kind: doc.kind, mimeType: doc.mimeType, size: doc.size,
      filename: doc.filename === null ? null : this.cipher.decrypt(doc.filename),
    };
  }
}
