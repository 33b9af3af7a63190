/**
 * One office's working calendar: which local dates are working days, when the office is open,
 * complaint response deadlines, and working time between instants. Everything is computed on
 * the office's local calendar dates (its time zone) and only turned into instants at the end,
 * so a message sent at 23:30 WIB is never counted on the UTC date.
 */
import type { OfficeHours, TimeZone } from '../agency/profile-schema';
import type { HolidayCalendar } from './holiday-tables';
import { addDaysIso, assertIsoDate, atLocalTime, localIsoDate, weekdayOf, yearOf } from './local-date';

export interface OfficeCalendarOptions {
  timeZone: TimeZone;
  hours: OfficeHours;
  holidays: HolidayCalendar;
  /** Closures of this office only (YYYY-MM-DD), on top of the national calendar. */
  closures?: string[];
}

export interface ResponseDeadline {
  dueAt: Date;
  /** True when a year the count crossed has no holiday table, so only weekends were skipped. */
  provisional: boolean;
}

export interface OfficeCalendar {
  readonly timeZone: TimeZone;
  /** Weekend, national holiday, cuti bersama, office closure or a weekday without hours → false. */
  isWorkingDay(isoLocalDate: string): boolean;
  /** The date itself when it is a working day, else the next working day. */
  nextWorkingDayOnOrAfter(isoLocalDate: string): string;
  /** The n-th working day after the date (n ≥ 0; n = 0 is nextWorkingDayOnOrAfter). */
  addWorkingDays(isoLocalDate: string, n: number): string;
  /** Within office hours (open ≤ at < close) on a working day. */
  isOpen(at: Date): boolean;
  /** `at` itself when open, else the next opening instant. */
  nextOpening(at: Date): Date;
  /**
   * Close of office hours on the N-th working day after the day of receipt. A message received
   * after closing or on a day off counts from the next working day (that day is "day 0"); one
   * received before opening on a working day counts from that same day.
   */
  responseDeadline(receivedAt: Date, workingDays: number): ResponseDeadline;
  /**
   * Office hours (fractional) between two instants, counting working days only; 0 when to ≤ from.
   * Opening to closing, breaks included (the hours config has no break times).
   */
  workingHoursBetween(from: Date, to: Date): number;
  /** The deadline pushed back by the working time that passed between pausedAt and resumedAt. */
  extendByPause(dueAt: Date, pausedAt: Date, resumedAt: Date): Date;
}

/** Long enough for any real gap (Idul Fitri plus closures), short enough to stop a misconfiguration. */
const MAX_SCAN_DAYS = 366 * 3;
const MS_PER_HOUR = 3_600_000;

interface Interval {
  open: number;
  close: number;
}

export function createOfficeCalendar(o: OfficeCalendarOptions): OfficeCalendar {
  const tz = o.timeZone;
  const closures = new Set(o.closures ?? []);
  closures.forEach(assertIsoDate);
  if (Object.keys(o.hours.weekly).length === 0) {
    throw new Error('office hours list no open day; the calendar would never have a working day');
  }

  function isWorkingDay(iso: string): boolean {
    assertIsoDate(iso);
    return o.hours.weekly[weekdayOf(iso, tz)] !== undefined && !o.holidays.isDayOff(iso) && !closures.has(iso);
  }

  function interval(iso: string): Interval | null {
    if (!isWorkingDay(iso)) return null;
    const hours = o.hours.weekly[weekdayOf(iso, tz)]!;
    return { open: atLocalTime(iso, hours.open, tz).getTime(), close: atLocalTime(iso, hours.close, tz).getTime() };
  }

  function nextWorkingDayOnOrAfter(iso: string): string {
    let day = iso;
    for (let i = 0; i <= MAX_SCAN_DAYS; i++) {
      if (isWorkingDay(day)) return day;
      day = addDaysIso(day, 1, tz);
    }
    throw new Error(`no working day within ${MAX_SCAN_DAYS} days of ${iso}; check office hours and closures`);
  }

  function addWorkingDays(iso: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
    let day = nextWorkingDayOnOrAfter(iso);
    for (let i = 0; i < n; i++) day = nextWorkingDayOnOrAfter(addDaysIso(day, 1, tz));
    return day;
  }

  /** Office intervals that end after `from`, in order, starting with `from`'s local date. */
  function* intervalsFrom(from: number): Generator<Interval> {
    let day = localIsoDate(new Date(from), tz);
    let daysWithoutHours = 0;
    for (;;) {
      const iv = interval(day);
      if (iv && iv.close > from) {
        daysWithoutHours = 0;
        yield iv;
      } else if (++daysWithoutHours > MAX_SCAN_DAYS) {
        throw new Error(`no office hours within ${MAX_SCAN_DAYS} days of ${day}; check office hours and closures`);
      }
      day = addDaysIso(day, 1, tz);
    }
  }

  function isOpen(at: Date): boolean {
    const iv = interval(localIsoDate(at, tz));
    return iv !== null && iv.open <= at.getTime() && at.getTime() < iv.close;
  }

  function nextOpening(at: Date): Date {
    const t = at.getTime();
    const first: Interval = intervalsFrom(t).next().value;
    return new Date(Math.max(first.open, t));
  }

  function workingMsBetween(from: number, to: number): number {
    if (to <= from) return 0;
    let total = 0;
    let day = localIsoDate(new Date(from), tz);
    const last = localIsoDate(new Date(to), tz);
    // Plain date strings compare in calendar order.
    while (day <= last) {
      const iv = interval(day);
      if (iv) total += Math.max(0, Math.min(iv.close, to) - Math.max(iv.open, from));
      day = addDaysIso(day, 1, tz);
    }
    return total;
  }

  function responseDeadline(receivedAt: Date, workingDays: number): ResponseDeadline {
    const receivedDay = localIsoDate(receivedAt, tz);
    const today = interval(receivedDay);
    const dayZero =
      today && receivedAt.getTime() < today.close ? receivedDay : nextWorkingDayOnOrAfter(addDaysIso(receivedDay, 1, tz));
    const dueDay = addWorkingDays(dayZero, workingDays);
    let provisional = false;
    for (let year = yearOf(receivedDay); year <= yearOf(dueDay); year++) {
      if (!o.holidays.hasTable(year)) provisional = true;
    }
    return { dueAt: new Date(interval(dueDay)!.close), provisional };
  }

  function extendByPause(dueAt: Date, pausedAt: Date, resumedAt: Date): Date {
    let remaining = workingMsBetween(pausedAt.getTime(), resumedAt.getTime());
    if (remaining === 0) return new Date(dueAt);
    for (const iv of intervalsFrom(dueAt.getTime())) {
      const start = Math.max(iv.open, dueAt.getTime());
      const available = iv.close - start;
      if (remaining <= available) return new Date(start + remaining);
      remaining -= available;
    }
    throw new Error('unreachable: intervalsFrom never ends');
  }

  return {
    timeZone: tz,
    isWorkingDay,
    nextWorkingDayOnOrAfter,
    addWorkingDays,
    isOpen,
    nextOpening,
    responseDeadline,
    workingHoursBetween: (from, to) => workingMsBetween(from.getTime(), to.getTime()) / MS_PER_HOUR,
    extendByPause,
  };
}
