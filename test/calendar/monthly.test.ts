import path from 'node:path';
import { DateTime } from 'luxon';
import { GOVERNMENT_OFFICE_HOURS } from '../../src/calendar/government-hours';
import { loadHolidayTables } from '../../src/calendar/holiday-tables';
import { endOfMonth, isoToDate, nextMonthlyDay } from '../../src/calendar/monthly';
import { createOfficeCalendar } from '../../src/calendar/working-days';

const wita = (local: string) => DateTime.fromISO(local, { zone: 'Asia/Makassar' }).toJSDate();

describe('monthly schedule dates', () => {
  it('when today is before the processing day, then it is this month', () => {
    expect(nextMonthlyDay(wita('2026-03-05T09:00'), 10, 'Asia/Makassar')).toBe('2026-03-10');
  });

  it('when today is the processing day, then today counts', () => {
    expect(nextMonthlyDay(wita('2026-03-10T23:59'), 10, 'Asia/Makassar')).toBe('2026-03-10');
  });

  it('when the processing day has passed, then it is next month, across the year end too', () => {
    expect(nextMonthlyDay(wita('2026-03-11T00:00'), 10, 'Asia/Makassar')).toBe('2026-04-10');
    expect(nextMonthlyDay(wita('2026-12-15T08:00'), 1, 'Asia/Makassar')).toBe('2027-01-01');
  });

  it('when it is already the 10th in WITA but still the 9th in WIB, then each zone uses its own today', () => {
    const instant = new Date('2026-03-09T16:30:00Z'); // 00:30 WITA on the 10th, 23:30 WIB on the 9th
    expect(nextMonthlyDay(instant, 10, 'Asia/Makassar')).toBe('2026-03-10');
    expect(nextMonthlyDay(new Date('2026-03-10T16:30:00Z'), 10, 'Asia/Makassar')).toBe('2026-04-10');
    expect(nextMonthlyDay(new Date('2026-03-10T16:30:00Z'), 10, 'Asia/Jakarta')).toBe('2026-03-10');
  });

  it('when the day is outside 1-28, then it is refused (use endOfMonth for "akhir bulan")', () => {
    expect(() => nextMonthlyDay(wita('2026-03-05T09:00'), 31, 'Asia/Makassar')).toThrow(RangeError);
    expect(() => nextMonthlyDay(wita('2026-03-05T09:00'), 0, 'Asia/Makassar')).toThrow(RangeError);
  });

  it('when asking for the end of the month, then it is the last local calendar day', () => {
    expect(endOfMonth(wita('2026-02-10T09:00'), 'Asia/Makassar')).toBe('2026-02-28');
    expect(endOfMonth(wita('2028-02-10T09:00'), 'Asia/Makassar')).toBe('2028-02-29');
    // 31 Jan 16:30 UTC is already 1 Feb in WITA.
    expect(endOfMonth(new Date('2026-01-31T16:30:00Z'), 'Asia/Makassar')).toBe('2026-02-28');
    expect(endOfMonth(new Date('2026-01-31T16:30:00Z'), 'Asia/Jakarta')).toBe('2026-01-31');
  });

  it('when the processing day falls on a day off, then the office calendar gives the next working day', () => {
    const calendar = createOfficeCalendar({
      timeZone: 'Asia/Makassar',
      hours: GOVERNMENT_OFFICE_HOURS,
      holidays: loadHolidayTables(path.join(__dirname, '../../flows/calendar/holidays')),
    });
    const processing = nextMonthlyDay(wita('2027-03-01T09:00'), 10, 'Asia/Makassar'); // Idul Fitri 1448 H
    expect(calendar.isWorkingDay(processing)).toBe(false);
    expect(calendar.nextWorkingDayOnOrAfter(processing)).toBe('2027-03-16');
  });

  it('when turning a local date into an instant, then it is local midnight', () => {
    expect(isoToDate('2026-03-10', 'Asia/Makassar').toISOString()).toBe('2026-03-09T16:00:00.000Z');
  });
});
