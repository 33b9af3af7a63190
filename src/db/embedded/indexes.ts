/**
 * Secondary indexes, kept the way MongoDB keeps them: an ordered B+ tree of compound keys (one
 * component per indexed field, in the field's direction, then the document's `_id`), so that
 *  - equality on a prefix of the fields, `$in`, a range on the next field and a sort on the
 *    fields after the equality prefix are answered by scanning one stretch of the tree
 *    (the planner in ./planner.ts decides which index and which stretches);
 *  - unique constraints (single/compound, sparse, partialFilterExpression) are checked against
 *    a hash of full keys in O(1), with E11000 errors shaped like mongod's;
 *  - TTL indexes sweep only the expired stretch of their date field.
 * Arrays are multikey: each element is indexed, as MongoDB does, and a multikey index no
 * longer answers sorts (MongoDB sorts arrays by their smallest or largest element instead).
 */
import type { Document } from 'bson';
import BTree from 'sorted-btree';
import { CommandError, ErrorCodes } from './errors';
import { compoundComparator, MAX_KEY, MIN_KEY } from './key-order';
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

/** One stretch of an index, as compound keys (inclusive; sentinels make bounds open). */
export interface KeyRange {
  low: unknown[];
  high: unknown[];
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
  /** 1 or -1 per field. */
  readonly directions: number[];
  /** Text/geo indexes are accepted and listed but never used for lookups or constraints. */
  readonly special: boolean;
  /** Some document had an array in an indexed field (never reset, as in MongoDB). */
  multikey = false;
  private readonly partial: ((doc: Doc) => boolean) | null;
  private readonly tree: BTree<unknown[], Doc>;
  /** Full keys of a unique index, for the duplicate check. */
  private readonly uniqueKeys = new Map<string, Set<Doc>>();

  constructor(spec: IndexSpec) {
    this.spec = spec;
    this.fields = Object.keys(spec.key);
    this.directions = Object.values(spec.key).map((t) => (Number(t) < 0 ? -1 : 1));
    this.special = Object.values(spec.key).some((t) => typeof t === 'string' && t !== 'hashed');
    this.partial = spec.partialFilterExpression ? compileFilter(spec.partialFilterExpression) : null;
    this.tree = new BTree<unknown[], Doc>(undefined, compoundComparator(this.directions));
  }

  get name(): string {
    return this.spec.name;
  }

  get unique(): boolean {
    return this.spec.unique === true && !this.special;
  }

  get size(): number {
    return this.tree.size;
  }

  covers(doc: Doc): boolean {
    if (this.special) return false;
    if (this.partial && !this.partial(doc)) return false;
    if (this.spec.sparse && this.fields.every((f) => getPath(doc, f) === undefined)) return false;
    return true;
  }

  /** Key entries of every field (cartesian product over multikey components). */
  private entries(doc: Doc): KeyEntry[] {
    let acc: Array<{ parts: string[]; values: unknown[] }> = [{ parts: [], values: [] }];
    for (const field of this.fields) {
      const comps = components(doc, field);
      const next: typeof acc = [];
      for (const a of acc) for (const c of comps) next.push({ parts: [...a.parts, canonicalKey(c)], values: [...a.values, c] });
      acc = next;
    }
    const seen = new Set<string>();
    const out: KeyEntry[] = [];
    for (const a of acc) {
      const key = JSON.stringify(a.parts);
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ key, values: a.values });
      }
    }
    return out;
  }

  add(doc: Doc): void {
    if (!this.covers(doc)) return;
    if (!this.multikey && this.fields.some((f) => Array.isArray(getPath(doc, f)))) this.multikey = true;
    const id = canonicalKey(doc._id);
    for (const { key, values } of this.entries(doc)) {
      this.tree.set([...values, id], doc);
      if (!this.unique) continue;
      let set = this.uniqueKeys.get(key);
      if (!set) this.uniqueKeys.set(key, (set = new Set()));
      set.add(doc);
    }
  }

  remove(doc: Doc): void {
    if (!this.covers(doc)) return;
    const id = canonicalKey(doc._id);
    for (const { key, values } of this.entries(doc)) {
      this.tree.delete([...values, id]);
      const set = this.uniqueKeys.get(key);
      if (!set) continue;
      set.delete(doc);
      if (set.size === 0) this.uniqueKeys.delete(key);
    }
  }

  /** The duplicate-key error `doc` would cause, ignoring the documents in `except`. */
  conflict(doc: Doc, ns: string, except?: Doc): CommandError | null {
    if (!this.unique || !this.covers(doc)) return null;
    for (const entry of this.entries(doc)) {
      const set = this.uniqueKeys.get(entry.key);
      if (!set) continue;
      for (const other of set) if (other !== except && other !== doc) return duplicateKeyError(ns, this.spec, entry.values);
    }
    return null;
  }

  /** Documents in key order over the given stretches (each document once), or backwards. */
  *scan(ranges: readonly KeyRange[], reverse = false): Generator<Doc> {
    const compare = compoundComparator(this.directions);
    const seen = ranges.length > 1 || this.multikey ? new Set<Doc>() : null;
    for (const { low, high } of reverse ? [...ranges].reverse() : ranges) {
      const walk = reverse ? this.tree.entriesReversed(high) : this.tree.entries(low);
      for (const [key, doc] of walk) {
        if (reverse ? compare(key, low) < 0 : compare(key, high) > 0) break;
        if (seen) {
          if (seen.has(doc)) continue;
          seen.add(doc);
        }
        yield doc;
      }
    }
  }

  /** The whole index as one stretch. */
  everything(): KeyRange {
    const pad = (s: symbol) => [...this.fields.map(() => s), s];
    return { low: pad(MIN_KEY), high: pad(MAX_KEY) };
  }

  /**
   * `newDoc` takes `oldDoc`'s place. Most updates leave the indexed fields alone (a session's
   * state, a ticket's history): then only the stored reference changes, with no tree rebalancing.
   */
  replace(oldDoc: Doc, newDoc: Doc): void {
    const covered = this.covers(oldDoc);
    if (covered !== this.covers(newDoc)) {
      this.remove(oldDoc);
      this.add(newDoc);
      return;
    }
    if (!covered) return;
    const before = this.entries(oldDoc);
    const after = this.entries(newDoc);
    if (before.length !== after.length || before.some((e, i) => e.key !== after[i].key)) {
      this.remove(oldDoc);
      this.add(newDoc);
      return;
    }
    if (!this.multikey && this.fields.some((f) => Array.isArray(getPath(newDoc, f)))) this.multikey = true;
    const id = canonicalKey(newDoc._id);
    for (const { key, values } of after) {
      this.tree.set([...values, id], newDoc);
      const set = this.uniqueKeys.get(key);
      if (set) {
        set.delete(oldDoc);
        set.add(newDoc);
      }
    }
  }

  clear(): void {
    this.tree.clear();
    this.uniqueKeys.clear();
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
