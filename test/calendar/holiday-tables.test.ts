import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigFileError } from '../../src/config/yaml-file';
import { loadHolidayTables } from '../../src/calendar/holiday-tables';

const HOLIDAY_DIR = path.join(__dirname, '../../flows/calendar/holidays');

const created: string[] = [];
afterAll(() => created.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function tempDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holidays-'));
  created.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const minimal = (year: number, extra = '') => `decree:
  numbers: [1 Tahun ${year - 1}]
  verified: true
holidays:
  - { date: ${year}-01-01, name: Tahun Baru ${year} Masehi }
${extra}`;

function loadError(dir: string): ConfigFileError {
  try {
    loadHolidayTables(dir);
  } catch (err) {
    if (err instanceof ConfigFileError) return err;
    throw err;
  }
  throw new Error('expected a ConfigFileError');
}

describe('the shipped holiday tables', () => {
  const calendar = loadHolidayTables(HOLIDAY_DIR);

  it('when loaded, then 2025-2027 have tables and 2028 does not', () => {
    expect(calendar.years()).toEqual([2025, 2026, 2027]);
    expect(calendar.hasTable(2026)).toBe(true);
    expect(calendar.hasTable(2028)).toBe(false);
  });

  it('when counting days per year, then they match the decrees (holidays + cuti bersama)', () => {
    const count = (year: number, kind: string) => calendar.list(year).filter((d) => d.kind === kind).length;
    expect([count(2025, 'holiday'), count(2025, 'cuti_bersama')]).toEqual([17, 11]);
    expect([count(2026, 'holiday'), count(2026, 'cuti_bersama')]).toEqual([17, 8]);
    expect([count(2027, 'holiday'), count(2027, 'cuti_bersama')]).toEqual([18, 8]);
  });

  // Transcribed from shared/reference/domain-facts.md (day-month), to catch edits to the YAML.
  const DECREES: Record<number, { holidays: string; cutiBersama: string }> = {
    2025: {
      holidays: '01-01 01-27 01-29 03-29 03-31 04-01 04-18 04-20 05-01 05-12 05-29 06-01 06-06 06-27 08-17 09-05 12-25',
      cutiBersama: '01-28 03-28 04-02 04-03 04-04 04-07 05-13 05-30 06-09 08-18 12-26',
    },
    2026: {
      holidays: '01-01 01-16 02-17 03-19 03-21 03-22 04-03 04-05 05-01 05-14 05-27 05-31 06-01 06-16 08-17 08-25 12-25',
      cutiBersama: '02-16 03-18 03-20 03-23 03-24 05-15 05-28 12-24',
    },
    2027: {
      holidays: '01-01 01-05 02-06 03-08 03-10 03-11 03-26 03-28 05-01 05-06 05-17 05-20 06-01 06-06 08-15 08-17 12-25 12-26',
      cutiBersama: '02-05 03-09 03-12 03-15 03-25 05-18 05-19 12-24',
    },
  };

  it.each([2025, 2026, 2027])('when listing %i, then the dates are exactly those of the decree', (year) => {
    const dates = (kind: string) =>
      calendar
        .list(year)
        .filter((d) => d.kind === kind)
        .map((d) => d.date.slice(5))
        .join(' ');
    expect(dates('holiday')).toBe(DECREES[year].holidays);
    expect(dates('cuti_bersama')).toBe(DECREES[year].cutiBersama);
  });

  it('when asking about a holiday, then it is a day off and is described by its Indonesian name', () => {
    expect(calendar.isDayOff('2026-03-21')).toBe(true);
    expect(calendar.describe('2026-03-21')).toBe('Idul Fitri 1447 Hijriah');
    expect(calendar.lookup('2026-03-23')).toEqual({ date: '2026-03-23', name: 'Cuti bersama Idul Fitri 1447 Hijriah', kind: 'cuti_bersama' });
    expect(calendar.describe('2025-12-25')).toBe('Hari Raya Natal');
    expect(calendar.describe('2027-05-17')).toBe('Idul Adha 1448 Hijriah');
  });

  it('when asking about an ordinary day, then it is not a day off', () => {
    expect(calendar.isDayOff('2026-03-25')).toBe(false);
    expect(calendar.describe('2026-03-25')).toBeNull();
    expect(calendar.lookup('2026-03-25')).toBeNull();
  });

  it('when reading the decrees, then 2026 names its SKB and 2027 is marked unverified', () => {
    expect(calendar.decree(2026)).toMatchObject({ numbers: ['1497 Tahun 2025', '2 Tahun 2025', '5 Tahun 2025'], signed: '2025-09-19', verified: true });
    expect(calendar.decree(2025)?.amendedBy).toEqual([{ numbers: ['933 Tahun 2025', '1 Tahun 2025', '3 Tahun 2025'] }]);
    expect(calendar.decree(2027)).toMatchObject({ verified: false, note: 'to be verified against the SKB', announced: '2026-09-15' });
    expect(calendar.decree(2028)).toBeNull();
  });

  it('when a caller mutates a listed entry, then the calendar is unchanged', () => {
    calendar.list(2026)[0].name = 'changed';
    expect(calendar.describe('2026-01-01')).toBe('Tahun Baru 2026 Masehi');
  });
});

describe('loading an administrator-extended folder', () => {
  it('when a new year file is added and other files sit beside it, then the year is loaded and the others ignored', () => {
    const calendar = loadHolidayTables(tempDir({ '2028.yaml': minimal(2028), 'README.md': '# notes' }));
    expect(calendar.hasTable(2028)).toBe(true);
    expect(calendar.describe('2028-01-01')).toBe('Tahun Baru 2028 Masehi');
  });

  it('when a date does not belong to the file name year, then loading fails naming the entry', () => {
    const err = loadError(tempDir({ '2028.yaml': minimal(2028, 'cutiBersama:\n  - { date: 2029-01-02, name: Cuti bersama }\n') }));
    expect(err.problems).toEqual([{ path: 'cutiBersama.0.date', reason: expect.stringContaining('not in 2028') }]);
  });

  it('when a YAML file is not named after a year, then loading fails instead of skipping it', () => {
    const err = loadError(tempDir({ '2028-draft.yaml': minimal(2028) }));
    expect(err.file).toMatch(/2028-draft\.yaml$/);
  });

  it('when a date is not a real calendar date, then loading fails at that entry', () => {
    const err = loadError(tempDir({ '2028.yaml': minimal(2028, '  - { date: 2028-02-30, name: Salah }\n') }));
    expect(err.problems[0].path).toBe('holidays.1.date');
  });

  it('when the same date is listed twice, then loading fails', () => {
    const err = loadError(tempDir({ '2028.yaml': minimal(2028, 'cutiBersama:\n  - { date: 2028-01-01, name: Cuti bersama }\n') }));
    expect(err.problems[0]).toEqual({ path: 'cutiBersama.0.date', reason: expect.stringContaining('listed twice') });
  });

  it('when a key is misspelt, then loading fails rather than ignoring the list', () => {
    const err = loadError(tempDir({ '2028.yaml': minimal(2028, 'cutibersama: []\n') }));
    expect(err.problems[0].reason).toMatch(/cutibersama/);
  });

  it('when a table claims to be verified without decree numbers, then loading fails', () => {
    const err = loadError(tempDir({ '2028.yaml': minimal(2028).replace('[1 Tahun 2027]', '[]') }));
    expect(err.problems[0].path).toBe('decree.numbers');
  });

  it('when the folder does not exist, then loading fails with a config error', () => {
    expect(() => loadHolidayTables(path.join(os.tmpdir(), 'no-such-holiday-folder'))).toThrow(ConfigFileError);
  });
});
