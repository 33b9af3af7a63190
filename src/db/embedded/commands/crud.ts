/**
 * Document commands: insert, find/getMore/killCursors, update, delete, findAndModify, count,
 * distinct. Write replies follow mongod's shapes exactly (`n`, `nModified`, `upserted`,
 * `writeErrors[{index, code, errmsg, keyPattern, keyValue}]`, `lastErrorObject`) because the
 * driver turns those fields into the errors and results mongoose exposes.
 */
import type { Document } from 'bson';
import { CommandError, ErrorCodes, errorReply } from '../errors';
import { applyUpdateOperators, compileFilter, project, sortDocs } from '../matcher';
import { planDocs, planIsSorted } from '../planner';
import type { Collection } from '../store';
import { canonicalKey, cloneValue, getPath, isNumericWrapper, isPlainObject, shellString, type Doc } from '../values';
import { collectionName, optionalDoc, optionalNumber, type Handler } from './types';

export interface MatchOptions {
  sort?: Document;
  skip?: number;
  limit?: number;
}

/**
 * Matching documents in result order. The planner picks the index; when the index already
 * yields the sort order (or none is asked), reading stops at `limit`, so a sorted, limited
 * query reads only what it returns, as on MongoDB.
 */
export function findMatches(coll: Collection | undefined, filter: Document | undefined, opts: MatchOptions = {}): Doc[] {
  if (!coll) return [];
  const test = compileFilter(filter);
  const skip = Math.max(0, opts.skip ?? 0);
  const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
  let sort = opts.sort && Object.keys(opts.sort).length ? opts.sort : undefined;
  let reverse = false;
  if (sort && '$natural' in sort) {
    reverse = Number(sort.$natural) < 0;
    sort = undefined;
  }
  const plan = coll.plan(filter, sort, test);
  if (!reverse && planIsSorted(plan, sort)) {
    const out: Doc[] = [];
    let skipped = 0;
    for (const doc of planDocs(plan, coll.docs)) {
      if (!test(doc)) continue;
      if (skipped < skip) {
        skipped++;
        continue;
      }
      out.push(doc);
      if (out.length >= limit) break;
    }
    return out;
  }
  let all: Doc[] = [];
  for (const doc of planDocs(plan, coll.docs)) if (test(doc)) all.push(doc);
  if (reverse) all.reverse();
  if (sort) all = sortDocs(all, sort);
  return all.slice(skip, limit === Infinity ? undefined : skip + limit);
}

function requireDocs(v: unknown, field: string): Document[] {
  if (!Array.isArray(v)) throw new CommandError(ErrorCodes.TypeMismatch, `BSON field '${field}' is missing or is not an array`);
  return v as Document[];
}

function writeError(index: number, err: unknown): Document {
  const reply = errorReply(err);
  const out: Document = { index, code: reply.code, errmsg: reply.errmsg };
  if (reply.keyPattern) out.keyPattern = reply.keyPattern;
  if (reply.keyValue) out.keyValue = reply.keyValue;
  return out;
}

const insert: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'insert');
  const docs = requireDocs(cmd.documents, 'insert.documents');
  const ordered = cmd.ordered !== false;
  const { coll } = ctx.store.db(ctx.db).ensure(name);
  let n = 0;
  const writeErrors: Document[] = [];
  for (let i = 0; i < docs.length; i++) {
    try {
      if (!isPlainObject(docs[i])) throw new CommandError(ErrorCodes.TypeMismatch, 'document to insert must be an object');
      coll.insert(docs[i]);
      n++;
    } catch (err) {
      writeErrors.push(writeError(i, err));
      if (ordered) break;
    }
  }
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

const find: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'find');
  const filter = optionalDoc(cmd.filter, 'filter');
  const projection = optionalDoc(cmd.projection, 'projection');
  let limit = optionalNumber(cmd.limit, 'limit') ?? 0;
  let singleBatch = cmd.singleBatch === true;
  if (limit < 0) {
    limit = -limit;
    singleBatch = true;
  }
  const docs = findMatches(ctx.store.peek(ctx.db, name), filter, {
    sort: optionalDoc(cmd.sort, 'sort'),
    skip: optionalNumber(cmd.skip, 'skip'),
    limit,
  });
  return ctx.cursors.start(`${ctx.db}.${name}`, docs, {
    batchSize: optionalNumber(cmd.batchSize, 'batchSize'),
    singleBatch,
    projection,
  });
};

const getMore: Handler = (cmd, ctx) =>
  ctx.cursors.getMore(cmd.getMore, collectionName(cmd, 'collection'), ctx.db, optionalNumber(cmd.batchSize, 'batchSize'));

const killCursors: Handler = (cmd, ctx) => {
  collectionName(cmd, 'killCursors');
  return ctx.cursors.kill(Array.isArray(cmd.cursors) ? cmd.cursors : []);
};

function isOperatorUpdate(u: Document): boolean {
  const keys = Object.keys(u);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length && ops.length !== keys.length) {
    throw new CommandError(ErrorCodes.FailedToParse, `Unknown modifier: ${keys.find((k) => !k.startsWith('$'))}. Expected a valid update modifier or pipeline-style update specified as an array`);
  }
  return ops.length > 0;
}

function checkUpdate(u: unknown): Document {
  if (Array.isArray(u)) {
    throw new CommandError(ErrorCodes.CommandNotSupported, 'Pipeline-style updates are not supported by the embedded engine; use update operators ($set, $inc, ...) or a replacement document.');
  }
  if (!isPlainObject(u)) throw new CommandError(ErrorCodes.FailedToParse, 'Update argument must be an object');
  return u;
}

/** Fields a query pins by equality, used as the base of an upserted document. */
function seedFromQuery(q: Document | undefined): Document {
  const seed: Document = {};
  const sets: Document = {};
  const visit = (filter: Document): void => {
    for (const [k, v] of Object.entries(filter)) {
      if (k === '$and' && Array.isArray(v)) v.forEach((c) => isPlainObject(c) && visit(c));
      if (k.startsWith('$')) continue;
      if (isPlainObject(v) && Object.keys(v).some((x) => x.startsWith('$'))) {
        if ('$eq' in v) sets[k] = v.$eq;
        continue;
      }
      if (v instanceof RegExp) continue;
      sets[k] = v;
    }
  };
  if (q) visit(q);
  // mingo (rightly) refuses to $set _id, so the pinned _id is placed directly.
  if (sets._id !== undefined) seed._id = cloneValue(sets._id);
  delete sets._id;
  if (Object.keys(sets).length) applyUpdateOperators(seed, { $set: cloneValue(sets) }, {});
  return seed;
}

interface Modification {
  newDoc: Doc;
  changed: boolean;
}

function modify(doc: Doc, u: Document, q: Document, arrayFilters: Document[] | undefined): Modification {
  if (!isOperatorUpdate(u)) {
    if (u._id !== undefined && canonicalKey(u._id) !== canonicalKey(doc._id)) {
      throw new CommandError(ErrorCodes.ImmutableField, `After applying the update, the (immutable) field '_id' was found to have been altered to _id: ${String(u._id)}`);
    }
    const newDoc: Doc = { _id: doc._id, ...cloneValue(u) };
    return { newDoc, changed: canonicalKey(newDoc) !== canonicalKey(doc) };
  }
  const { $setOnInsert: _ignored, ...ops } = u;
  checkArithmeticTargets(doc, ops);
  const newDoc = cloneValue(doc);
  const changed = Object.keys(ops).length ? applyUpdateOperators(newDoc, ops, q, arrayFilters) : false;
  if (changed && canonicalKey(newDoc._id) !== canonicalKey(doc._id)) {
    throw new CommandError(ErrorCodes.ImmutableField, "Performing an update on the path '_id' would modify the immutable field '_id'");
  }
  return { newDoc, changed };
}

/** mongod rejects $inc/$mul on a non-numeric field (mingo would silently skip it). */
function checkArithmeticTargets(doc: Doc, ops: Document): void {
  for (const op of ['$inc', '$mul']) {
    const fields = ops[op];
    if (!isPlainObject(fields)) continue;
    for (const path of Object.keys(fields)) {
      if (path.includes('$')) continue;
      const current = getPath(doc, path);
      if (current === undefined || current === null || typeof current === 'number' || isNumericWrapper(current)) continue;
      throw new CommandError(
        ErrorCodes.TypeMismatch,
        `Cannot apply ${op} to a value of non-numeric type. {_id: ${shellString(doc._id)}} has the field '${path}' of non-numeric type ${Array.isArray(current) ? 'array' : typeof current}`,
      );
    }
  }
}

function buildUpsert(u: Document, q: Document | undefined, arrayFilters: Document[] | undefined): Doc {
  const seed = seedFromQuery(q);
  if (!isOperatorUpdate(u)) {
    const doc = cloneValue(u);
    return doc._id === undefined && seed._id !== undefined ? { _id: seed._id, ...doc } : doc;
  }
  const { $setOnInsert, ...ops } = u;
  if (Object.keys(ops).length) applyUpdateOperators(seed, ops, {}, arrayFilters);
  if (isPlainObject($setOnInsert) && Object.keys($setOnInsert).length) applyUpdateOperators(seed, { $set: $setOnInsert }, {});
  return seed;
}

const update: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'update');
  const statements = requireDocs(cmd.updates, 'update.updates');
  const ordered = cmd.ordered !== false;
  const database = ctx.store.db(ctx.db);
  let n = 0;
  let nModified = 0;
  const upserted: Document[] = [];
  const writeErrors: Document[] = [];
  for (let i = 0; i < statements.length; i++) {
    const st = statements[i];
    try {
      const q = optionalDoc(st.q, 'q') ?? {};
      const u = checkUpdate(st.u);
      const multi = st.multi === true;
      if (multi && !isOperatorUpdate(u)) throw new CommandError(ErrorCodes.FailedToParse, 'multi update is not supported for replacement-style update');
      const arrayFilters = Array.isArray(st.arrayFilters) ? (st.arrayFilters as Document[]) : undefined;
      const coll = database.get(name);
      const matches = findMatches(coll, q, { limit: multi ? 0 : 1, sort: optionalDoc(st.sort, 'sort') });
      if (coll && matches.length) {
        for (const doc of matches) {
          const { newDoc, changed } = modify(doc, u, q, arrayFilters);
          n++;
          if (changed) {
            coll.replace(doc, newDoc);
            nModified++;
          }
        }
      } else if (st.upsert === true) {
        const doc = database.ensure(name).coll.insert(buildUpsert(u, q, arrayFilters));
        upserted.push({ index: i, _id: doc._id });
        n++;
      }
    } catch (err) {
      writeErrors.push(writeError(i, err));
      if (ordered) break;
    }
  }
  const reply: Document = { n, nModified };
  if (upserted.length) reply.upserted = upserted;
  if (writeErrors.length) reply.writeErrors = writeErrors;
  reply.ok = 1;
  return reply;
};

const remove: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'delete');
  const statements = requireDocs(cmd.deletes, 'delete.deletes');
  const ordered = cmd.ordered !== false;
  const coll = ctx.store.peek(ctx.db, name);
  let n = 0;
  const writeErrors: Document[] = [];
  for (let i = 0; i < statements.length; i++) {
    try {
      const q = optionalDoc(statements[i].q, 'q') ?? {};
      const limit = optionalNumber(statements[i].limit, 'limit') ?? 0;
      if (limit !== 0 && limit !== 1) throw new CommandError(ErrorCodes.FailedToParse, 'The limit field in delete objects must be 0 or 1');
      for (const doc of findMatches(coll, q, { limit })) {
        coll!.remove(doc);
        n++;
      }
    } catch (err) {
      writeErrors.push(writeError(i, err));
      if (ordered) break;
    }
  }
  return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
};

function single(doc: Doc | null, projection: Document | undefined): Doc | null {
  if (!doc) return null;
  return projection ? project([doc], projection)[0] ?? null : doc;
}

const findAndModify: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'findAndModify');
  const q = optionalDoc(cmd.query, 'query') ?? {};
  const projection = optionalDoc(cmd.fields, 'fields');
  const sort = optionalDoc(cmd.sort, 'sort');
  const database = ctx.store.db(ctx.db);
  const coll = database.get(name);
  const [doc] = findMatches(coll, q, { sort, limit: 1 });
  if (cmd.remove === true) {
    if (cmd.update !== undefined) throw new CommandError(ErrorCodes.FailedToParse, 'Cannot specify both an update and remove=true');
    if (doc) coll!.remove(doc);
    return { lastErrorObject: { n: doc ? 1 : 0 }, value: single(doc ?? null, projection), ok: 1 };
  }
  if (cmd.update === undefined) throw new CommandError(ErrorCodes.FailedToParse, 'Either an update or remove=true must be specified');
  const u = checkUpdate(cmd.update);
  const arrayFilters = Array.isArray(cmd.arrayFilters) ? (cmd.arrayFilters as Document[]) : undefined;
  const returnNew = cmd.new === true;
  if (doc && coll) {
    const { newDoc, changed } = modify(doc, u, q, arrayFilters);
    if (changed) coll.replace(doc, newDoc);
    return { lastErrorObject: { n: 1, updatedExisting: true }, value: single(returnNew ? newDoc : doc, projection), ok: 1 };
  }
  if (cmd.upsert === true) {
    const inserted = database.ensure(name).coll.insert(buildUpsert(u, q, arrayFilters));
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: inserted._id },
      value: returnNew ? single(inserted, projection) : null,
      ok: 1,
    };
  }
  return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
};

const count: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'count');
  const query = optionalDoc(cmd.query, 'query');
  const coll = ctx.store.peek(ctx.db, name);
  const skip = optionalNumber(cmd.skip, 'skip') ?? 0;
  const limit = Math.abs(optionalNumber(cmd.limit, 'limit') ?? 0);
  if (!query || Object.keys(query).length === 0) {
    const total = coll ? coll.docs.size : 0;
    const n = Math.max(0, total - skip);
    return { n: limit ? Math.min(limit, n) : n, ok: 1 };
  }
  return { n: findMatches(coll, query, { skip, limit }).length, ok: 1 };
};

const distinct: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'distinct');
  if (typeof cmd.key !== 'string') throw new CommandError(ErrorCodes.TypeMismatch, "BSON field 'distinct.key' is missing or is not a string");
  const seen = new Map<string, unknown>();
  for (const doc of findMatches(ctx.store.peek(ctx.db, name), optionalDoc(cmd.query, 'query'))) {
    const v = getPath(doc, cmd.key);
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) {
      const key = canonicalKey(x);
      if (!seen.has(key)) seen.set(key, x);
    }
  }
  return { values: sortDocs([...seen.values()].map((v) => ({ v })), { v: 1 }).map((d) => d.v), ok: 1 };
};

export const crudCommands: Record<string, Handler> = {
  insert,
  find,
  getMore,
  killCursors,
  update,
  delete: remove,
  findAndModify,
  findandmodify: findAndModify,
  count,
  distinct,
};
