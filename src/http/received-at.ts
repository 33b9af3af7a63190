/**
 * "Diterima pada" on a staff form: when a complaint or a data request reached the office, typed
 * in the office's time zone. Blank means now; a time that is not real or lies in the future is
 * refused, in the form's own words. The complaint form and the data-request register both ask it,
 * so the rule is written once here.
 */
import { DateTime } from 'luxon';
import { z } from 'zod';

export interface ReceivedAtWords {
  /** The field's name in the form's messages ("Tanggal diterima", "Waktu diterima"). */
  label: string;
  /** Said when the value is longer than any date a form sends. */
  tooLong: string;
}

export function receivedAtField(tz: string, now: Date, words: ReceivedAtWords) {
  return z
    .string()
    .trim()
    .max(20, words.tooLong)
    .default('')
    .transform((v, ctx) => {
      if (!v) return now;
      const at = DateTime.fromISO(v, { zone: tz });
      const problem = !at.isValid ? `${words.label} tidak valid.` : at.toJSDate() > now ? `${words.label} tidak boleh di masa depan.` : null;
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      return at.toJSDate();
    });
}
