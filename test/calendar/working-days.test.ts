import path from 'node:path';
import { DateTime } from 'luxon';
import type { TimeZone } from '../../src/agency/profile-schema';
import { GOVERNMENT_OFFICE_HOURS } from '../../src/calendar/government-hours';
import { loadHolidayTables } from '../../src/calendar/holiday-tables';
import { createOfficeCalendar, type OfficeCalendarOptions } from '../../src/calendar/working-days';

const holidays = loadHolidayTables(path.join(__dirname, '../../flows/calendar/holidays'));

function office(overrides: Partial<OfficeCalendarOptions> = {}) {
  return createOfficeCalendar({ timeZone: 'Asia/Jakarta', hours: GOVERNMENT_OFFICE_HOURS, holidays, ...overrides });
}

/** An instant written as office-local wall time, e.g. at('2026-03-13T10:00'). */
function at(local: string, tz: TimeZone = 'Asia/Jakarta'): Date {
  return DateTime.fromISO(local, { zone: tz }).toJSDate();
}

/** An instant shown as office-local wall time with the English weekday, for readable expectations. */
function show(instant: Date, tz: TimeZone = 'Asia/Jakarta'): string {
  return DateTime.fromJSDate(instant, { zone: tz }).setLocale('en').toFormat('ccc yyyy-MM-dd HH:mm');
}

function due(receivedLocal: string, days = 3, tz: TimeZone = 'Asia/Jakarta', cal = office({ timeZone: tz })) {
  const { dueAt, provisional } = cal.responseDeadline(at(receivedLocal, tz), days);
  return { due: show(dueAt, tz), provisional };
}

describe('working days', () => {
  const cal = office();

  it('when the day is an ordinary weekday, then it is a working day', () => {
    expect(cal.isWorkingDay('2026-03-25')).toBe(true);
  });

  it.each([
    ['2026-03-14', 'Saturday'],
    ['2026-03-15', 'Sunday'],
    ['2026-03-19', 'Nyepi (holiday)'],
    ['2026-03-23', 'Idul Fitri (cuti bersama)'],
    ['2027-01-01', 'New Year 2027'],
  ])('when the day is %s (%s), then it is not a working day', (iso) => {
    expect(cal.isWorkingDay(iso)).toBe(false);
  });

  it('when the office lists a closure, then that day is not a working day', () => {
    expect(office({ closures: ['2026-03-25'] }).isWorkingDay('2026-03-25')).toBe(false);
  });

  it('when the office opens on Saturdays, then a Saturday is a working day but a Saturday holiday is not', () => {
    const sat = office({ hours: { source: 'standard', weekly: { ...GOVERNMENT_OFFICE_HOURS.weekly, sat: { open: '08:00', close: '12:00' } } } });
    expect(sat.isWorkingDay('2026-03-14')).toBe(true);
    expect(sat.isWorkingDay('2026-03-21')).toBe(false);
  });

  it('when the date is malformed, then the calendar throws instead of guessing', () => {
    expect(() => cal.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => cal.isWorkingDay('25/03/2026')).toThrow(RangeError);
  });

  it('when the date is a day off, then nextWorkingDayOnOrAfter skips the whole Idul Fitri break', () => {
    expect(cal.nextWorkingDayOnOrAfter('2026-03-18')).toBe('2026-03-25');
    expect(cal.nextWorkingDayOnOrAfter('2026-03-25')).toBe('2026-03-25');
  });

  it('when counting working days from a date, then days off are skipped', () => {
    expect(cal.addWorkingDays('2026-03-13', 3)).toBe('2026-03-25');
    expect(() => cal.addWorkingDays('2026-03-13', -1)).toThrow(RangeError);
  });

  it('when the hours list no open day, then creating the calendar fails', () => {
    expect(() => office({ hours: { source: 'default', weekly: {} } })).toThrow(/no open day/);
  });
});

describe('opening hours', () => {
  const cal = office();

  it.each([
    ['2026-03-25T07:29', false],
    ['2026-03-25T07:30', true],
    ['2026-03-25T15:59', true],
    ['2026-03-25T16:00', false],
    ['2026-03-27T16:15', true], // Friday closes at 16:30
    ['2026-03-27T16:30', false],
    ['2026-03-23T10:00', false], // cuti bersama
    ['2026-03-28T10:00', false], // Saturday
  ])('when it is %s WIB, then open is %s', (local, open) => {
    expect(cal.isOpen(at(local))).toBe(open);
  });

  it('when the office is open, then the next opening is now', () => {
    expect(show(cal.nextOpening(at('2026-03-25T10:17')))).toBe('Wed 2026-03-25 10:17');
  });

  it('when it is early morning on a working day, then the office opens at 07:30 that day', () => {
    expect(show(cal.nextOpening(at('2026-03-25T06:00')))).toBe('Wed 2026-03-25 07:30');
  });

  it('when it is Friday evening before the Idul Fitri break, then the office next opens Wednesday after it', () => {
    expect(show(cal.nextOpening(at('2026-03-17T17:00')))).toBe('Wed 2026-03-25 07:30');
  });

  it('when it is Thursday 23:30 WIB, which is already Friday 00:30 WITA, then both offices next open Friday 07:30 local', () => {
    const instant = new Date('2026-03-12T16:30:00Z');
    expect(show(office().nextOpening(instant))).toBe('Fri 2026-03-13 07:30');
    expect(show(office({ timeZone: 'Asia/Makassar' }).nextOpening(instant), 'Asia/Makassar')).toBe('Fri 2026-03-13 07:30');
  });

  it('when it is 07:30 WITA, then the WITA office is open while the WIB office (06:30) is not yet', () => {
    const instant = new Date('2026-03-12T23:30:00Z');
    expect(office({ timeZone: 'Asia/Makassar' }).isOpen(instant)).toBe(true);
    expect(office({ timeZone: 'Asia/Jakarta' }).isOpen(instant)).toBe(false);
  });
});

describe('response deadlines (3 working days, receipt day not counted)', () => {
  it('when received Friday 13 March 2026 in office hours, then due Wednesday 25 March 2026 at close (worked example)', () => {
    expect(due('2026-03-13T10:00')).toEqual({ due: 'Wed 2026-03-25 16:00', provisional: false });
  });

  it('when received Friday 14 May 2027 in office hours, then due Tuesday 25 May 2027 at close (worked example)', () => {
    expect(due('2027-05-14T09:00')).toEqual({ due: 'Tue 2027-05-25 16:00', provisional: false });
  });

  it('when received Friday after closing, then counting starts Monday and the deadline moves a day', () => {
    expect(due('2026-03-13T16:30').due).toBe('Thu 2026-03-26 16:00');
    expect(due('2026-03-13T16:29').due).toBe('Wed 2026-03-25 16:00');
  });

  it('when received on Saturday, then Monday is day 0', () => {
    expect(due('2026-03-14T10:00').due).toBe('Thu 2026-03-26 16:00');
  });

  it('when received on a weekday evening after closing, then the next working day is day 0', () => {
    expect(due('2026-03-10T19:45').due).toBe('Mon 2026-03-16 16:00');
  });

  it('when received on a working day before opening, then that same day is day 0', () => {
    expect(due('2026-03-10T06:00').due).toBe('Fri 2026-03-13 16:30');
  });

  it('when received the day before a national holiday and its cuti bersama, then both are skipped', () => {
    // 14 May 2026 Kenaikan Yesus Kristus, 15 May cuti bersama.
    expect(due('2026-05-13T11:00').due).toBe('Wed 2026-05-20 16:00');
  });

  it('when received inside the Idul Fitri cuti bersama, then the first working day after it is day 0', () => {
    expect(due('2026-03-23T09:00').due).toBe('Mon 2026-03-30 16:00');
  });

  it('when received on 23 December 2026, then Christmas, weekends and New Year 2027 are skipped', () => {
    expect(due('2026-12-23T10:00', 3).due).toBe('Wed 2026-12-30 16:00');
    expect(due('2026-12-23T10:00', 5)).toEqual({ due: 'Mon 2027-01-04 16:00', provisional: false });
    // 5 Jan 2027 is Isra Mikraj.
    expect(due('2026-12-23T10:00', 6).due).toBe('Wed 2027-01-06 16:00');
  });

  it('when the same instant is late Friday in WITA but still open in WIB, then the deadlines differ', () => {
    const instant = new Date('2026-03-13T08:45:00Z'); // 15:45 WIB (open), 16:45 WITA (closed)
    const wib = office({ timeZone: 'Asia/Jakarta' }).responseDeadline(instant, 3);
    const wita = office({ timeZone: 'Asia/Makassar' }).responseDeadline(instant, 3);
    expect(show(wib.dueAt, 'Asia/Jakarta')).toBe('Wed 2026-03-25 16:00');
    expect(show(wita.dueAt, 'Asia/Makassar')).toBe('Thu 2026-03-26 16:00');
    expect(wib.dueAt.toISOString()).toBe('2026-03-25T09:00:00.000Z');
    expect(wita.dueAt.toISOString()).toBe('2026-03-26T08:00:00.000Z');
  });

  it('when the same instant is Thursday night in WIB and Friday before opening in WITA, then each office counts its own local date', () => {
    const instant = new Date('2026-03-12T16:30:00Z'); // Thu 23:30 WIB (after close), Fri 00:30 WITA (before opening)
    const wib = office({ timeZone: 'Asia/Jakarta' }).responseDeadline(instant, 1);
    const wita = office({ timeZone: 'Asia/Makassar' }).responseDeadline(instant, 1);
    // WIB: day 0 is the next working day, Friday. WITA: day 0 is the same local day, Friday.
    expect(show(wib.dueAt, 'Asia/Jakarta')).toBe('Mon 2026-03-16 16:00');
    expect(show(wita.dueAt, 'Asia/Makassar')).toBe('Mon 2026-03-16 16:00');
    expect(wib.dueAt.getTime() - wita.dueAt.getTime()).toBe(3_600_000);
  });

  it('when the office is in WIT, then deadlines close at 16:00 WIT', () => {
    expect(due('2026-03-13T10:00', 3, 'Asia/Jayapura')).toEqual({ due: 'Wed 2026-03-25 16:00', provisional: false });
  });

  it('when the count runs into 2028, which has no table, then the deadline is provisional (weekends only)', () => {
    expect(due('2028-01-03T10:00')).toEqual({ due: 'Thu 2028-01-06 16:00', provisional: true });
    expect(due('2027-12-30T10:00')).toEqual({ due: 'Tue 2028-01-04 16:00', provisional: true });
  });

  it('when the office has its own closure inside the count, then that day is skipped too', () => {
    const cal = office({ closures: ['2026-03-16'] });
    expect(due('2026-03-13T10:00', 3, 'Asia/Jakarta', cal).due).toBe('Thu 2026-03-26 16:00');
  });

  it('when zero working days are asked, then the deadline is the close of day 0', () => {
    expect(due('2026-03-13T10:00', 0).due).toBe('Fri 2026-03-13 16:30');
    expect(due('2026-03-13T17:00', 0).due).toBe('Mon 2026-03-16 16:00');
  });
});

describe('working hours between two instants', () => {
  const cal = office();

  it('when both instants are within one open day, then it is the plain difference', () => {
    expect(cal.workingHoursBetween(at('2026-03-25T08:00'), at('2026-03-25T09:30'))).toBe(1.5);
  });

  it('when the span crosses a night, then only office hours count', () => {
    // Wed 15:00–16:00 + Thu 07:30–08:30
    expect(cal.workingHoursBetween(at('2026-03-25T15:00'), at('2026-03-26T08:30'))).toBe(2);
  });

  it('when the span crosses a weekend, then the weekend counts nothing', () => {
    // Fri 16:00–16:30 + Mon 07:30–08:00
    expect(cal.workingHoursBetween(at('2026-03-27T16:00'), at('2026-03-30T08:00'))).toBe(1);
  });

  it('when a message arrives out of hours and is answered at the next opening, then the working time is zero', () => {
    expect(cal.workingHoursBetween(at('2026-03-17T20:00'), at('2026-03-25T07:30'))).toBe(0);
  });

  it('when the span covers a full working week, then it counts opening to closing, breaks included (43 h)', () => {
    // 4 × 8.5 h + 9 h; the calendar knows no break times, so Perpres 21/2023's net 37.5 h is not what it returns.
    expect(cal.workingHoursBetween(at('2026-04-06T00:00'), at('2026-04-13T00:00'))).toBe(43);
  });

  it('when the end is before the start, then the working time is zero', () => {
    expect(cal.workingHoursBetween(at('2026-03-26T10:00'), at('2026-03-25T10:00'))).toBe(0);
  });
});

describe('pausing a deadline', () => {
  const cal = office();
  const dueAt = at('2026-03-25T16:00');

  it('when a pause lasts a full working day, then the deadline moves to the close of the next working day', () => {
    expect(show(cal.extendByPause(dueAt, at('2026-03-16T07:30'), at('2026-03-16T16:00')))).toBe('Thu 2026-03-26 16:00');
  });

  it('when a pause lasts two office hours, then the deadline moves two office hours into the next working day', () => {
    expect(show(cal.extendByPause(dueAt, at('2026-03-16T10:00'), at('2026-03-16T12:00')))).toBe('Thu 2026-03-26 09:30');
  });

  it('when a pause spans only nights, weekends and cuti bersama, then the deadline does not move', () => {
    expect(cal.extendByPause(dueAt, at('2026-03-17T16:00'), at('2026-03-25T07:30'))).toEqual(dueAt);
  });

  it('when the extension runs past a Friday close, then it carries over the weekend', () => {
    // From a Thursday 16:00 deadline; Friday 07:30–16:30 holds exactly 9 h.
    const thursday = at('2026-03-26T16:00');
    expect(show(cal.extendByPause(thursday, at('2026-03-16T07:30'), at('2026-03-16T16:00')))).toBe('Fri 2026-03-27 16:00'); // 8.5 h
    expect(show(cal.extendByPause(thursday, at('2026-03-16T07:30'), at('2026-03-17T08:00')))).toBe('Fri 2026-03-27 16:30'); // 9 h
    expect(show(cal.extendByPause(thursday, at('2026-03-16T07:30'), at('2026-03-17T08:30')))).toBe('Mon 2026-03-30 08:00'); // 9.5 h
  });
});
