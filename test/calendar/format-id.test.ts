import { formatDateId, formatDateTimeId, formatTimeId } from '../../src/calendar/format-id';
import { isoToDate } from '../../src/calendar/monthly';

describe('Indonesian date formatting', () => {
  it('when formatting a date, then the weekday and month are Indonesian names', () => {
    expect(formatDateId(new Date('2026-12-10T03:00:00Z'), 'Asia/Jakarta')).toBe('Kamis, 10 Desember 2026');
  });

  it('when formatting a deadline in WITA, then it reads "pukul 16.00 WITA"', () => {
    expect(formatDateTimeId(new Date('2026-11-26T08:00:00Z'), 'Asia/Makassar')).toBe('Kamis, 26 November 2026 pukul 16.00 WITA');
  });

  it('when the same instant is formatted for WIB, WITA and WIT, then each shows its own local time and abbreviation', () => {
    const instant = new Date('2026-03-12T16:30:00Z');
    expect(formatDateTimeId(instant, 'Asia/Jakarta')).toBe('Kamis, 12 Maret 2026 pukul 23.30 WIB');
    expect(formatDateTimeId(instant, 'Asia/Makassar')).toBe('Jumat, 13 Maret 2026 pukul 00.30 WITA');
    expect(formatDateTimeId(instant, 'Asia/Jayapura')).toBe('Jumat, 13 Maret 2026 pukul 01.30 WIT');
  });

  it('when formatting a morning time, then hours keep their leading zero and use a dot', () => {
    expect(formatTimeId(new Date('2026-03-13T00:30:00Z'), 'Asia/Jakarta')).toBe('07.30 WIB');
  });

  it.each([
    ['2026-03-16', 'Senin, 16 Maret 2026'],
    ['2026-03-17', 'Selasa, 17 Maret 2026'],
    ['2026-03-18', 'Rabu, 18 Maret 2026'],
    ['2026-03-20', 'Jumat, 20 Maret 2026'],
    ['2026-03-21', 'Sabtu, 21 Maret 2026'],
    ['2026-03-22', 'Minggu, 22 Maret 2026'],
    ['2027-01-01', 'Jumat, 1 Januari 2027'],
    ['2027-02-06', 'Sabtu, 6 Februari 2027'],
    ['2027-05-25', 'Selasa, 25 Mei 2027'],
    ['2027-08-17', 'Selasa, 17 Agustus 2027'],
  ])('when formatting the local date %s, then it reads "%s"', (iso, text) => {
    expect(formatDateId(isoToDate(iso, 'Asia/Makassar'), 'Asia/Makassar')).toBe(text);
  });
});
