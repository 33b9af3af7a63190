/**
 * The rules for staff account fields, shared by the admin pages and the user:create CLI, with
 * the messages an office admin reads (Bahasa Indonesia).
 */
import { z } from 'zod';
import { toE164 } from '../channels/phone-number';
import { ROLES, type Role } from '../http/api-auth';
import { isOneLine } from '../http/plain-text';
import { isCommonPassword } from './common-passwords';

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  staff: 'Petugas chat',
  officer: 'Petugas pengaduan',
  verifier: 'Verifikator',
  supervisor: 'Supervisor',
};

export const usernameSchema = z
  .string({ error: 'Nama pengguna wajib diisi.' })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,40}$/, 'Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.');

/**
 * At least 10 characters and not one of the ~49,000 most common passwords (zxcvbn-ts's list,
 * also with the digits and symbols people tack on stripped: "password123!" is "password").
 * At most 72 bytes: older bcrypt hashes read no further, and a longer one would be cut.
 */
export const passwordSchema = z
  .string({ error: 'Kata sandi wajib diisi.' })
  .min(10, 'Kata sandi minimal 10 karakter.')
  .refine((p) => Buffer.byteLength(p, 'utf8') <= 72, 'Kata sandi maksimal 72 byte.')
  .refine((p) => !isCommonPassword(p), 'Kata sandi ini terlalu umum dan mudah ditebak. Pilih yang lain.');

export const nameSchema = z
  .string({ error: 'Nama wajib diisi.' })
  .trim()
  .min(2, 'Nama minimal 2 karakter.')
  .max(100, 'Nama maksimal 100 karakter.')
  .refine(isOneLine, 'Nama tidak boleh berisi karakter kendali atau baris baru.');

/** Empty means "no number"; anything else must be a real phone number, stored as E.164. */
export const phoneSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    if (value === '') return null;
    const e164 = toE164(value);
    if (!e164) {
      ctx.addIssue({ code: 'custom', message: 'Nomor WhatsApp tidak valid (contoh: +6281234567890 atau 081234567890).' });
      return z.NEVER;
    }
    return e164;
  });

export const roleSchema = z.enum(ROLES, { error: 'Peran tidak dikenal.' });

export const rolesSchema = z
  .array(roleSchema)
  .min(1, 'Pilih minimal satu peran.')
  .transform((roles) => [...new Set(roles)]);
