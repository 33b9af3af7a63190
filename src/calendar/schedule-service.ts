/**
 * The schedule service flows use: an office's published monthly dates, its opening hours and
 * Indonesian date wording, all in the office's time zone.
 */
import type { AgencyProfile } from '../agency/profile-schema';
import type { ScheduleService } from '../conversation/services';
import { formatDateId, formatDateTimeId } from './format-id';
import { isoToDate, localIsoDate } from './local-date';
import { endOfMonth, nextMonthlyDay } from './monthly';
import type { OfficeCalendar } from './working-days';

export function createScheduleService(profile: AgencyProfile, calendar: OfficeCalendar): ScheduleService {
  const tz = profile.office.timeZone;
  const { processingDay, activationDay, endOfMonthReconciliation } = profile.schedule;
  return {
    formatDate: (at) => formatDateId(at, tz),
    formatDateTime: (at) => formatDateTimeId(at, tz),
    nextProcessingDate: (now) => (processingDay ? isoToDate(nextMonthlyDay(now, processingDay, tz), tz) : null),
    nextActivationDate: (now) => (activationDay ? isoToDate(nextMonthlyDay(now, activationDay, tz), tz) : null),
    reconciliationDate: (now) => (endOfMonthReconciliation ? isoToDate(endOfMonth(now, tz), tz) : null),
    isOfficeOpen: (now) => calendar.isOpen(now),
    isWorkingDay: (at) => calendar.isWorkingDay(localIsoDate(at, tz)),
    sameDay: (a, b) => localIsoDate(a, tz) === localIsoDate(b, tz),
    nextOpening: (now) => calendar.nextOpening(now),
  };
}
