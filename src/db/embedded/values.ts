/**
 * Helpers over deserialized BSON values: canonical index keys, copy-on-write cloning, and the
 * numeric view used to compare Long/Decimal128 with plain numbers.
 *
 * Documents are stored exactly as `bson.deserialize` produced them (Long and Decimal128 kept as
 * objects so they serialize back byte-exact; int32/double promoted to JS numbers because that is
 * what mongoose and mingo work with). Stored documents are never mutated in place: an update
 * clones, modifies the clone and swaps it in, so open cursors and index sets stay consistent.
 */
import { Binary, Decimal128, Double, Int32, Long, ObjectId, Timestamp, UUID, type Document } from 'bson';

export type Doc = Document;

export function isPlainObject(v: unknown): v is Document {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Deep copy of plain objects/arrays/Dates; BSON value objects are immutable in practice and shared. */
export function cloneValue<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(cloneValue) as T;
  if (v instanceof Date) return new Date(v.getTime()) as T;
  if (isPlainObject(v)) {
    const out: Document = {};
    const src = v as Document;
    for (const k of Object.keys(src)) out[k] = cloneValue(src[k]);
    return out as T;
  }
  return v;
}

/**
 * bson's deserializer makes Binary values views into the received message buffer; storing
 * such a view would pin the whole (possibly 48 MB) frame in memory. Before a document is
 * stored, Binary values are given their own bytes, in place (the document is engine-owned).
 */
export function detachBinaries(v: unknown): void {
  if (v === null || typeof v !== 'object') return;
  const fix = (x: unknown): unknown => {
    if (x instanceof Binary) {
      const bytes = Buffer.from(x.buffer.subarray(0, x.position));
      return x instanceof UUID ? new UUID(bytes) : new Binary(bytes, x.sub_type);
    }
    detachBinaries(x);
    return x;
  };
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (v[i] !== null && typeof v[i] === 'object') v[i] = fix(v[i]);
  } else if (isPlainObject(v)) {
    for (const k of Object.keys(v)) if (v[k] !== null && typeof v[k] === 'object') v[k] = fix(v[k]);
  }
}

/** Numeric BSON wrappers as JS numbers (NaN-free); anything else returned unchanged. */
export function numericValue(v: unknown): unknown {
  if (v instanceof Long) return v.toNumber();
  if (v instanceof Decimal128) return Number(v.toString());
  if (v instanceof Int32 || v instanceof Double) return v.valueOf();
  return v;
}

export function isNumericWrapper(v: unknown): boolean {
  return v instanceof Long || v instanceof Decimal128 || v instanceof Int32 || v instanceof Double;
}

/** Recursively replaces Long/Decimal128 by numbers, sharing every untouched subtree. */
export function numericView(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (isNumericWrapper(v)) return numericValue(v);
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const n = numericView(v[i]);
      if (n !== v[i]) (out ??= v.slice())[i] = n;
    }
    return out ?? v;
  }
  if (isPlainObject(v)) {
    let out: Document | null = null;
    for (const k of Object.keys(v)) {
      const n = numericView(v[k]);
      if (n !== v[k]) (out ??= { ...v })[k] = n;
    }
    return out ?? v;
  }
  return v;
}

/**
 * Canonical string for one index key component. Values MongoDB considers equal (1, 1.0,
 * Long(1), Decimal128("1.0"); null and missing) map to the same string; distinct BSON types
 * never collide because of the one-letter type prefix.
 */
export function canonicalKey(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return 's' + v;
    case 'number':
      return 'n' + (v === 0 ? 0 : v);
    case 'boolean':
      return v ? 'b1' : 'b0';
    case 'undefined':
      return 'z';
    case 'bigint':
      return 'n' + v.toString();
    default:
      break;
  }
  if (v === null) return 'z';
  if (v instanceof ObjectId) return 'o' + v.toHexString();
  if (v instanceof Date) return 'd' + v.getTime();
  if (v instanceof Long) return 'n' + v.toString();
  if (v instanceof Decimal128) {
    const n = Number(v.toString());
    return Number.isFinite(n) ? 'n' + (n === 0 ? 0 : n) : 'D' + v.toString();
  }
  if (v instanceof Int32 || v instanceof Double) return 'n' + v.valueOf();
  if (v instanceof Binary) return 'x' + v.sub_type + ':' + Buffer.from(v.buffer).toString('base64');
  if (v instanceof RegExp) return 'r' + v.source + '/' + v.flags;
  if (v instanceof Timestamp) return 't' + v.toString();
  if (Array.isArray(v)) return 'a' + JSON.stringify(v.map(canonicalKey));
  if (isPlainObject(v)) return 'O' + JSON.stringify(Object.keys(v).map((k) => [k, canonicalKey(v[k])]));
  const name = (v as object).constructor?.name ?? 'object';
  return 'X' + name + ':' + String(v);
}

/** Reads a dotted path without array traversal semantics (callers expand arrays themselves). */
export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur)) {
      if (/^\d+$/.test(part)) cur = cur[Number(part)];
      else {
        // Multikey: collect the field from every element (MongoDB indexes each one).
        const values = cur.map((el) => getPath(el, part)).filter((x) => x !== undefined);
        cur = values.length ? values.flat() : undefined;
      }
      continue;
    }
    cur = (cur as Document)[part];
  }
  return cur;
}

/** Rendering of a value as the real server prints it inside E11000 messages. */
export function shellString(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof ObjectId) return `ObjectId('${v.toHexString()}')`;
  if (v instanceof Date) return `new Date(${v.getTime()})`;
  if (v instanceof Long) return v.toString();
  if (v instanceof Decimal128) return `Decimal128('${v.toString()}')`;
  if (Array.isArray(v)) return '[ ' + v.map(shellString).join(', ') + ' ]';
  if (isPlainObject(v)) {
    const keys = Object.keys(v);
    return keys.length ? '{ ' + keys.map((k) => `${k}: ${shellString(v[k])}`).join(', ') + ' }' : '{}';
  }
  return String(v);
}
