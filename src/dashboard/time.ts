/**
 * Times on the pages, in the office's time zone and Indonesian wording. Relative times are
 * rendered by the server from the injected clock and kept ticking by the page script, which
 * corrects for the server's clock through the `server-now` meta tag.
 */
import { DateTime } from 'luxon';
import type { TimeZone } from '../agency/profile-schema';
import { ZONE_ABBREVIATIONS } from '../calendar/format-id';
import { html, type SafeHtml } from './html';

export interface TimeFormat {
  tz: TimeZone;
  now: () => Date;
}

export function duration(ms: number): string {
  const m = Math.max(0, Math.floor(ms / 60_000));
  if (m < 1) return 'kurang dari 1 menit';
  if (m < 60) return `${m} menit`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} jam ${m % 60} menit`;
  return `${Math.floor(h / 24)} hari ${h % 24} jam`;
}

/** "14.05" today, "22 Nov 14.05" on another day (office-local). */
export function shortTime(at: Date, f: TimeFormat): string {
  const t = DateTime.fromJSDate(at, { zone: f.tz }).setLocale('id');
  const today = DateTime.fromJSDate(f.now(), { zone: f.tz }).toISODate();
  return t.toISODate() === today ? t.toFormat('HH.mm') : t.toFormat('d LLL HH.mm');
}

/** "23 Nov 2026 10.00 WITA". */
export function dateTime(at: Date | null | undefined, f: TimeFormat): string {
  if (!at) return '–';
  return `${DateTime.fromJSDate(at, { zone: f.tz }).setLocale('id').toFormat('d LLL yyyy HH.mm')} ${ZONE_ABBREVIATIONS[f.tz]}`;
}

export const localDate = (at: Date, tz: TimeZone): string => DateTime.fromJSDate(at, { zone: tz }).toISODate()!;

export function since(at: Date, f: TimeFormat): SafeHtml {
  return html`<span data-since="${at.toISOString()}">${duration(f.now().getTime() - at.getTime())}</span>`;
}

export function countdown(due: Date, f: TimeFormat): SafeHtml {
  const left = due.getTime() - f.now().getTime();
  return html`<span class="badge${left < 0 ? ' late' : ''}" data-until="${due.toISOString()}">${left >= 0 ? `sisa ${duration(left)}` : `terlambat ${duration(-left)}`}</span>`;
}
