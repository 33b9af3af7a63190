/**
 * Staff notes on a contact (one chat, one person): private to staff, never sent to the chat.
 * Each note keeps its author and time; notes are added, never edited, and NIK or phone
 * numbers typed into them are kept masked, as in every other free text the service stores.
 * The chat is named at rest only by its keyed hash (chatKeyHash), as in the outbox.
 */
import { Schema, Types, type Connection } from 'mongoose';
import { maskPersonalNumbers } from '../applications/personal-numbers';
import type { PiiCipher } from '../applications/pii-crypto';
import { chatKeyHash } from '../applications/sealing';

export interface ContactNote {
  _id: Types.ObjectId;
  /** The chat key's keyed hash. */
  chatHash: string;
  text: string;
  authorId: string;
  authorName: string;
  at: Date;
}

const noteSchema = new Schema<ContactNote>(
  {
    chatHash: { type: String, required: true },
    text: { type: String, required: true },
    authorId: { type: String, required: true },
    authorName: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false, collection: 'contact_notes' },
);
noteSchema.index({ chatHash: 1, at: -1 });

export class ContactNotes {
  private readonly model;
  constructor(connection: Connection, private readonly cipher: PiiCipher) {
    this.model = connection.models.ContactNote ?? connection.model<ContactNote>('ContactNote', noteSchema);
  }

  async add(chatKey: string, text: string, author: { id: string; name: string }, at: Date): Promise<ContactNote> {
    const doc = await this.model.create({ chatHash: chatKeyHash(this.cipher, chatKey), text: maskPersonalNumbers(text), authorId: author.id, authorName: author.name, at });
    return doc.toObject() as ContactNote;
  }

  /** Newest first. */
  async forChat(chatKey: string, limit = 50): Promise<ContactNote[]> {
    return this.model.find({ chatHash: chatKeyHash(this.cipher, chatKey) }).sort({ at: -1, _id: -1 }).limit(limit).lean<ContactNote[]>().exec();
  }

  /** Erases the chat's notes (a data-subject request, src/privacy); returns how many. */
  async eraseChat(chatKey: string): Promise<number> {
    const { deletedCount } = await this.model.deleteMany({ chatHash: chatKeyHash(this.cipher, chatKey) }).exec();
    return deletedCount;
  }
}
