/**
 * The order MongoDB keeps index keys in, so ordered indexes can answer ranges and sorts.
 * Types sort by MongoDB's comparison order (null/missing < numbers < strings < objects <
 * arrays < binary < ObjectId < booleans < dates < timestamps < regexes); within a type by value.
 * Numbers of every BSON width compare numerically, as in MongoDB. Strings compare by UTF-16
 * code unit (MongoDB: UTF-8 bytes; the two differ only between astral and high-BMP characters).
 * Objects and arrays compare by their canonical key string: deterministic, not MongoDB's exact
 * order, which is fine because the application never ranges or sorts over embedded documents.
 */
import { Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp } from 'bson';
import { canonicalKey, isPlainObject } from './values';

/** Bound sentinels: below and above every key component, whatever the field's direction. */
export const MIN_KEY = Symbol('MinKey');
export const MAX_KEY = Symbol('MaxKey');

function bracket(v: unknown): number {
  if (v === null || v === undefined) return 1;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 2;
    case 'string':
      return 3;
    case 'boolean':
      return 8;
    default:
      break;
  }
  if (v instanceof Long || v instanceof Decimal128 || v instanceof Int32 || v instanceof Double) return 2;
  if (v instanceof Date) return 9;
  if (v instanceof ObjectId) return 7;
  if (v instanceof Binary) return 6;
  if (v instanceof Timestamp) return 10;
  if (v instanceof RegExp) return 11;
  if (Array.isArray(v)) return 5;
  if (isPlainObject(v)) return 4;
  return 12;
}

function asNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Long) return v.toNumber();
  if (v instanceof Decimal128) return Number(v.toString());
  return (v as Int32 | Double).valueOf();
}

const order = <T>(a: T, b: T) => (a < b ? -1 : a > b ? 1 : 0);

/** One key component against another, ascending. */
export function compareKeyValues(a: unknown, b: unknown): number {
  const ba = bracket(a);
  const bb = bracket(b);
  if (ba !== bb) return ba - bb;
  switch (ba) {
    case 1:
      return 0;
    case 2:
      return order(asNumber(a), asNumber(b));
    case 3:
    case 8:
      return order(a as string, b as string);
    case 9:
      return order((a as Date).getTime(), (b as Date).getTime());
    case 7:
      return order((a as ObjectId).toHexString(), (b as ObjectId).toHexString());
    case 10:
      return (a as Timestamp).compare(b as Timestamp);
    default:
      return order(canonicalKey(a), canonicalKey(b));
  }
}

/**
 * A comparator for compound keys (one component per index field, then the document's `_id`
 * key as a tie-breaker) honouring each field's direction; sentinels sort outside everything.
 */
export function compoundComparator(directions: readonly number[]): (a: readonly unknown[], b: readonly unknown[]) => number {
  return (a, b) => {
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      const y = b[i];
      if (x === y) continue;
      if (x === MIN_KEY || y === MAX_KEY) return -1;
      if (x === MAX_KEY || y === MIN_KEY) return 1;
      const c = i < directions.length ? compareKeyValues(x, y) * directions[i] : order(x as string, y as string);
      if (c !== 0) return c;
    }
    return 0;
  };
}
