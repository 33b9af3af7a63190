/**
 * A rule for the names and notes people type: no control characters (a NUL, an escape
 * sequence, a bidirectional override can forge what a log line or a page shows), except
 * line breaks and tabs where a note may have them.
 */
import { z } from 'zod';

/** C0/C1 controls, DEL, and the Unicode bidirectional overrides and isolates. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_OR_BREAK = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

export const hasNoControlCharacters = (value: string) => !CONTROL.test(value);
/** A name is one line: no line breaks or tabs either. */
export const isOneLine = (value: string) => !CONTROL_OR_BREAK.test(value);

/** Refines a string schema: `name` keeps to one line, `note` may have line breaks. */
export function plain<S extends z.ZodType<string>>(schema: S, kind: 'name' | 'note', message = 'must not contain control characters'): S {
  return schema.refine(kind === 'name' ? isOneLine : hasNoControlCharacters, message) as unknown as S;
}
