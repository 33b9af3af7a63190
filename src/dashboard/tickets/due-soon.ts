/**
 * "Due within a working day": the same rule the SLA monitor reminds by (less office time left
 * than the deadline's day holds), so the amber row and the officer's reminder agree.
 */
import { DateTime } from 'luxon';
import { WEEKDAYS, type AgencyProfile } from '../../agency/profile-schema';
import type { OfficeCalendar } from '../../calendar/working-days';

export type DueSoon = (dueAt: Date, now: Date) => boolean;

export function dueWithinAWorkingDay(calendar: OfficeCalendar, office: AgencyProfile['office']): DueSoon {
  const dayHours = (at: Date) => {
    const hours = office.hours.weekly[WEEKDAYS[DateTime.fromJSDate(at, { zone: office.timeZone }).weekday - 1]];
    if (!hours) return 8;
    const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
    return (minutes(hours.close) - minutes(hours.open)) / 60;
  };
  return (dueAt, now) => dueAt.getTime() > now.getTime() && calendar.workingHoursBetween(now, dueAt) <= dayHours(dueAt);
}
