/**
 * The CSV layout for importing and exporting applications, and the mapping of one CSV row to
 * the API's create body (so both are validated by the same zod schema and office rules).
 *
 * Columns (header row required, names as below, any order; comma or semicolon separated,
 * UTF-8, a BOM is fine). Required: registration_number, name, nik, kk_number, date_of_birth,
 * status.
 *   registration_number    as printed on the receipt; the upsert key
 *   name                   applicant's full name
 *   nik, kk_number         16 digits; spaces, dots, dashes and a leading ' are ignored
 *   date_of_birth          YYYY-MM-DD (DD/MM/YYYY and DD-MM-YYYY are accepted too)
 *   phones                 WhatsApp numbers, several separated by | ; or , (6281…, 0812…, +62…)
 *   kelurahan, kecamatan   address
 *   route                  regular | emergency (empty = regular)
 *   status                 a status code the office uses (diterima, berkas_tidak_lengkap, …)
 *   status_note            note written in the history when the status changes
 *   visit_date, visit_time_window   home visit: date and HH:MM-HH:MM (both or neither)
 *   reason                 with tidak_layak and ditolak (required there)
 *   waiting_list_position  with daftar_tunggu (required there); quota_period optional
 *   funding                APBD | APBN (required with diusulkan)
 *   proposal_batch_date, bpjs_activation_date   dates
 *   deactivation_reason    with nonaktif (required there)
 *   notifications_opt_out  ya/tidak (true/false); empty = tidak
 * The export writes the same columns plus status_label and updated_at, which an import ignores.
 */
import type { z } from 'zod';
import type { createApplicationSchema } from './application-schemas';

export const IMPORT_COLUMNS = [
  'registration_number', 'name', 'nik', 'kk_number', 'date_of_birth', 'phones', 'kelurahan', 'kecamatan', 'route',
  'status', 'status_note', 'visit_date', 'visit_time_window', 'reason', 'waiting_list_position', 'quota_period',
  'funding', 'proposal_batch_date', 'bpjs_activation_date', 'deactivation_reason', 'notifications_opt_out',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export const EXPORT_ONLY_COLUMNS = ['status_label', 'updated_at'] as const;
export const EXPORT_COLUMNS = [...IMPORT_COLUMNS, ...EXPORT_ONLY_COLUMNS] as const;
export const REQUIRED_COLUMNS: ImportColumn[] = ['registration_number', 'name', 'nik', 'kk_number', 'date_of_birth', 'status'];

type CreateBody = z.input<typeof createApplicationSchema>;

export type CsvRow = Partial<Record<ImportColumn, string>>;

/** API field path (first segment) → the CSV column to name in a report. */
export const COLUMN_OF_FIELD: Record<string, ImportColumn> = {
  registrationNumber: 'registration_number',
  name: 'name',
  nik: 'nik',
  kkNumber: 'kk_number',
  dateOfBirth: 'date_of_birth',
  phones: 'phones',
  'address.kelurahan': 'kelurahan',
  'address.kecamatan': 'kecamatan',
  route: 'route',
  status: 'status',
  note: 'status_note',
  'visit.date': 'visit_date',
  'visit.timeWindow': 'visit_time_window',
  visit: 'visit_date',
  reason: 'reason',
  waitingListPosition: 'waiting_list_position',
  quotaPeriod: 'quota_period',
  funding: 'funding',
  proposalBatchDate: 'proposal_batch_date',
  bpjsActivationDate: 'bpjs_activation_date',
  deactivationReason: 'deactivation_reason',
  notificationsOptOut: 'notifications_opt_out',
};

export function columnOf(path: string): string {
  const parts = path.split('.');
  return COLUMN_OF_FIELD[parts.slice(0, 2).join('.')] ?? COLUMN_OF_FIELD[parts[0]] ?? parts[0];
}

export type RowProblem = { column: string; message: string };

/** Spreadsheets turn long numbers into 3.20411E+15 and lose the last digits for good. */
const SCIENTIFIC = /^\d+(?:[.,]\d+)?E\+?\d+$/i;
const LOCAL_DATE = /^(\d{1,2})[/-](\d{1,2})[/-](\d{4})$/;

function date(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const m = LOCAL_DATE.exec(value);
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : value;
}

const digitsText = (value: string | undefined) => value?.replace(/^'/, '');

/** A row as an API create body plus its status note; problems the schema cannot see itself. */
export function rowToBody(row: CsvRow): { body: CreateBody; note: string | undefined; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  for (const column of ['nik', 'kk_number'] as const) {
    if (row[column] && SCIENTIFIC.test(row[column]!)) {
      problems.push({ column, message: 'a spreadsheet turned this number into scientific notation and lost digits; format the column as text and export again' });
    }
  }
  let position: number | undefined;
  if (row.waiting_list_position) {
    position = Number(row.waiting_list_position);
    if (!Number.isInteger(position)) problems.push({ column: 'waiting_list_position', message: 'must be a whole number' });
  }
  let optOut = false;
  const flag = (row.notifications_opt_out ?? '').toLowerCase();
  if (['ya', 'yes', 'true', '1'].includes(flag)) optOut = true;
  else if (!['', 'tidak', 'no', 'false', '0'].includes(flag)) problems.push({ column: 'notifications_opt_out', message: 'must be ya or tidak' });
  if (Boolean(row.visit_date) !== Boolean(row.visit_time_window)) {
    problems.push({ column: row.visit_date ? 'visit_time_window' : 'visit_date', message: 'visit_date and visit_time_window go together' });
  }

  const phones = (row.phones ?? '').split(/[|;,]/).map((p) => digitsText(p.trim())!).filter(Boolean);
  const body: CreateBody = {
    registrationNumber: row.registration_number ?? '',
    name: row.name ?? '',
    nik: digitsText(row.nik) ?? '',
    kkNumber: digitsText(row.kk_number) ?? '',
    dateOfBirth: date(row.date_of_birth) ?? '',
    phones,
    // "Berkas tidak lengkap" in a spreadsheet means berkas_tidak_lengkap.
    status: (row.status ?? '').toLowerCase().replace(/\s+/g, '_') as CreateBody['status'],
    route: (row.route ? row.route.toLowerCase() : undefined) as CreateBody['route'],
    notificationsOptOut: optOut,
    ...(row.kelurahan || row.kecamatan ? { address: { kelurahan: row.kelurahan || undefined, kecamatan: row.kecamatan || undefined } } : {}),
    ...(row.visit_date && row.visit_time_window ? { visit: { date: date(row.visit_date)!, timeWindow: row.visit_time_window } } : {}),
    reason: row.reason || undefined,
    waitingListPosition: position !== undefined && Number.isInteger(position) ? position : undefined,
    quotaPeriod: row.quota_period || undefined,
    funding: (row.funding ? row.funding.toUpperCase() : undefined) as CreateBody['funding'],
    proposalBatchDate: date(row.proposal_batch_date),
    bpjsActivationDate: date(row.bpjs_activation_date),
    deactivationReason: row.deactivation_reason || undefined,
  };
  return { body, note: row.status_note || undefined, problems };
}
