/**
 * Staff accounts: who may sign in to the dashboard, with which roles, and the WhatsApp number
 * the SLA monitor alerts. Passwords are stored as scrypt hashes only (password-hash.ts; older
 * bcrypt hashes still verify and are replaced at the next sign-in); the plain password never
 * leaves this file.
 */
import { Schema, Types, type Connection } from 'mongoose';
import type { Clock } from '../calendar/clock';
import type { Actor, Role } from '../http/api-auth';
import { AppError } from '../http/errors';
import { DEFAULT_SCRYPT, hashPassword, verifyPassword, type ScryptParams } from './password-hash';
import { isDuplicateKey } from '../db/duplicate-key';

export interface StaffUser {
  _id: Types.ObjectId;
  /** Lower-case sign-in name. */
  username: string;
  name: string;
  passwordHash: string;
  roles: Role[];
  /**
   * E.164, for WhatsApp alerts; null when the person gave none. At rest it is AES-GCM
   * ciphertext ("v1:…") when the service holds the key; the view always has the number.
   */
  phone: string | null;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
  passwordChangedAt: Date;
}

/** A user as the rest of the service sees it: never the hash. */
export type StaffUserView = Omit<StaffUser, 'passwordHash' | '_id'> & { id: string };

const staffUserSchema = new Schema<StaffUser>(
  {
    username: { type: String, required: true },
    name: { type: String, required: true },
    passwordHash: { type: String, required: true },
    roles: { type: [String], required: true },
    phone: { type: String, default: null },
    active: { type: Boolean, default: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    passwordChangedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'staff_users' },
);
staffUserSchema.index({ username: 1 }, { unique: true });
staffUserSchema.index({ roles: 1, active: 1 });

export function staffUserModel(connection: Connection) {
  return connection.models.StaffUser ?? connection.model<StaffUser>('StaffUser', staffUserSchema);
}

export const DEFAULT_BCRYPT_COST = 12;

/** Seals staff numbers at rest (the PII cipher). Without one (tests, a CLI run without the key) they stay as given. */
export interface PhoneCipher {
  encrypt(value: string): string;
  decrypt(value: string): string;
}

const SEALED = /^v\d+:/;

/** The number from its stored form: sealed, or in clear from before sealing (or without a key). */
export function openPhone(stored: string | null | undefined, cipher?: PhoneCipher): string | null {
  if (!stored) return null;
  if (!SEALED.test(stored)) return stored;
  return cipher ? cipher.decrypt(stored) : null;
}

export const toView = (u: StaffUser, cipher?: PhoneCipher): StaffUserView => ({
  id: String(u._id), username: u.username, name: u.name, roles: u.roles, phone: openPhone(u.phone, cipher), active: u.active,
  createdAt: u.createdAt, updatedAt: u.updatedAt, passwordChangedAt: u.passwordChangedAt,
});

export const toActor = (u: StaffUserView): Actor => ({ id: u.id, name: u.name, roles: [...u.roles] });

export interface NewStaffUser {
  username: string;
  name: string;
  password: string;
  roles: Role[];
  phone?: string | null;
}

/** Test-speed scrypt (about a millisecond), chosen by the tests' low `bcryptCost`. */
const FAST_SCRYPT: ScryptParams = { logN: 10, r: 8, p: 1 };

export class StaffUsers {
  readonly model;
  private readonly params: ScryptParams;
  private dummyHash: Promise<string> | null = null;

  /**
   * The options exist for tests only (a cheap hash checks in a millisecond); the service always
   * uses the defaults. `bcryptCost` below the default is the tests' old way of asking for that.
   * A hash records its own parameters, so checking needs no option.
   */
  private readonly cipher?: PhoneCipher;

  constructor(connection: Connection, private readonly clock: Clock, options: { bcryptCost?: number; scrypt?: ScryptParams; cipher?: PhoneCipher } = {}) {
    this.model = staffUserModel(connection);
    this.cipher = options.cipher;
    const cheap = options.bcryptCost !== undefined && options.bcryptCost < DEFAULT_BCRYPT_COST;
    this.params = options.scrypt ?? (cheap ? FAST_SCRYPT : DEFAULT_SCRYPT);
  }

  async create(input: NewStaffUser): Promise<StaffUserView> {
    const now = this.clock.now();
    const passwordHash = await hashPassword(input.password, this.params);
    try {
      const doc = await this.model.create({
        username: input.username.toLowerCase(), name: input.name, passwordHash, roles: input.roles, phone: this.sealPhone(input.phone ?? null),
        active: true, createdAt: now, updatedAt: now, passwordChangedAt: now,
      });
      return this.view(doc.toObject());
    } catch (err) {
      if (isDuplicateKey(err)) throw new AppError('username_taken', 'Nama pengguna sudah dipakai.', 409);
      throw err;
    }
  }

  async update(id: string, changes: Partial<Pick<StaffUser, 'name' | 'roles' | 'phone' | 'active'>>): Promise<StaffUserView> {
    const current = await this.get(id);
    if (!current) throw new AppError('not_found', 'Pengguna tidak ditemukan.', 404);
    const losesAdmin = current.active && current.roles.includes('admin') && ((changes.roles && !changes.roles.includes('admin')) || changes.active === false);
    // A service nobody can administer can only be repaired from the command line.
    if (losesAdmin && (await this.model.countDocuments({ roles: 'admin', active: true }).exec()) <= 1) {
      throw new AppError('last_admin', 'Admin terakhir tidak boleh dinonaktifkan atau kehilangan peran admin.', 409);
    }
    const sealed = 'phone' in changes ? { phone: this.sealPhone(changes.phone ?? null) } : {};
    const updated = await this.model
      .findOneAndUpdate({ _id: new Types.ObjectId(id) }, { $set: { ...changes, ...sealed, updatedAt: this.clock.now() } }, { returnDocument: 'after' })
      .lean<StaffUser>()
      .exec();
    return this.view(updated!);
  }

  async setPassword(id: string, password: string): Promise<void> {
    const now = this.clock.now();
    const passwordHash = await hashPassword(password, this.params);
    const res = await this.model.updateOne({ _id: new Types.ObjectId(id) }, { $set: { passwordHash, passwordChangedAt: now, updatedAt: now } }).exec();
    if (res.matchedCount === 0) throw new AppError('not_found', 'Pengguna tidak ditemukan.', 404);
  }

  async list(): Promise<StaffUserView[]> {
    const rows = await this.model.find({}).sort({ username: 1 }).lean<StaffUser[]>().exec();
    return rows.map((r) => this.view(r));
  }

  async get(id: string): Promise<StaffUserView | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const row = await this.model.findOne({ _id: new Types.ObjectId(id) }).lean<StaffUser>().exec();
    return row ? this.view(row) : null;
  }

  async byUsername(username: string): Promise<StaffUserView | null> {
    const row = await this.model.findOne({ username: username.toLowerCase() }).lean<StaffUser>().exec();
    return row ? this.view(row) : null;
  }

  /** Display names for ids (the inbox shows who claimed a chat). */
  async names(ids: string[]): Promise<Map<string, string>> {
    const valid = [...new Set(ids)].filter((id) => Types.ObjectId.isValid(id)).map((id) => new Types.ObjectId(id));
    if (valid.length === 0) return new Map();
    const rows = await this.model.find({ _id: { $in: valid } }, { name: 1 }).lean<Pick<StaffUser, '_id' | 'name'>[]>().exec();
    return new Map(rows.map((r) => [String(r._id), r.name]));
  }

  /**
   * The user when the password matches an active account, else null. An unknown name costs
   * the same hashing work as a wrong password, so timing does not reveal which names exist.
   */
  async authenticate(username: string, password: string): Promise<StaffUserView | null> {
    const row = await this.model.findOne({ username: username.toLowerCase() }).lean<StaffUser>().exec();
    if (!row || !row.active) {
      await verifyPassword(password, await this.dummy());
      return null;
    }
    if (!(await verifyPassword(password, row.passwordHash))) return null;
    // A bcrypt hash from before scrypt is replaced now, while the password is at hand.
    if (row.passwordHash.startsWith('$2')) {
      const passwordHash = await hashPassword(password, this.params);
      await this.model.updateOne({ _id: row._id, passwordHash: row.passwordHash }, { $set: { passwordHash } }).exec();
    }
    return this.view(row);
  }

  /** The id of the account with this sign-in name, active or not; null when there is none. */
  async idOf(username: string): Promise<string | null> {
    const row = await this.model.findOne({ username: username.toLowerCase() }, { _id: 1 }).lean<Pick<StaffUser, '_id'>>().exec();
    return row ? String(row._id) : null;
  }

  private view(row: StaffUser): StaffUserView {
    return toView(row, this.cipher);
  }

  private sealPhone(phone: string | null): string | null {
    return phone && this.cipher ? this.cipher.encrypt(phone) : phone;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword('not-a-real-password', this.params);
    return this.dummyHash;
  }
}
