/**
 * National holiday and cuti bersama tables (flows/calendar/holidays/<year>.yaml): their schema,
 * the loader, and the lookup the office calendar uses. The tables are transcribed from the
 * joint ministerial decree (SKB) of each year; npm holiday packages get Indonesia wrong
 * (no cuti bersama, lunar holidays a day off), so these files are the only source.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ConfigFileError, readYamlFile } from '../config/yaml-file';
import { isIsoDate } from './local-date';

const isoDate = z.string().refine(isIsoDate, 'must be a calendar date YYYY-MM-DD');
const nonEmpty = z.string().trim().min(1, 'must not be empty');
const dayEntry = z.object({ date: isoDate, name: nonEmpty }).strict();

const decreeSchema = z
  .object({
    title: nonEmpty.optional(),
    /** The SKB numbers as published, e.g. "1497 Tahun 2025"; empty until the decree is confirmed. */
    numbers: z.array(nonEmpty),
    signed: isoDate.optional(),
    announced: isoDate.optional(),
    amendedBy: z.array(z.object({ numbers: z.array(nonEmpty).min(1), signed: isoDate.optional() }).strict()).default([]),
    /** False while the table was rebuilt from secondary sources and not checked against the signed SKB. */
    verified: z.boolean(),
    note: nonEmpty.optional(),
  })
  .strict()
  .refine((d) => !d.verified || d.numbers.length > 0, {
    message: 'a verified table must name the decree numbers',
    path: ['numbers'],
  });

export const holidayTableSchema = z
  .object({
    decree: decreeSchema,
    holidays: z.array(dayEntry),
    cutiBersama: z.array(dayEntry).default([]),
  })
  .strict()
  .superRefine((table, ctx) => {
    const seen = new Map<string, string>();
    for (const list of ['holidays', 'cutiBersama'] as const) {
      table[list].forEach((entry, index) => {
        const earlier = seen.get(entry.date);
        if (earlier) {
          ctx.addIssue({ code: 'custom', path: [list, index, 'date'], message: `${entry.date} is listed twice (also at ${earlier})` });
        }
        seen.set(entry.date, `${list}.${index}`);
      });
    }
  });
export type HolidayTable = z.infer<typeof holidayTableSchema>;
export type Decree = HolidayTable['decree'];

export type DayOffKind = 'holiday' | 'cuti_bersama';
export interface DayOff {
  date: string;
  name: string;
  kind: DayOffKind;
}

export interface HolidayCalendar {
  /** National holiday or cuti bersama (weekends are the office calendar's business). */
  isDayOff(isoDate: string): boolean;
  /** Whether a decree table exists for the year; without one only weekends are known. */
  hasTable(year: number): boolean;
  /** The holiday's Indonesian name, or null on an ordinary day. */
  describe(isoDate: string): string | null;
  /** The full entry, or null on an ordinary day. */
  lookup(isoDate: string): DayOff | null;
  /** Days off in date order, for one year or all years. */
  list(year?: number): DayOff[];
  /** Years with a table, ascending. */
  years(): number[];
  decree(year: number): Decree | null;
}

/** Builds the lookup from tables already validated (tests and the loader). */
export function createHolidayCalendar(tables: Record<number, HolidayTable>): HolidayCalendar {
  const byDate = new Map<string, DayOff>();
  for (const table of Object.values(tables)) {
    for (const h of table.holidays) byDate.set(h.date, { date: h.date, name: h.name, kind: 'holiday' });
    for (const c of table.cutiBersama) byDate.set(c.date, { date: c.date, name: c.name, kind: 'cuti_bersama' });
  }
  const sorted = [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
  const years = Object.keys(tables).map(Number).sort((a, b) => a - b);

  return {
    isDayOff: (iso) => byDate.has(iso),
    hasTable: (year) => Object.hasOwn(tables, year),
    describe: (iso) => byDate.get(iso)?.name ?? null,
    lookup: (iso) => {
      const entry = byDate.get(iso);
      return entry ? { ...entry } : null;
    },
    list: (year) => sorted.filter((d) => year === undefined || d.date.startsWith(`${year}-`)).map((d) => ({ ...d })),
    years: () => [...years],
    decree: (year) => (Object.hasOwn(tables, year) ? structuredClone(tables[year].decree) : null),
  };
}

const YEAR_FILE = /^(\d{4})\.ya?ml$/;

/**
 * Reads every <year>.yaml in `dir`. A YAML file with any other name is an error rather than
 * skipped, so a misnamed table ("2028-draft.yaml") never silently leaves a year uncovered.
 */
export function loadHolidayTables(dir: string): HolidayCalendar {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (err) {
    throw new ConfigFileError(dir, [{ path: '', reason: `cannot read folder (${(err as NodeJS.ErrnoException).code ?? err})` }]);
  }
  const tables: Record<number, HolidayTable> = {};
  for (const name of names.sort()) {
    if (!/\.ya?ml$/.test(name)) continue;
    const file = path.join(dir, name);
    const match = YEAR_FILE.exec(name);
    if (!match) throw new ConfigFileError(file, [{ path: '', reason: 'holiday tables must be named <year>.yaml, e.g. 2026.yaml' }]);
    const year = Number(match[1]);
    if (Object.hasOwn(tables, year)) throw new ConfigFileError(file, [{ path: '', reason: `a second table for ${year}` }]);
    const table = readYamlFile(file, holidayTableSchema);
    const wrongYear = [
      ...table.holidays.map((d, i) => ({ d, path: `holidays.${i}.date` })),
      ...table.cutiBersama.map((d, i) => ({ d, path: `cutiBersama.${i}.date` })),
    ].filter(({ d }) => !d.date.startsWith(`${year}-`));
    if (wrongYear.length > 0) {
      throw new ConfigFileError(
        file,
        wrongYear.map(({ d, path: p }) => ({ path: p, reason: `${d.date} is not in ${year} (the file name's year)` })),
      );
    }
    tables[year] = table;
  }
  return createHolidayCalendar(tables);
}
