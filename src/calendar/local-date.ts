/**
 * Local calendar dates ("YYYY-MM-DD" in an office's time zone) and the few conversions
 * between them and instants. Deadlines are about the office's calendar, so every date
 * computation works on these local dates and only turns them into instants at the end.
 */
import { DateTime } from 'luxon';
import type { TimeZone, Weekday } from '../agency/profile-schema';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const LUXON_WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** True for a real calendar date spelled YYYY-MM-DD (2026-02-30 is false). */
export function isIsoDate(value: string): boolean {
  return ISO_DATE.test(value) && DateTime.fromISO(value, { zone: 'UTC' }).isValid;
}

/** Programmer errors (a malformed date reaching the calendar) should fail loudly, not count as a day off. */
export function assertIsoDate(value: string): void {
  if (!isIsoDate(value)) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(value)}`);
}

function startOfLocalDay(iso: string, tz: TimeZone): DateTime {
  assertIsoDate(iso);
  return DateTime.fromISO(iso, { zone: tz });
}

/** The office's calendar date at an instant. */
export function localIsoDate(at: Date, tz: TimeZone): string {
  return DateTime.fromJSDate(at, { zone: tz }).toISODate() as string;
}

export function addDaysIso(iso: string, days: number, tz: TimeZone): string {
  return startOfLocalDay(iso, tz).plus({ days }).toISODate() as string;
}

export function weekdayOf(iso: string, tz: TimeZone): Weekday {
  return LUXON_WEEKDAYS[startOfLocalDay(iso, tz).weekday - 1];
}

export function yearOf(iso: string): number {
  return Number(iso.slice(0, 4));
}

/** The instant at a wall-clock time ("HH:MM") on a local date. */
export function atLocalTime(iso: string, hhmm: string, tz: TimeZone): Date {
  const [hour, minute] = hhmm.split(':').map(Number);
  return startOfLocalDay(iso, tz).set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}

/** Local midnight of a date, for formatting a date-only value with the Date-based formatters. */
export function isoToDate(iso: string, tz: TimeZone): Date {
  return startOfLocalDay(iso, tz).toJSDate();
}
