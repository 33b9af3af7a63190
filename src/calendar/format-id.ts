/**
 * Dates and times as Indonesian readers expect them in a message: "Kamis, 26 November 2026
 * pukul 16.00 WITA". Names come from ICU's `id` locale; the zone abbreviation comes from our
 * own table because it must name the office's zone, whatever ICU happens to print.
 */
import { DateTime } from 'luxon';
import type { TimeZone } from '../agency/profile-schema';

export const ZONE_ABBREVIATIONS: Record<TimeZone, 'WIB' | 'WITA' | 'WIT'> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

function local(at: Date, tz: TimeZone): DateTime {
  return DateTime.fromJSDate(at, { zone: tz }).setLocale('id');
}

/** "Kamis, 10 Desember 2026" (the office's local date). */
export function formatDateId(at: Date, tz: TimeZone): string {
  return local(at, tz).toFormat('cccc, d LLLL yyyy');
}

/** "16.00 WITA": 24-hour clock with a dot, as in Indonesian official writing. */
export function formatTimeId(at: Date, tz: TimeZone): string {
  return `${local(at, tz).toFormat('HH.mm')} ${ZONE_ABBREVIATIONS[tz]}`;
}

/** "Kamis, 26 November 2026 pukul 16.00 WITA". */
export function formatDateTimeId(at: Date, tz: TimeZone): string {
  return `${formatDateId(at, tz)} pukul ${formatTimeId(at, tz)}`;
}
