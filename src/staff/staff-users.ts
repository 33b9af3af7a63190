/**
 * Staff accounts: who may sign in to the dashboard, with which roles, and the WhatsApp number
 * the SLA monitor alerts. Passwords are stored as bcrypt hashes only; the plain password
 * never leaves this file.
 */
import bcrypt from 'bcryptjs';
import { Schema, Types, type Connection } from 'mongoose';
import type { Clock } from '../calendar/clock';
import type { Actor, Role } from '../http/api-auth';
import { AppError } from '../http/errors';

export interface StaffUser {
  _id: Types.ObjectId;
  /** Lower-case sign-in name. */
  username: string;
  name: string;
  passwordHash: string;
  roles: Role[];
  /** E.164, for WhatsApp alerts; null when the person gave none. */
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

export const toView = (u: StaffUser): StaffUserView => ({
  id: String(u._id), username: u.username, name: u.name, roles: u.roles, phone: u.phone, active: u.active,
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

export class StaffUsers {
  readonly model;
  private readonly cost: number;
  private dummyHash: Promise<string> | null = null;

  /**
   * `bcryptCost` exists for tests only (a cost-4 hash checks in a millisecond); the service
   * always uses the default. A hash records its own cost, so checking needs no option.
   */
  constructor(connection: Connection, private readonly clock: Clock, options: { bcryptCost?: number } = {}) {
    this.model = staffUserModel(connection);
    this.cost = options.bcryptCost ?? DEFAULT_BCRYPT_COST;
    if (!Number.isInteger(this.cost) || this.cost < 4 || this.cost > 15) throw new RangeError('bcrypt cost must be 4–15');
  }

  async create(input: NewStaffUser): Promise<StaffUserView> {
    const now = this.clock.now();
    const passwordHash = await bcrypt.hash(input.password, this.cost);
    try {
      const doc = await this.model.create({
        username: input.username.toLowerCase(), name: input.name, passwordHash, roles: input.roles, phone: input.phone ?? null,
        active: true, createdAt: now, updatedAt: now, passwordChangedAt: now,
      });
      return toView(doc.toObject());
    } catch (err) {
      if ((err as { code?: number }).code === 11000) throw new AppError('username_taken', 'Nama pengguna sudah dipakai.', 409);
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
    const updated = await this.model
      .findOneAndUpdate({ _id: new Types.ObjectId(id) }, { $set: { ...changes, updatedAt: this.clock.now() } }, { returnDocument: 'after' })
      .lean<StaffUser>()
      .exec();
    return toView(updated!);
  }

  async setPassword(id: string, password: string): Promise<void> {
    const now = this.clock.now();
    const passwordHash = await bcrypt.hash(password, this.cost);
    const res = await this.model.updateOne({ _id: new Types.ObjectId(id) }, { $set: { passwordHash, passwordChangedAt: now, updatedAt: now } }).exec();
    if (res.matchedCount === 0) throw new AppError('not_found', 'Pengguna tidak ditemukan.', 404);
  }

  async list(): Promise<StaffUserView[]> {
    const rows = await this.model.find({}).sort({ username: 1 }).lean<StaffUser[]>().exec();
    return rows.map(toView);
  }

  async get(id: string): Promise<StaffUserView | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const row = await this.model.findOne({ _id: new Types.ObjectId(id) }).lean<StaffUser>().exec();
    return row ? toView(row) : null;
  }

  async byUsername(username: string): Promise<StaffUserView | null> {
    const row = await this.model.findOne({ username: username.toLowerCase() }).lean<StaffUser>().exec();
    return row ? toView(row) : null;
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
   * the same bcrypt work as a wrong password, so timing does not reveal which names exist.
   */
  async authenticate(username: string, password: string): Promise<StaffUserView | null> {
    const row = await this.model.findOne({ username: username.toLowerCase() }).lean<StaffUser>().exec();
    if (!row || !row.active) {
      await bcrypt.compare(password, await this.dummy());
      return null;
    }
    return (await bcrypt.compare(password, row.passwordHash)) ? toView(row) : null;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= bcrypt.hash('not-a-real-password', this.cost);
    return this.dummyHash;
  }
}
