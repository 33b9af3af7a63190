/**
 * Who to alert: the active officers, supervisors and admins with their WhatsApp numbers, for
 * the complaints SLA monitor. Read-only; accounts are managed in the dashboard.
 */
import type { Connection } from 'mongoose';
import type { Role } from '../http/api-auth';
import { staffUserModel, type StaffUser } from './staff-users';

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
}

export function createStaffDirectory(connection: Connection): StaffDirectory {
  const model = staffUserModel(connection);
  const withRole = async (role: Role): Promise<StaffContact[]> => {
    const rows = await model
      .find({ roles: role, active: true }, { name: 1, phone: 1 })
      .sort({ name: 1 })
      .lean<Pick<StaffUser, '_id' | 'name' | 'phone'>[]>()
      .exec();
    return rows.map((r) => ({ id: String(r._id), name: r.name, phone: r.phone ?? null }));
  };
  return {
    officers: () => withRole('officer'),
    supervisors: () => withRole('supervisor'),
    admins: () => withRole('admin'),
  };
}
