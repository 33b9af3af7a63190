/**
 * The zod schemas at the staff boundary (JSON API bodies and query strings; the CSV rows
 * reuse the field schemas). Error messages name what is wrong; NIK/KK messages come from our
 * own validator and never repeat the number. The OpenAPI document is generated from these.
 */
import { z } from 'zod';
import { hasNoControlCharacters, isOneLine } from '../http/plain-text';
import { STATUS_CODES } from '../agency/profile-schema';
import { isIsoDate } from '../calendar/local-date';
import { toE164 } from '../channels/phone-number';
import { parseKk, parseNik } from './nik';

const statusCodeSchema = z.enum(STATUS_CODES, { error: () => `must be one of ${STATUS_CODES.join(', ')}` });

export const REGISTRATION_NUMBER = /^[A-Za-z0-9][A-Za-z0-9/.-]{2,39}$/;

export const registrationNumberSchema = z
  .string()
  .trim()
  .regex(REGISTRATION_NUMBER, 'must be 3-40 letters, digits, "/", "." or "-" as printed on the receipt, e.g. BJM/2026/00123')
  .transform((v) => v.toUpperCase())
  .meta({ description: 'As printed on the counter receipt; compared without regard to case.', example: 'BJM/2026/00123' });

export const nikSchema = z
  .string()
  .transform((value, ctx) => {
    const parsed = parseNik(value);
    if (parsed.ok) return parsed.nik;
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  })
  .meta({ description: 'NIK, 16 digits; spaces, dots and dashes are ignored.', example: '3204114609970001' });

export const kkNumberSchema = z
  .string()
  .transform((value, ctx) => {
    const parsed = parseKk(value);
    if (parsed.ok) return parsed.kk;
    ctx.addIssue({ code: 'custom', message: parsed.message });
    return z.NEVER;
  })
  .meta({ description: 'Kartu Keluarga number, 16 digits.', example: '3204110101150003' });

export const isoDateSchema = z.string().trim().refine(isIsoDate, 'must be a real date written YYYY-MM-DD').meta({ format: 'date', example: '2026-12-01' });

const HHMM = '([01]\\d|2[0-3])[:.]([0-5]\\d)';
const TIME_WINDOW = new RegExp(`^${HHMM}\\s*[-–]\\s*${HHMM}$`);

export const timeWindowSchema = z
  .string()
  .trim()
  .regex(TIME_WINDOW, 'must be a time range HH:MM-HH:MM, e.g. 09:00-12:00')
  .transform((v, ctx) => {
    const m = TIME_WINDOW.exec(v)!;
    const from = `${m[1]}:${m[2]}`;
    const to = `${m[3]}:${m[4]}`;
    if (from >= to) {
      ctx.addIssue({ code: 'custom', message: 'must end after it starts' });
      return z.NEVER;
    }
    return `${from}-${to}`;
  })
  .meta({ description: 'Office local time.', example: '09:00-12:00' });

export const phoneSchema = z
  .string()
  .transform((value, ctx) => {
    const e164 = /^[\d\s+().-]+$/.test(value) ? toE164(value) : null;
    if (e164) return e164;
    ctx.addIssue({ code: 'custom', message: 'is not a valid phone number (digits, e.g. 6281234567890 or 081234567890)' });
    return z.NEVER;
  })
  .meta({ example: '6281234567890' });

export const phonesSchema = z
  .array(phoneSchema)
  .max(5, 'at most 5 numbers')
  .transform((phones) => [...new Set(phones)]);

export const visitSchema = z.object({ date: isoDateSchema, timeWindow: timeWindowSchema }).strict();

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

/** Fields whose meaning depends on the status (which ones a status takes: transitions.ts). */
export const statusDetailsShape = {
  reason: text(500).optional().meta({ description: 'Why: required with tidak_layak and ditolak.' }),
  waitingListPosition: z.number().int('must be a whole number').min(1, 'must be 1 or more').optional().meta({ description: 'Required with daftar_tunggu.' }),
  quotaPeriod: text(100).optional().meta({ description: 'The quota period of the waiting list, e.g. "Desember 2026".' }),
  funding: z.enum(['APBD', 'APBN']).optional().meta({ description: 'Required with diusulkan.' }),
  proposalBatchDate: isoDateSchema.optional(),
  bpjsActivationDate: isoDateSchema.optional(),
  deactivationReason: text(500).optional().meta({ description: 'Required with nonaktif.' }),
};

const addressSchema = z.object({ kelurahan: text(100).optional(), kecamatan: text(100).optional() }).strict();

export const createApplicationSchema = z
  .object({
    registrationNumber: registrationNumberSchema,
    nik: nikSchema,
    kkNumber: kkNumberSchema,
    name: text(200).refine(isOneLine, 'must be one line without control characters'),
    dateOfBirth: isoDateSchema,
    phones: phonesSchema.default([]),
    status: statusCodeSchema,
    visit: visitSchema.optional(),
    route: z.enum(['regular', 'emergency']).default('regular'),
    address: addressSchema.optional(),
    notificationsOptOut: z.boolean().default(false),
    ...statusDetailsShape,
  })
  .strict();
export type CreateApplicationInput = z.output<typeof createApplicationSchema>;

export const statusChangeSchema = z.object({ status: statusCodeSchema, note: text(1000).refine(hasNoControlCharacters, 'must not contain control characters').optional(), ...statusDetailsShape }).strict();
export type StatusChangeInput = z.output<typeof statusChangeSchema>;

export const revealSchema = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const fields = (v ?? '').split(',').map((f) => f.trim()).filter(Boolean);
    const bad = fields.filter((f) => !['nik', 'kk', 'phones'].includes(f));
    if (bad.length) {
      ctx.addIssue({ code: 'custom', message: `unknown field ${bad.join(', ')}; use nik, kk and/or phones` });
      return z.NEVER;
    }
    return [...new Set(fields)] as RevealField[];
  })
  .meta({ description: 'Comma-separated: nik, kk, phones. Each reveal is written to the audit log.' });
export type RevealField = 'nik' | 'kk' | 'phones';

export const getQuerySchema = z.object({ reveal: revealSchema }).strict();

export const searchQuerySchema = z
  .object({
    registrationNumber: registrationNumberSchema.optional(),
    name: z.string().trim().min(2, 'must be at least 2 characters').max(100).optional(),
    nik: nikSchema.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const importQuerySchema = z
  .object({
    dryRun: flag.default(false).meta({ description: 'Validate only: report every bad row, write nothing.' }),
    notify: flag.default(true).meta({ description: 'Send WhatsApp notifications for status changes and new visits.' }),
  })
  .strict();

export const importJsonBodySchema = z.object({ csv: z.string().min(1, 'must not be empty') }).strict();

export const exportQuerySchema = z.object({ reveal: revealSchema }).strict();
