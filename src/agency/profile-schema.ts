/**
 * Agency profiles: the schema of one office's published service standard
 * (flows/agencies/<id>.yaml). Every office fact the bot quotes comes from here; facts the
 * standard does not state carry `source: default` so nobody mistakes them for the office's word.
 */
import { z } from 'zod';

export const STATUS_CODES = [
  'diterima',
  'berkas_tidak_lengkap',
  'menunggu_verifikasi',
  'verifikasi_dijadwalkan',
  'layak',
  'tidak_layak',
  'daftar_tunggu',
  'diusulkan',
  'aktif',
  'ditolak',
  'nonaktif',
] as const;
export const statusCodeSchema = z.enum(STATUS_CODES);
export type StatusCode = z.infer<typeof statusCodeSchema>;

export const TIME_ZONES = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;
export const timeZoneSchema = z.enum(TIME_ZONES);
export type TimeZone = z.infer<typeof timeZoneSchema>;

/** Where a fact comes from: the published standard, or our documented default. */
const sourceSchema = z.enum(['standard', 'default']);

const timeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');
const openingSchema = z
  .object({ open: timeOfDay, close: timeOfDay })
  .strict()
  .refine((o) => o.open < o.close, 'open must be before close');

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const officeHoursSchema = z
  .object({
    source: sourceSchema,
    note: z.string().optional(),
    /** Days absent from the map are closed. */
    weekly: z.partialRecord(z.enum(WEEKDAYS), openingSchema),
  })
  .strict();
export type OfficeHours = z.infer<typeof officeHoursSchema>;

const nonEmpty = z.string().trim().min(1, 'must not be empty');

const officeSchema = z
  .object({
    name: nonEmpty,
    shortName: nonEmpty,
    /** Used in ticket numbers: ADU-<code>-YYMM-NNNN. */
    code: z.string().regex(/^[A-Z]{2,5}$/, 'must be 2-5 capital letters, e.g. BJM'),
    government: nonEmpty,
    address: nonEmpty,
    phone: nonEmpty.optional(),
    website: nonEmpty.optional(),
    email: nonEmpty.optional(),
    whatsapp: nonEmpty.optional(),
    instagram: nonEmpty.optional(),
    timeZone: timeZoneSchema,
    hours: officeHoursSchema,
    /** Extra closures of this office only (YYYY-MM-DD), on top of the national calendar. */
    closures: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')).default([]),
  })
  .strict();

const requirementSchema = z
  .object({
    /** The item as published. */
    text: nonEmpty,
    /** Sub-items as published (e.g. what a letter must contain). */
    details: z.array(nonEmpty).default([]),
    /** When the item applies, in plain words; absent = always. */
    condition: nonEmpty.optional(),
    /**
     * A published ceiling the item states ("Daya Maksimal 900 Watt"), so that a figure someone
     * names ("listrik 1300 watt, bisa?") is told plainly whether it is above it. `words` are how
     * people write the unit after a number (watt, w, va).
     */
    limit: z.object({ max: z.number().positive(), unit: nonEmpty, words: z.array(z.string().regex(/^[a-z]+$/)).min(1) }).strict().optional(),
  })
  .strict();

const routeSchema = z
  .object({
    id: z.enum(['regular', 'emergency']),
    name: nonEmpty,
    /** Who takes this route, as published. */
    when: nonEmpty,
    /** How long it takes, as published. */
    time: nonEmpty,
  })
  .strict();

const procedureSchema = z
  .object({
    steps: z.array(nonEmpty).min(1),
    routes: z.array(routeSchema).default([]),
    /** Ask whether the need is urgent before answering (offices with an emergency route). */
    askUrgency: z.boolean().default(false),
    notes: z.array(nonEmpty).default([]),
  })
  .strict();

const scheduleSchema = z
  .object({
    /** Regular applications are processed on this day of every month (Kutai Kartanegara: 10). */
    processingDay: z.number().int().min(1).max(28).optional(),
    /** BPJS activates new members on this day of every month (Agam: 1). */
    activationDay: z.number().int().min(1).max(28).optional(),
    /** Waiting list reconciled with BPJS at the end of every month (Sekadau). */
    endOfMonthReconciliation: z.boolean().default(false),
    /** The standard includes a home verification visit (Banjarmasin); no visit wording elsewhere. */
    homeVisit: z.boolean().default(false),
    quotaNote: nonEmpty.optional(),
  })
  .strict();

export const COMPLAINT_CHANNEL_KINDS = [
  'whatsapp',
  'complaint_box',
  'email',
  'website',
  'walk_in',
  'instagram',
  'lapor',
  'phone',
  'online_service',
] as const;
export const complaintChannelKindSchema = z.enum(COMPLAINT_CHANNEL_KINDS);

const complaintsSchema = z
  .object({
    channels: z
      .array(z.object({ kind: complaintChannelKindSchema, label: nonEmpty, value: nonEmpty.optional() }).strict())
      .min(1),
    handlingSteps: z.array(nonEmpty).default([]),
    responseDays: z.object({ value: z.number().int().min(1).max(30), source: sourceSchema }).strict(),
    notes: z.array(nonEmpty).default([]),
  })
  .strict();

const statusTextSchema = z.object({ label: nonEmpty, meaning: nonEmpty, next: nonEmpty }).strict();

export const agencyProfileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and dashes'),
    office: officeSchema,
    programme: z
      .object({
        name: nonEmpty,
        /** No. SK as published; null when the standard leaves it blank. */
        decree: nonEmpty.nullable(),
        products: z.array(nonEmpty).min(1),
        fee: nonEmpty,
        legalBasis: z.array(nonEmpty).default([]),
        serviceTime: z.array(nonEmpty).min(1),
        /** When membership ends, where the standard says (Sekadau). */
        deactivation: z.array(nonEmpty).default([]),
      })
      .strict(),
    requirements: z.array(requirementSchema).min(1),
    procedure: procedureSchema,
    schedule: scheduleSchema.default({ endOfMonthReconciliation: false, homeVisit: false }),
    complaints: complaintsSchema,
    /** The statuses this office uses, with its own wording. */
    statuses: z.partialRecord(statusCodeSchema, statusTextSchema).refine((s) => Object.keys(s).length > 0, 'list at least one status'),
    /** The office's own training lines for the classifier, by intent (on top of flows/nlu/utterances). */
    utterances: z.record(z.string(), z.array(nonEmpty)).default({}),
    /** Overrides of the shared message catalogue (flows/messages.yaml), key → text. */
    messages: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export type AgencyProfile = z.infer<typeof agencyProfileSchema>;
export type Requirement = AgencyProfile['requirements'][number];
