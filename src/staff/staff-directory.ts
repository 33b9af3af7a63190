/**
 * Who to alert: the active officers, supervisors and admins with their WhatsApp numbers, for
 * the complaints SLA monitor and the status-check abuse alert. Read-only; accounts are managed in the dashboard.
 */
import { Types, type Connection } from 'mongoose';
import type { Role } from '../http/api-auth';
import { openPhone, staffUserModel, type PhoneCipher, type StaffUser } from './staff-users';

export interface StaffContact {
  id: string;
  name: string;
  /** E.164, or null when the person has no number on file. */
  phone: string | null;
}

export interface StaffDirectory {
  officers(): Promise<StaffContact[]>;
  supervisors(): Promise<StaffContact[]>;
  admins(): Promise<StaffContact[]>;
  verifiers(): Promise<StaffContact[]>;
  /** An active officer or supervisor by account id, for ticket assignment; null for anyone else. */
  assignable(id: string): Promise<{ id: string; name: string } | null>;
}

export function createStaffDirectory(connection: Connection, cipher?: PhoneCipher): StaffDirectory {
  const model = staffUserModel(connection);
  const withRole = async (role: Role): Promise<StaffContact[]> => {
    const rows = await model
      .find({ roles: role, active: true }, { name: 1, phone: 1 })
      .sort({ name: 1 })
      .lean<Pick<StaffUser, '_id' | 'name' | 'phone'>[]>()
      .exec();
    return rows.map((r) => ({ id: String(r._id), name: r.name, phone: openPhone(r.phone, cipher) }));
  };
  return {
    officers: () => withRole('officer'),
    supervisors: () => withRole('supervisor'),
    admins: () => withRole('admin'),
    verifiers: () => withRole('verifier'),
    async assignable(id) {
      if (!Types.ObjectId.isValid(id) || String(new Types.ObjectId(id)) !== id.toLowerCase()) return null;
      const row = await model
        .findOne({ _id: new Types.ObjectId(id), active: true, roles: { $in: ['officer', 'supervisor'] } }, { name: 1 })
        .lean<Pick<StaffUser, '_id' | 'name'>>()
        .exec();
      return row ? { id: String(row._id), name: row.name } : null;
    },
  };
}
