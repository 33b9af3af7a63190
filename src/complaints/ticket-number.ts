/**
 * The ticket number, "ADU-<office code>-<yyMM of receipt>-<sequence, 4 digits or more>": the
 * one format the desk numbers by and every entry point (API, dashboard, chat) recognises.
 */
import { DateTime } from 'luxon';
import type { TimeZone } from '../agency/profile-schema';

const BODY = 'ADU-[A-Z]{2,5}-\\d{4}-\\d{4,}';

/** A whole string that is a ticket number. */
export const TICKET_NUMBER = new RegExp(`^${BODY}$`);
/** A ticket number inside free text (a chat message, a search): case-insensitive where asked. */
export const ticketNumberIn = (flags = '') => new RegExp(`\\b${BODY}\\b`, flags);

export const isTicketNumber = (value: unknown): value is string => typeof value === 'string' && TICKET_NUMBER.test(value);

/** The counter series a ticket received at `receivedAt` is numbered in, e.g. "ADU-BJM-2611". */
export function ticketSeries(officeCode: string, receivedAt: Date, tz: TimeZone): string {
  return `ADU-${officeCode}-${DateTime.fromJSDate(receivedAt, { zone: tz }).toFormat('yyMM')}`;
}

export const ticketNumber = (series: string, sequence: number): string => `${series}-${String(sequence).padStart(4, '0')}`;
