/**
 * Default office hours for offices whose service standard does not publish its own:
 * Perpres 21/2023 sets 37.5 hours a week from 07:30, with a longer break on Friday.
 */
import type { OfficeHours } from '../agency/profile-schema';

export const GOVERNMENT_OFFICE_HOURS: OfficeHours = {
  source: 'default',
  note: 'Perpres 21/2023: Senin–Kamis 07.30–16.00, Jumat 07.30–16.30',
  weekly: {
    mon: { open: '07:30', close: '16:00' },
    tue: { open: '07:30', close: '16:00' },
    wed: { open: '07:30', close: '16:00' },
    thu: { open: '07:30', close: '16:00' },
    fri: { open: '07:30', close: '16:30' },
  },
};
