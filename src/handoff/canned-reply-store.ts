/**
 * The office's canned replies as admins edit them: a shortcut ("salam", typed "/salam" in the
 * reply box), a label and the text with its placeholders. The collection is seeded once, from
 * the built-in defaults (canned-replies.ts), the first time it is read empty; a deleted reply
 * is kept marked as deleted, so removing every reply never brings the defaults back. A
 * shortcut is unique among the replies not deleted (a partial unique index).
 */
import { Schema, Types, type Connection } from 'mongoose';
import { duplicatePositions, isDuplicateKey } from '../db/duplicate-key';

export interface CannedReplyInput {
  shortcut: string;
  label: string;
  text: string;
}

export interface StoredCannedReply extends CannedReplyInput {
  id: string;
  updatedAt: Date;
  updatedBy: string;
}

interface CannedReplyDoc extends CannedReplyInput {
  _id: Types.ObjectId;
  deleted: boolean;
  updatedAt: Date;
  updatedBy: string;
}

const cannedSchema = new Schema<CannedReplyDoc>(
  {
    shortcut: { type: String, required: true },
    label: { type: String, required: true },
    text: { type: String, required: true },
    deleted: { type: Boolean, required: true, default: false },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { versionKey: false, collection: 'canned_replies' },
);
cannedSchema.index({ shortcut: 1 }, { unique: true, partialFilterExpression: { deleted: false } });
cannedSchema.index({ deleted: 1, shortcut: 1 });

const view = (d: CannedReplyDoc): StoredCannedReply => ({ id: String(d._id), shortcut: d.shortcut, label: d.label, text: d.text, updatedAt: d.updatedAt, updatedBy: d.updatedBy });

export type SaveResult = 'ok' | 'duplicate' | 'not_found';

export class CannedReplyStore {
  private readonly model;
  constructor(connection: Connection) {
    this.model = connection.models.CannedReply ?? connection.model<CannedReplyDoc>('CannedReply', cannedSchema);
  }

  /** The replies in use, by shortcut; the defaults are written first when the office has none at all yet. */
  async list(defaults: () => CannedReplyInput[], now: Date): Promise<StoredCannedReply[]> {
    if ((await this.model.estimatedDocumentCount().exec()) === 0) {
      const docs = defaults().map((d) => ({ ...d, deleted: false, updatedAt: now, updatedBy: 'bawaan' }));
      // Two first readers at once: the unique index keeps one copy of each default.
      await this.model.insertMany(docs, { ordered: false }).catch((err: unknown) => {
        if (!duplicatePositions(err)) throw err;
      });
    }
    const rows = await this.model.find({ deleted: false }).sort({ shortcut: 1 }).lean<CannedReplyDoc[]>().exec();
    return rows.map(view);
  }

  async get(id: string): Promise<StoredCannedReply | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const row = await this.model.findOne({ _id: new Types.ObjectId(id), deleted: false }).lean<CannedReplyDoc>().exec();
    return row ? view(row) : null;
  }

  async add(input: CannedReplyInput, by: string, now: Date): Promise<SaveResult> {
    try {
      await this.model.create({ ...input, deleted: false, updatedAt: now, updatedBy: by });
      return 'ok';
    } catch (err) {
      if (isDuplicateKey(err)) return 'duplicate';
      throw err;
    }
  }

  async update(id: string, input: CannedReplyInput, by: string, now: Date): Promise<SaveResult> {
    if (!Types.ObjectId.isValid(id)) return 'not_found';
    try {
      const res = await this.model.updateOne({ _id: new Types.ObjectId(id), deleted: false }, { $set: { ...input, updatedAt: now, updatedBy: by } }).exec();
      return res.matchedCount ? 'ok' : 'not_found';
    } catch (err) {
      if (isDuplicateKey(err)) return 'duplicate';
      throw err;
    }
  }

  async remove(id: string, by: string, now: Date): Promise<boolean> {
    if (!Types.ObjectId.isValid(id)) return false;
    const res = await this.model.updateOne({ _id: new Types.ObjectId(id), deleted: false }, { $set: { deleted: true, updatedAt: now, updatedBy: by } }).exec();
    return res.matchedCount > 0;
  }
}
