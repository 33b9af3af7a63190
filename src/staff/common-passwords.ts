/**
 * The common-password list behind the password rule: zxcvbn-ts's list of the most used
 * passwords (from breach corpora), plus a few the office itself would pick. Loaded once.
 */
import { dictionary } from '@zxcvbn-ts/language-common';

const LOCAL = ['dinsos', 'dinassosial', 'banjarmasin', 'bismillah', 'indonesia', 'rahasia', 'katasandi', 'admin', 'administrator'];

let list: Set<string> | null = null;
const common = () => (list ??= new Set([...(dictionary['passwords-common'] as string[]), ...LOCAL]));

/** True for a listed password, ignoring case and the digits or symbols tacked on either end. */
export function isCommonPassword(password: string): boolean {
  const lower = password.trim().toLowerCase();
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  return common().has(lower) || (core.length > 0 && common().has(core));
}
