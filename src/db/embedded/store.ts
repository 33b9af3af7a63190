/**
 * In-memory databases and collections. A collection owns its documents (a Map keyed by the
 * canonical `_id`, which doubles as the `_id_` index and preserves natural/insertion order)
 * plus its secondary indexes. Every write goes through `insert`/`replace`/`remove` here so
 * unique constraints and index maps can never drift from the documents.
 */
import { ObjectId, UUID, type Document } from 'bson';
import { CommandError, ErrorCodes } from './errors';
import { Index, duplicateKeyError, validateIndexSpec, type IndexSpec } from './indexes';
import { compileFilter } from './matcher';
import { MAX_KEY, MIN_KEY } from './key-order';
import { candidatePlans, choosePlan, planDocs, type Plan } from './planner';
import { canonicalKey, detachBinaries, isPlainObject, type Doc } from './values';

const EARLIEST_DATE = new Date(-8.64e15);

export const ID_INDEX: IndexSpec = { v: 2, key: { _id: 1 }, name: '_id_' };

export class Collection {
  readonly uuid = new UUID();
  readonly docs = new Map<string, Doc>();
  readonly indexes: Index[] = [];

  constructor(
    readonly db: Database,
    readonly name: string,
    readonly options: Document = {},
  ) {}

  get ns(): string {
    return `${this.db.name}.${this.name}`;
  }

  indexSpecs(): IndexSpec[] {
    return [ID_INDEX, ...this.indexes.map((i) => i.spec)];
  }

  /** Adds a document; `_id` is generated (and moved first, as mongod does) when missing. */
  insert(input: Doc): Doc {
    let doc = input;
    if (doc._id === undefined) doc = { _id: new ObjectId(), ...doc };
    else if (Object.keys(doc)[0] !== '_id') doc = { _id: doc._id, ...doc };
    validateId(doc._id);
    const id = canonicalKey(doc._id);
    detachBinaries(doc);
    if (this.docs.has(id)) throw duplicateKeyError(this.ns, ID_INDEX, [doc._id]);
    for (const index of this.indexes) {
      const err = index.conflict(doc, this.ns);
      if (err) throw err;
    }
    this.docs.set(id, doc);
    for (const index of this.indexes) index.add(doc);
    return doc;
  }

  /** Swaps `oldDoc` for `newDoc` (same `_id`), checking unique indexes first. */
  replace(oldDoc: Doc, newDoc: Doc): void {
    const id = canonicalKey(oldDoc._id);
    if (newDoc._id === undefined) newDoc = { _id: oldDoc._id, ...newDoc };
    else if (canonicalKey(newDoc._id) !== id) {
      throw new CommandError(
        ErrorCodes.ImmutableField,
        `Performing an update on the path '_id' would modify the immutable field '_id'`,
      );
    }
    detachBinaries(newDoc);
    for (const index of this.indexes) {
      const err = index.conflict(newDoc, this.ns, oldDoc);
      if (err) throw err;
    }
    this.docs.set(id, newDoc);
    for (const index of this.indexes) index.replace(oldDoc, newDoc);
  }

  remove(doc: Doc): void {
    const id = canonicalKey(doc._id);
    if (this.docs.get(id) !== doc) return;
    this.docs.delete(id);
    for (const index of this.indexes) index.remove(doc);
  }

  clear(): void {
    this.docs.clear();
    for (const index of this.indexes) index.clear();
  }

  /** How `filter` (and `sort`) would be answered: see ./planner.ts. */
  plan(filter: Document | undefined | null, sort?: Document, compiled?: (doc: Doc) => boolean): Plan {
    const branchPick = (plans: Plan[], branch: Document) => choosePlan(plans, this.docs, () => compileFilter(branch));
    return choosePlan(candidatePlans(this.indexes, filter, sort, branchPick), this.docs, () => compiled ?? compileFilter(filter), sort);
  }

  /** Documents that may match `filter`, from an index when one applies. Callers apply the filter. */
  candidates(filter: Document | undefined | null): Iterable<Doc> {
    return planDocs(this.plan(filter), this.docs);
  }

  createIndex(raw: Document): { created: boolean } {
    const spec = validateIndexSpec(raw);
    const keyStr = JSON.stringify(spec.key);
    // The _id index always exists; asking for it again is a no-op, as on mongod.
    if (spec.name === '_id_' || keyStr === JSON.stringify(ID_INDEX.key)) return { created: false };
    for (const existing of this.indexes) {
      const sameKey = JSON.stringify(existing.spec.key) === keyStr;
      if (existing.name === spec.name) {
        if (sameKey && sameOptions(existing.spec, spec)) return { created: false };
        throw new CommandError(
          sameKey ? ErrorCodes.IndexOptionsConflict : ErrorCodes.IndexKeySpecsConflict,
          `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing.spec)}`,
        );
      }
      if (sameKey && sameFilter(existing.spec, spec)) {
        if (sameOptions(existing.spec, spec)) return { created: false };
        throw new CommandError(
          ErrorCodes.IndexOptionsConflict,
          `An equivalent index already exists with the same name but different options. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing.spec)}`,
        );
      }
    }
    const index = new Index(spec);
    for (const doc of this.docs.values()) {
      const err = index.conflict(doc, this.ns);
      if (err) {
        index.clear();
        throw err;
      }
      index.add(doc);
    }
    this.indexes.push(index);
    return { created: true };
  }

  dropIndex(which: unknown): void {
    let pos = -1;
    if (typeof which === 'string') pos = this.indexes.findIndex((i) => i.name === which);
    else if (isPlainObject(which)) pos = this.indexes.findIndex((i) => JSON.stringify(i.spec.key) === JSON.stringify(which));
    if (which === '_id_' || (isPlainObject(which) && JSON.stringify(which) === '{"_id":1}')) {
      throw new CommandError(ErrorCodes.InvalidOptions, 'cannot drop _id index');
    }
    if (pos < 0) {
      const desc = typeof which === 'string' ? which : JSON.stringify(which);
      throw new CommandError(ErrorCodes.IndexNotFound, `index not found with name [${desc}]`);
    }
    this.indexes.splice(pos, 1);
  }
}

const COMPARED_OPTIONS = ['unique', 'sparse', 'expireAfterSeconds', 'partialFilterExpression'];

function sameFilter(a: IndexSpec, b: IndexSpec): boolean {
  return JSON.stringify(a.partialFilterExpression ?? null) === JSON.stringify(b.partialFilterExpression ?? null);
}

function sameOptions(a: IndexSpec, b: IndexSpec): boolean {
  return COMPARED_OPTIONS.every((o) => JSON.stringify(a[o] ?? (o === 'unique' || o === 'sparse' ? false : null)) === JSON.stringify(b[o] ?? (o === 'unique' || o === 'sparse' ? false : null)));
}

function validateId(id: unknown): void {
  if (Array.isArray(id)) throw new CommandError(ErrorCodes.BadValue, `The '_id' value cannot be of type array`);
  if (id instanceof RegExp) throw new CommandError(ErrorCodes.BadValue, `The '_id' value cannot be of type regex`);
}

export class Database {
  readonly collections = new Map<string, Collection>();
  constructor(readonly name: string) {}

  get(name: string): Collection | undefined {
    return this.collections.get(name);
  }

  /** Implicit creation on first write, as MongoDB does. */
  ensure(name: string, options: Document = {}): { coll: Collection; created: boolean } {
    const existing = this.collections.get(name);
    if (existing) return { coll: existing, created: false };
    validateCollectionName(name);
    const coll = new Collection(this, name, options);
    this.collections.set(name, coll);
    return { coll, created: true };
  }
}

function validateCollectionName(name: string): void {
  if (!name || name.includes('$') || name.includes('\0') || name.startsWith('.') || name.startsWith('system.')) {
    throw new CommandError(ErrorCodes.InvalidNamespace, `Invalid collection name: ${name}`);
  }
}

export class Store {
  readonly databases = new Map<string, Database>();

  db(name: string): Database {
    let db = this.databases.get(name);
    if (!db) {
      if (!name || /[/\\. "$\0]/.test(name)) throw new CommandError(ErrorCodes.InvalidNamespace, `Invalid database name: '${name}'`);
      db = new Database(name);
      this.databases.set(name, db);
    }
    return db;
  }

  peek(db: string, coll: string): Collection | undefined {
    return this.databases.get(db)?.collections.get(coll);
  }

  /**
   * Deletes documents whose TTL index date is older than expireAfterSeconds, reading only the
   * expired stretch of the index (dates sort after every other type, so the stretch starts at
   * the earliest date; a multikey array expires with its earliest date, as in MongoDB).
   */
  sweepTtl(now = Date.now()): number {
    let removed = 0;
    for (const db of this.databases.values()) {
      for (const coll of db.collections.values()) {
        for (const index of coll.indexes) {
          const secs = index.spec.expireAfterSeconds;
          if (typeof secs !== 'number' || !Number.isFinite(secs) || index.fields.length !== 1) continue;
          const cutoff = new Date(now - secs * 1000);
          const expiredRange =
            index.directions[0] > 0 ? { low: [EARLIEST_DATE, MIN_KEY], high: [cutoff, MAX_KEY] } : { low: [cutoff, MIN_KEY], high: [EARLIEST_DATE, MAX_KEY] };
          const expired = [...index.scan([expiredRange])];
          for (const doc of expired) coll.remove(doc);
          removed += expired.length;
        }
      }
    }
    return removed;
  }
}
