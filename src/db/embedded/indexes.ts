/**
 * Secondary indexes. Each index keeps, for every key prefix length, a Map from canonical key
 * to the set of documents carrying it, so that:
 *  - unique constraints (single/compound, sparse, partialFilterExpression) are checked in O(1)
 *    per key instead of by scanning the collection, with E11000 errors shaped like mongod's;
 *  - equality filters on an indexed field (or compound prefix) fetch candidates directly;
 *  - TTL indexes know which Date field to sweep.
 * Arrays are multikey: each element is indexed, as MongoDB does.
 */
import type { Document } from 'bson';
import { CommandError, ErrorCodes } from './errors';
import { compileFilter } from './matcher';
import { canonicalKey, getPath, shellString, type Doc } from './values';

export interface IndexSpec {
  v: number;
  key: Document;
  name: string;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
  [option: string]: unknown;
}

interface KeyEntry {
  key: string;
  values: unknown[];
}

/** Components of a value at one path: one per array element (multikey), else the value itself. */
function components(doc: Doc, path: string): unknown[] {
  const v = getPath(doc, path);
  if (Array.isArray(v)) return v.length ? v : [undefined];
  return [v];
}

export function defaultIndexName(key: Document): string {
  return Object.entries(key)
    .map(([k, v]) => `${k}_${String(v)}`)
    .join('_');
}

export class Index {
  readonly spec: IndexSpec;
  readonly fields: string[];
  /** Text/geo indexes are accepted and listed but never used for lookups or constraints. */
  readonly special: boolean;
  private readonly partial: ((doc: Doc) => boolean) | null;
  private readonly maps: Array<Map<string, Set<Doc>>>;

  constructor(spec: IndexSpec) {
    this.spec = spec;
    this.fields = Object.keys(spec.key);
    this.special = Object.values(spec.key).some((t) => typeof t === 'string' && t !== 'hashed');
    this.partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : null;
    this.maps = this.fields.map(() => new Map());
  }

  get name(): string {
    return this.spec.name;
  }

  get unique(): boolean {
    return this.spec.unique === true && !this.special;
  }

  /** Usable for equality lookups: every document is present in it. */
  get complete(): boolean {
    return !this.special && !this.partial && !this.spec.sparse;
  }

  covers(doc: Doc): boolean {
    if (this.special) return false;
    if (this.partial && !this.partial(doc)) return false;
    if (this.spec.sparse && this.fields.every((f) => getPath(doc, f) === undefined)) return false;
    return true;
  }

  /** Key entries for the first `length` fields (cartesian product over multikey components). */
  private entries(doc: Doc, length: number): KeyEntry[] {
    let acc: Array<{ parts: string[]; values: unknown[] }> = [{ parts: [], values: [] }];
    for (let i = 0; i < length; i++) {
      const comps = components(doc, this.fields[i]);
      const next: typeof acc = [];
      for (const a of acc) for (const c of comps) next.push({ parts: [...a.parts, canonicalKey(c)], values: [...a.values, c] });
      acc = next;
    }
    const seen = new Set<string>();
    const out: KeyEntry[] = [];
    for (const a of acc) {
      const key = a.parts.length === 1 ? a.parts[0] : JSON.stringify(a.parts);
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ key, values: a.values });
      }
    }
    return out;
  }

  add(doc: Doc): void {
    if (!this.covers(doc)) return;
    for (let len = 1; len <= this.fields.length; len++) {
      const map = this.maps[len - 1];
      for (const { key } of this.entries(doc, len)) {
        let set = map.get(key);
        if (!set) map.set(key, (set = new Set()));
        set.add(doc);
      }
    }
  }

  remove(doc: Doc): void {
    if (!this.covers(doc)) return;
    for (let len = 1; len <= this.fields.length; len++) {
      const map = this.maps[len - 1];
      for (const { key } of this.entries(doc, len)) {
        const set = map.get(key);
        if (!set) continue;
        set.delete(doc);
        if (set.size === 0) map.delete(key);
      }
    }
  }

  /** The duplicate-key error `doc` would cause, ignoring the documents in `except`. */
  conflict(doc: Doc, ns: string, except?: Doc): CommandError | null {
    if (!this.unique || !this.covers(doc)) return null;
    const map = this.maps[this.fields.length - 1];
    for (const entry of this.entries(doc, this.fields.length)) {
      const set = map.get(entry.key);
      if (!set) continue;
      for (const other of set) if (other !== except && other !== doc) return duplicateKeyError(ns, this.spec, entry.values);
    }
    return null;
  }

  /** Documents whose first `values.length` fields equal the given values (one candidate per value). */
  lookup(prefixValues: unknown[][]): Set<Doc> | null {
    let keys: string[][] = [[]];
    for (const vals of prefixValues) {
      const next: string[][] = [];
      for (const k of keys) for (const v of vals) next.push([...k, canonicalKey(v)]);
      keys = next;
      if (keys.length > 1000) return null;
    }
    const map = this.maps[prefixValues.length - 1];
    const out = new Set<Doc>();
    for (const parts of keys) {
      const set = map.get(parts.length === 1 ? parts[0] : JSON.stringify(parts));
      if (set) for (const d of set) out.add(d);
    }
    return out;
  }

  clear(): void {
    for (const m of this.maps) m.clear();
  }
}

export function duplicateKeyError(ns: string, spec: IndexSpec, values: unknown[]): CommandError {
  const keyPattern: Document = {};
  const keyValue: Document = {};
  Object.keys(spec.key).forEach((field, i) => {
    keyPattern[field] = spec.key[field];
    keyValue[field] = values[i] === undefined ? null : values[i];
  });
  const dup = Object.keys(keyValue)
    .map((k) => `${k}: ${shellString(keyValue[k])}`)
    .join(', ');
  return new CommandError(
    ErrorCodes.DuplicateKey,
    `E11000 duplicate key error collection: ${ns} index: ${spec.name} dup key: { ${dup} }`,
    { keyPattern, keyValue },
  );
}

/** Equality values a filter pins for `path` (from `path: v`, `$eq`, `$in`, and `$and` members). */
export function equalityValues(filter: Document, path: string): unknown[] | null {
  let result: unknown[] | null = null;
  const consider = (cond: unknown): void => {
    const vals = valuesOf(cond);
    if (vals && (result === null || vals.length < result.length)) result = vals;
  };
  if (Object.prototype.hasOwnProperty.call(filter, path)) consider(filter[path]);
  if (Array.isArray(filter.$and)) {
    for (const clause of filter.$and) {
      if (clause && typeof clause === 'object' && Object.prototype.hasOwnProperty.call(clause, path)) consider((clause as Document)[path]);
    }
  }
  return result;
}

function plainScalar(v: unknown): boolean {
  // null also matches "missing" and arrays match by containment or whole-array equality, so
  // neither is answered from the index; regexes are not equality.
  return v !== null && v !== undefined && !Array.isArray(v) && !(v instanceof RegExp);
}

function valuesOf(cond: unknown): unknown[] | null {
  if (cond !== null && typeof cond === 'object' && !Array.isArray(cond) && Object.getPrototypeOf(cond) === Object.prototype) {
    const obj = cond as Document;
    const keys = Object.keys(obj);
    if (keys.length && keys.every((k) => k.startsWith('$'))) {
      if ('$eq' in obj) return plainScalar(obj.$eq) ? [obj.$eq] : null;
      if (Array.isArray(obj.$in) && obj.$in.every(plainScalar)) return obj.$in.slice();
      return null;
    }
    if (keys.some((k) => k.startsWith('$'))) return null;
    return [cond]; // exact embedded-document equality
  }
  return plainScalar(cond) ? [cond] : null;
}

export function validateIndexSpec(raw: Document): IndexSpec {
  const key = raw.key;
  if (!key || typeof key !== 'object' || Object.keys(key).length === 0) {
    throw new CommandError(ErrorCodes.BadValue, "Error in specification { key: {} }: index keys cannot be empty");
  }
  const name = typeof raw.name === 'string' && raw.name ? raw.name : defaultIndexName(key as Document);
  const { v: _v, key: _k, name: _n, ns: _ns, ...rest } = raw;
  const spec: IndexSpec = { v: 2, key: key as Document, name, ...rest };
  if (spec.expireAfterSeconds !== undefined) spec.expireAfterSeconds = Number(spec.expireAfterSeconds);
  return spec;
}
