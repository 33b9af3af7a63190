/**
 * Everything an office runs on, read from flows/: its profile, the message catalogue with its
 * overrides, the holiday tables and its working calendar (what it understands is src/understanding). Loaded before
 * anything connects, so a broken file stops start-up with the file, path and reason.
 */
import path from 'node:path';
import { loadHolidayTables } from '../calendar/holiday-tables';
import { createOfficeCalendar } from '../calendar/working-days';
import { loadCatalogue } from '../conversation/catalogue';
import { loadAgencyProfile } from './load-profile';

export function loadOfficeConfig(flowsDir: string, agency: string) {
  const profile = loadAgencyProfile(flowsDir, agency);
  const profileFile = path.join(flowsDir, 'agencies', `${agency}.yaml`);
  const catalogue = loadCatalogue(flowsDir, profile.messages, profileFile);
  const holidays = loadHolidayTables(path.join(flowsDir, 'calendar', 'holidays'));
  const calendar = createOfficeCalendar({ timeZone: profile.office.timeZone, hours: profile.office.hours, holidays, closures: profile.office.closures });
  return { profile, profileFile, catalogue, holidays, calendar };
}

export type OfficeConfig = ReturnType<typeof loadOfficeConfig>;
