/**
 * CSV cells that a spreadsheet would run as a formula are defused with a leading apostrophe:
 * at the start of the cell, and after every ";" too, because Excel set up for Indonesia uses
 * ";" as its list separator and splits such a cell into several, each of which could start one.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const AFTER_SEPARATOR = /;(\s*)([=+\-@])/g;

export function spreadsheetSafe(value: string): string {
  const inner = value.replace(AFTER_SEPARATOR, ";$1'$2");
  return FORMULA_START.test(inner) ? `'${inner}` : inner;
}
