/**
 * CSV import (columns: csv-columns.ts). Every row is validated in full — schema, office rules,
 * status transition — before anything is written, and then written in one single-document
 * operation, so a row is imported whole or not at all. Rows are upserted by registration
 * number and compared by keyed hashes, so running the same file again changes nothing.
 * A dry run reports every bad row with its line and reason and writes nothing.
 */
import { CsvError, parse } from 'csv-parse/sync';
import { localIsoDate } from '../calendar/local-date';
import { AppError } from '../http/errors';
import { DuplicateRegistrationNumberError, type ApplicationChanges } from './application-repository';
import { createApplicationSchema, type CreateApplicationInput } from './application-schemas';
import type { Actor, Application, HistoryEntry } from './application-types';
import { columnOf, EXPORT_ONLY_COLUMNS, IMPORT_COLUMNS, REQUIRED_COLUMNS, rowToBody, type CsvRow, type ImportColumn } from './csv-columns';
import { maskPersonalNumbers } from './personal-numbers';
import { identityFields, newRecord, recordProblems, recordWarnings, statusFields } from './record-rules';
import type { RecordsDeps } from './records-service';
import { seal } from './sealing';
import { AWAITING_VISIT, cancelsVisit, transitionProblem } from './transitions';

/** An import writes records exactly as the records service does, with the same collaborators. */
export type ImportDeps = RecordsDeps;

export interface ImportReport {
  dryRun: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: { line: number; column?: string; message: string }[];
  warnings: { line: number; message: string }[];
}

interface ParsedRow {
  line: number;
  /** Columns the file has: a column left out of the file leaves that field as stored. */
  columns: Set<string>;
  input: CreateApplicationInput;
  note: string | undefined;
}

type Plan = { kind: 'create' } | { kind: 'unchanged' } | { kind: 'update'; current: Application; changes: ApplicationChanges; history?: HistoryEntry; visitChanged: boolean };

const MAX_ROWS = 20_000;

/** The stored record moved on between reading and writing a row (another import, staff). */
class ChangedMeanwhile extends Error {}

/** Excel in an Indonesian locale saves with semicolons. */
function delimiterOf(text: string): string {
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  return header.includes(';') && !header.includes(',') ? ';' : ',';
}

function readRows(text: string): { header: Set<string>; rows: { line: number; row: CsvRow; fieldCount: number; expected: number }[] } {
  let records: { info: { lines: number }; record: string[] }[];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, info: true, relax_column_count: true, delimiter: delimiterOf(text) }) as never;
  } catch (err) {
    if (err instanceof CsvError) throw new AppError('invalid_csv', `the file is not valid CSV: ${err.code} near line ${String(err.lines ?? '?')}`, 400);
    throw err;
  }
  if (records.length === 0) throw new AppError('invalid_csv', 'the file is empty; expected a header row', 400);
  const header = records[0].record.map((h) => h.trim().toLowerCase());
  const known = new Set<string>([...IMPORT_COLUMNS, ...EXPORT_ONLY_COLUMNS]);
  const unknown = header.filter((h) => !known.has(h));
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  const duplicated = header.filter((h, i) => header.indexOf(h) !== i);
  const problems = [
    ...unknown.map((c) => `unknown column "${c}"`),
    ...missing.map((c) => `missing column "${c}"`),
    ...duplicated.map((c) => `column "${c}" appears twice`),
  ];
  if (problems.length) throw new AppError('invalid_csv', `line 1 (header): ${problems.join('; ')}`, 400, { columns: IMPORT_COLUMNS });
  if (records.length - 1 > MAX_ROWS) throw new AppError('invalid_csv', `at most ${MAX_ROWS} rows per file; split the file`, 400);
  const rows = records.slice(1).map(({ info, record }) => {
    const newlines = record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
    const row: CsvRow = {};
    header.forEach((column, i) => {
      if ((IMPORT_COLUMNS as readonly string[]).includes(column)) row[column as ImportColumn] = record[i] ?? '';
    });
    return { line: info.lines - newlines, row, fieldCount: record.length, expected: header.length };
  });
  return { header: new Set(header), rows };
}

const sameStrings = (a: string[], b: string[]) => a.length === b.length && a.every((v, i) => v === b[i]);
const json = (v: unknown) => JSON.stringify(v ?? null);

export function createCsvImport({ profile, repository, cipher, audit, notifier, clock }: ImportDeps) {
  function validate(text: string, report: ImportReport): ParsedRow[] {
    const today = localIsoDate(clock.now(), profile.office.timeZone);
    const valid: ParsedRow[] = [];
    const firstLineOf = new Map<string, number>();
    const { header, rows } = readRows(text);
    for (const { line, row, fieldCount, expected } of rows) {
      report.rows++;
      const fail = (column: string | undefined, message: string) => report.errors.push({ line, ...(column ? { column } : {}), message });
      if (fieldCount !== expected) {
        fail(undefined, `expected ${expected} fields like the header, found ${fieldCount}`);
        continue;
      }
      const { body, note, problems } = rowToBody(row);
      const parsed = createApplicationSchema.safeParse(body);
      const issues = [
        ...problems,
        ...(parsed.success ? [] : parsed.error.issues.map((i) => ({ column: columnOf(i.path.join('.')), message: i.message }))),
      ];
      // One reason per column is enough to fix a row.
      const seen = new Set<string>();
      const distinct = issues.filter((i) => !seen.has(i.column) && seen.add(i.column));
      if (!parsed.success || distinct.length) {
        distinct.forEach((i) => fail(i.column, i.message));
        continue;
      }
      const rules = recordProblems(profile, parsed.data, today);
      if (rules.length) {
        rules.forEach((p) => fail(columnOf(p.field), p.message));
        continue;
      }
      const earlier = firstLineOf.get(parsed.data.registrationNumber);
      if (earlier !== undefined) {
        fail('registration_number', `the same registration number is already on line ${earlier}`);
        continue;
      }
      firstLineOf.set(parsed.data.registrationNumber, line);
      recordWarnings(parsed.data).forEach((message) => report.warnings.push({ line, message }));
      valid.push({ line, columns: header, input: parsed.data, note });
    }
    return valid;
  }

  /** What writing this row would do to the stored record; a string when it must not be written. */
  function plan(current: Application | null, { input, note, columns }: ParsedRow, actor: Actor): Plan | string {
    if (!current) return { kind: 'create' };
    const changes: ApplicationChanges = {};
    const fresh = identityFields(cipher, input);
    const has = (column: ImportColumn) => columns.has(column);
    if (current.name !== fresh.name) changes.name = fresh.name;
    if (current.dateOfBirth !== fresh.dateOfBirth) changes.dateOfBirth = fresh.dateOfBirth;
    if (has('route') && current.route !== fresh.route) changes.route = fresh.route;
    if (has('notifications_opt_out') && current.notificationsOptOut !== fresh.notificationsOptOut) changes.notificationsOptOut = fresh.notificationsOptOut;
    const address = {
      kelurahan: has('kelurahan') ? fresh.address.kelurahan : current.address.kelurahan,
      kecamatan: has('kecamatan') ? fresh.address.kecamatan : current.address.kecamatan,
    };
    if (json(current.address) !== json(address)) changes.address = address;
    // Ciphertexts differ on every encryption: compare by hash, keep what is stored when equal.
    if (current.nik.hash !== fresh.nik.hash) changes.nik = fresh.nik;
    if (current.kk.hash !== fresh.kk.hash) changes.kk = fresh.kk;
    if (has('phones') && !sameStrings(current.phones.map((p) => p.hash), fresh.phones.map((p) => p.hash))) {
      changes.phones = input.phones.map((phone, i) => current.phones.find((p) => p.hash === fresh.phones[i].hash) ?? seal(cipher, phone));
    }
    let visitChanged = false;
    if (input.visit && (current.visit?.date !== input.visit.date || current.visit?.timeWindow !== input.visit.timeWindow)) {
      changes.visit = { ...input.visit, reminderSentAt: null };
      visitChanged = true;
    }
    let history: HistoryEntry | undefined;
    if (current.status !== input.status) {
      const problem = transitionProblem(profile, current.status, input.status);
      if (problem) return problem;
      changes.status = input.status;
      history = { status: input.status, at: clock.now(), actor: actor.id, note: note ? maskPersonalNumbers(note) : null };
      if (cancelsVisit(current.status, input.status) && !input.visit) changes.visit = null;
    }
    for (const [key, value] of Object.entries(statusFields(input)) as [keyof ApplicationChanges, unknown][]) {
      if (json(current[key as keyof Application]) !== json(value)) (changes as Record<string, unknown>)[key] = value;
    }
    if (Object.keys(changes).length === 0) return { kind: 'unchanged' };
    return { kind: 'update', current, changes, history, visitChanged };
  }

  async function write(row: ParsedRow, step: Plan, actor: Actor, notify: boolean): Promise<string[]> {
    const now = clock.now();
    if (step.kind === 'create') {
      const app = await repository.insert(newRecord(profile, cipher, row.input, { actor, note: row.note, at: now }), now);
      await audit.record(actor, 'application.import_create', `application:${app.id}`, { line: row.line, status: app.status });
      return [];
    }
    if (step.kind !== 'update') return [];
    const updated = await repository.update(step.current, step.changes, now, step.history);
    if (!updated) throw new ChangedMeanwhile();
    await audit.record(actor, 'application.import_update', `application:${updated.id}`, { line: row.line, fields: Object.keys(step.changes) });
    if (!notify) return [];
    if (step.history) return notifier.statusChanged(updated, now);
    if (step.visitChanged && AWAITING_VISIT.includes(updated.status)) return notifier.visitScheduled(updated);
    return [];
  }

  return async function importCsv(text: string, options: { dryRun: boolean; notify: boolean }, actor: Actor): Promise<ImportReport> {
    const report: ImportReport = { dryRun: options.dryRun, rows: 0, created: 0, updated: 0, unchanged: 0, failed: 0, errors: [], warnings: [] };
    const rows = validate(text, report);
    const chats = new Set<string>();
    for (const row of rows) {
      const step = plan(await repository.findByRegistrationNumber(row.input.registrationNumber), row, actor);
      if (typeof step === 'string') {
        report.errors.push({ line: row.line, column: 'status', message: step });
        continue;
      }
      if (!options.dryRun) {
        try {
          (await write(row, step, actor, options.notify)).forEach((key) => chats.add(key));
        } catch (err) {
          if (!(err instanceof DuplicateRegistrationNumberError || err instanceof ChangedMeanwhile)) throw err;
          report.errors.push({ line: row.line, column: 'registration_number', message: 'the record was changed by someone else during the import; import the file again' });
          continue;
        }
      }
      report[step.kind === 'create' ? 'created' : step.kind === 'update' ? 'updated' : 'unchanged']++;
    }
    report.failed = new Set(report.errors.map((e) => e.line)).size;
    report.errors.sort((a, b) => a.line - b.line);
    if (!options.dryRun) {
      await audit.record(actor, 'application.import', 'applications', { rows: report.rows, created: report.created, updated: report.updated, failed: report.failed });
      await notifier.drain([...chats]);
    }
    return report;
  }
}
