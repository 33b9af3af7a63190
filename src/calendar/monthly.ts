/**
 * Monthly schedule dates an office publishes ("diproses setiap tanggal 10", "rekonsiliasi
 * akhir bulan"), computed from today's local date in the office's time zone. Whether such a
 * date falls on a day off is the office calendar's question (nextWorkingDayOnOrAfter).
 */
import { DateTime } from 'luxon';
import type { TimeZone } from '../agency/profile-schema';

export { isoToDate } from './local-date';

/**
 * The next local date with day-of-month `day`, today included. Limited to 1–28 like the
 * profile schema, so every month has the day; use endOfMonth for "akhir bulan".
 */
export function nextMonthlyDay(now: Date, day: number, tz: TimeZone): string {
  if (!Number.isInteger(day) || day < 1 || day > 28) throw new RangeError(`day of month must be 1-28, got ${day}`);
  const today = DateTime.fromJSDate(now, { zone: tz }).startOf('day');
  const thisMonth = today.set({ day });
  return (thisMonth >= today ? thisMonth : thisMonth.plus({ months: 1 })).toISODate() as string;
}

/** The last calendar day of the current local month. */
export function endOfMonth(now: Date, tz: TimeZone): string {
  return DateTime.fromJSDate(now, { zone: tz }).endOf('month').toISODate() as string;
}
