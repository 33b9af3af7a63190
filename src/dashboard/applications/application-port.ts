/**
 * What the application pages use from the applications module: its records use cases and its
 * CSV import, exactly as the JSON API calls them.
 */
import type { createCsvImport } from '../../applications/csv-import';
import type { RecordsService } from '../../applications/records-service';

export interface ApplicationPagesPort {
  records: RecordsService;
  importCsv: ReturnType<typeof createCsvImport>;
}
