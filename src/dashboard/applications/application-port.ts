/**
 * What the application pages use from the applications module: its records use cases and its
 * CSV import, exactly as the JSON API calls them. The module exposes them (or not yet); the
 * pages are mounted only when both are there.
 */
import type { createCsvImport } from '../../applications/csv-import';
import type { RecordsService } from '../../applications/records-service';

export interface ApplicationPagesPort {
  records: RecordsService;
  importCsv: ReturnType<typeof createCsvImport>;
}

/** The port from a module object, if it carries both parts. */
export function applicationPort(module: object): ApplicationPagesPort | null {
  const m = module as Partial<ApplicationPagesPort>;
  return m.records && typeof m.importCsv === 'function' ? { records: m.records, importCsv: m.importCsv } : null;
}
