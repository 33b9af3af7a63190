/**
 * The zod schemas of the data-subject request forms (every body the privacy pages accept), with
 * messages in Bahasa Indonesia. A reason is required for every step: it is what the audit log
 * keeps as the ground for reading, copying, changing or erasing the person's data. The
 * correction of an application is checked twice: in words an admin reads here, then by the
 * application records' own field rules (application-schemas.ts), so a correction can never
 * store what registering or importing would refuse.
 */
import { z } from 'zod';
import { createApplicationSchema } from '../applications/application-schemas';
import { toE164 } from '../channels/phone-number';
import { hasNoControlCharacters, isOneLine } from '../http/plain-text';
import { receivedAtField } from '../http/received-at';
import { REQUEST_CHANNELS, REQUEST_KINDS, REQUEST_OUTCOMES } from './request-store';
import { parseSubject, type Subject } from './subject';

export const REASON_REQUIRED = 'Alasan wajib diisi (paling sedikit 5 karakter): tulis dasar permintaan, mis. "Permintaan salinan data oleh pemohon di loket, surat tanggal 1 Desember 2026".';

const reason = z
  .string({ error: REASON_REQUIRED })
  .trim()
  .min(5, REASON_REQUIRED)
  .max(500, 'Alasan maksimal 500 karakter.')
  .refine(hasNoControlCharacters, 'Alasan tidak boleh memuat karakter kontrol.');

/** Who the request is about, as typed (kind + value), turned into a Subject. */
const subjectShape = {
  kind: z.enum(['nik', 'phone'], { error: 'Pilih cari dengan NIK atau dengan nomor telepon.' }),
  value: z.string({ error: 'Isi NIK atau nomor telepon yang dicari.' }).trim().min(1, 'Isi NIK atau nomor telepon yang dicari.').max(40, 'NIK atau nomor telepon terlalu panjang.'),
};

function withSubject<T extends { kind: 'nik' | 'phone'; value: string }>(data: T, ctx: z.RefinementCtx): (Omit<T, 'kind' | 'value'> & { subject: Subject }) {
  const { kind, value, ...rest } = data;
  const parsed = parseSubject(kind, value);
  if (!parsed.ok) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: parsed.message });
    return z.NEVER;
  }
  return { ...rest, subject: parsed.subject };
}

/** Search (and every action after it: the page carries the subject in hidden fields). */
export const lookupForm = z.object({ ...subjectShape, reason }).transform(withSubject);

export const exportForm = lookupForm;

export const eraseForm = z
  .object({ ...subjectShape, reason, confirm: z.literal('1', { error: 'Centang pernyataan bahwa penghapusan riwayat percakapan tidak dapat dibatalkan.' }) })
  .transform(withSubject);

/** An HTML checkbox list posts one value as a string, several as an array, none as nothing. */
const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const ticketNumber = z.string().trim().regex(/^ADU-[A-Z]{2,5}-\d{4}-\d{4,}$/, 'Nomor pengaduan tidak dikenal.');
const objectId = z.string().trim().regex(/^[0-9a-f]{24}$/i, 'Permohonan tidak dikenal.');

export const restrictionForm = z
  .object({
    ...subjectShape,
    reason,
    action: z.enum(['restrict', 'lift'], { error: 'Pilih batasi atau cabut pembatasan.' }),
    applications: z.preprocess(asList, z.array(objectId).max(200)),
    tickets: z.preprocess(asList, z.array(ticketNumber).max(200)),
  })
  .transform(withSubject);

const optionalPlace = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.string().trim().max(100, 'Kelurahan/kecamatan maksimal 100 karakter.').refine(isOneLine, 'Kelurahan/kecamatan harus satu baris tanpa karakter kontrol.').optional(),
);

/** Numbers typed one per line (or separated by commas), in any spelling; stored as E.164, each once. */
const phoneList = z
  .string()
  .default('')
  .transform((text, ctx) => {
    const typed = text.split(/[\n,;]+/).map((p) => p.trim()).filter(Boolean);
    const phones: string[] = [];
    for (const p of typed) {
      const e164 = /^[\d\s+().-]+$/.test(p) ? toE164(p) : null;
      if (!e164) ctx.addIssue({ code: 'custom', message: `Nomor telepon "${p}" tidak valid: tulis angkanya saja, mis. 081234567890.` });
      else if (!phones.includes(e164)) phones.push(e164);
    }
    if (phones.length > 5) ctx.addIssue({ code: 'custom', message: 'Paling banyak 5 nomor telepon.' });
    return phones;
  });

/** The records' own rules for these fields (registration and CSV import use the same). */
const recordRules = createApplicationSchema.pick({ name: true, phones: true, address: true });

export const correctionForm = z
  .object({
    ...subjectShape,
    reason,
    applicationId: objectId,
    revision: z.coerce.number({ error: 'Formulir tidak lengkap: muat ulang hasil pencarian.' }).int().min(1),
    name: z.string({ error: 'Nama wajib diisi.' }).trim().min(1, 'Nama wajib diisi.').max(200, 'Nama maksimal 200 karakter.').refine(isOneLine, 'Nama harus satu baris tanpa karakter kontrol.'),
    kelurahan: optionalPlace,
    kecamatan: optionalPlace,
    phones: phoneList,
  })
  .transform(withSubject)
  .superRefine((data, ctx) => {
    const address = Object.fromEntries(Object.entries({ kelurahan: data.kelurahan, kecamatan: data.kecamatan }).filter(([, v]) => v !== undefined));
    const checked = recordRules.safeParse({ name: data.name, phones: data.phones, address });
    if (!checked.success) {
      for (const issue of checked.error.issues) ctx.addIssue({ code: 'custom', message: `Isian ${issue.path.join('.')} tidak memenuhi aturan data permohonan (${issue.message}).` });
    }
  });

export type Correction = Pick<z.output<typeof correctionForm>, 'applicationId' | 'revision' | 'name' | 'kelurahan' | 'kecamatan' | 'phones'>;

/** A request as received, for the register: who, what, by which way, when (office time, not in the future). */
export function registerRequestForm(tz: string, now: Date) {
  return z
    .object({
      ...subjectShape,
      requestKind: z.enum(REQUEST_KINDS, { error: 'Pilih jenis permintaan.' }),
      channel: z.enum(REQUEST_CHANNELS, { error: 'Pilih cara permintaan diterima.' }),
      receivedAt: receivedAtField(tz, now, { label: 'Waktu diterima', tooLong: 'Waktu diterima tidak valid.' }),
      note: z
        .string()
        .trim()
        .max(500, 'Keterangan maksimal 500 karakter.')
        .refine(hasNoControlCharacters, 'Keterangan tidak boleh memuat karakter kontrol.')
        .default(''),
    })
    .transform(withSubject);
}

/** How a registered request was answered. */
const OUTCOME_REQUIRED = 'Tulis bagaimana permintaan dijawab (paling sedikit 5 karakter), mis. "Salinan data diserahkan di loket kepada pemohon".';
export const closeRequestForm = z.object({
  outcome: z.enum(REQUEST_OUTCOMES, { error: 'Pilih dijawab atau ditolak.' }),
  note: z
    .string({ error: OUTCOME_REQUIRED })
    .trim()
    .min(5, OUTCOME_REQUIRED)
    .max(500, 'Keterangan maksimal 500 karakter.')
    .refine(hasNoControlCharacters, 'Keterangan tidak boleh memuat karakter kontrol.'),
});
