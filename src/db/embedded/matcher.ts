/**
 * The only place that talks to mingo: filters, projections, sorts, update operators and
 * aggregation pipelines are all mingo's, so query semantics are not re-implemented here.
 *
 * Why a thin adaptation layer is still needed:
 *  - mingo's public `Query`/`Aggregator` merge their built-in operators *over* any custom
 *    context, so the engine builds one complete operator context itself and uses the base
 *    classes (loaded with `require` because this project's `node10` module resolution cannot
 *    see mingo's sub-path type declarations).
 *  - mingo compares two values only when their JS types match and orders custom classes by
 *    `toString()`. That is right for ObjectId (hex order = byte order), Date and Binary, but
 *    wrong for Long/Decimal128, which MongoDB compares numerically with plain numbers. The
 *    comparison operators are therefore wrapped: when the operand is numeric, Long/Decimal128
 *    values on both sides are viewed as JS numbers before mingo's own predicate runs.
 */
import { Context, ProcessingMode } from 'mingo';
import type { Document } from 'bson';
import { CommandError, ErrorCodes } from './errors';
import { isNumericWrapper, numericView, type Doc } from './values';

type Predicate = (doc: unknown) => boolean;
type QueryOperator = (selector: string, value: unknown, options: unknown) => Predicate;
type OperatorMap = Record<string, unknown>;

interface MingoCursor {
  sort(spec: Document): MingoCursor;
  skip(n: number): MingoCursor;
  limit(n: number): MingoCursor;
  all(): Doc[];
}
interface MingoQuery {
  test(doc: unknown): boolean;
  find(collection: Doc[], projection?: Document): MingoCursor;
}
interface MingoOptions {
  context: Context;
  processingMode?: ProcessingMode;
  collectionResolver?: (name: string) => Doc[];
  useStrictMode?: boolean;
}

const { Query: BaseQuery } = require('mingo/query') as { Query: new (c: Document, o: MingoOptions) => MingoQuery };
const { Aggregator: BaseAggregator } = require('mingo/aggregator') as {
  Aggregator: new (p: Document[], o: MingoOptions) => { run(c: Doc[]): Doc[] };
};
const updater = require('mingo/updater') as {
  updateOne(docs: Doc[], cond: Document, mod: Document, cfg: { arrayFilters?: Document[]; cloneMode?: string }, o: MingoOptions): {
    modifiedCount: number;
  };
};
const queryOps = require('mingo/operators/query') as Record<string, QueryOperator>;
const allOps = {
  accumulator: require('mingo/operators/accumulator') as OperatorMap,
  expression: require('mingo/operators/expression') as OperatorMap,
  pipeline: require('mingo/operators/pipeline') as OperatorMap,
  projection: require('mingo/operators/projection') as OperatorMap,
  window: require('mingo/operators/window') as OperatorMap,
};

function involvesNumbers(value: unknown): boolean {
  if (typeof value === 'number' || isNumericWrapper(value)) return true;
  return Array.isArray(value) && value.some((v) => typeof v === 'number' || isNumericWrapper(v));
}

function numericAware(name: string): QueryOperator {
  const base = queryOps[name];
  return (selector, value, options) => {
    if (!involvesNumbers(value)) return base(selector, value, options);
    const predicate = base(selector, numericView(value), options);
    const head = selector.split('.', 1)[0];
    return (obj) => {
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return predicate(numericView(obj));
      const v = (obj as Doc)[head];
      const nv = numericView(v);
      // Path resolution only reads the first segment from the root, so a one-field view suffices.
      return predicate(nv === v ? obj : { [head]: nv });
    };
  };
}

const overrides: Record<string, QueryOperator> = {};
for (const name of ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin']) overrides[name] = numericAware(name);

const CONTEXT = Context.init({
  ...allOps,
  query: { ...queryOps, ...overrides },
} as unknown as Parameters<typeof Context.init>[0]);

const BASE_OPTIONS: MingoOptions = { context: CONTEXT, useStrictMode: true };

/**
 * mingo copies the whole operator context on every Query construction and again per operator;
 * with every expression/pipeline operator loaded that copying dominated a findOne. Filters
 * that cannot reach aggregation expressions (no `$expr`) get a context holding only the query
 * operators, which keeps indexed lookups cheap without changing semantics.
 */
const FILTER_OPTIONS: MingoOptions = {
  context: Context.init({ query: { ...queryOps, ...overrides } } as unknown as Parameters<typeof Context.init>[0]),
  useStrictMode: true,
};

function usesExpressions(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some(usesExpressions);
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const k of Object.keys(v)) {
    if (k === '$expr' || k === '$function' || k === '$jsonSchema') return true;
    if (usesExpressions((v as Document)[k])) return true;
  }
  return false;
}

function badValue(err: unknown): CommandError {
  if (err instanceof CommandError) return err;
  const message = err instanceof Error ? err.message : String(err);
  // Keep mongod's codes for the update errors applications actually branch on.
  if (/immutable field '_id'/.test(message)) return new CommandError(ErrorCodes.ImmutableField, message);
  if (/would create a conflict/.test(message)) return new CommandError(ErrorCodes.ConflictingUpdateOperators, message);
  return new CommandError(ErrorCodes.BadValue, message);
}

export function compileFilter(filter: Document | undefined | null): Predicate {
  if (!filter || Object.keys(filter).length === 0) return () => true;
  try {
    const q = new BaseQuery(filter, usesExpressions(filter) ? BASE_OPTIONS : FILTER_OPTIONS);
    return (doc) => q.test(doc);
  } catch (err) {
    throw badValue(err);
  }
}

const EMPTY_QUERY = new BaseQuery({}, BASE_OPTIONS);

export function project(docs: Doc[], projection: Document | undefined | null): Doc[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  try {
    return EMPTY_QUERY.find(docs, projection).all();
  } catch (err) {
    throw badValue(err);
  }
}

export function sortDocs(docs: Doc[], sort: Document | undefined | null): Doc[] {
  if (!sort || Object.keys(sort).length === 0) return docs;
  try {
    return EMPTY_QUERY.find(docs).sort(sort).all();
  } catch (err) {
    throw badValue(err);
  }
}

export function aggregate(docs: Doc[], pipeline: Document[], resolve: (name: string) => Doc[]): Doc[] {
  try {
    return new BaseAggregator(pipeline, { ...BASE_OPTIONS, collectionResolver: resolve }).run(docs);
  } catch (err) {
    throw badValue(err);
  }
}

/**
 * Applies update operators to `doc` in place (callers pass a private clone). `filter` is only
 * handed to mingo when the positional `$` operator needs it to locate the array element.
 */
export function applyUpdateOperators(doc: Doc, modifier: Document, filter: Document, arrayFilters?: Document[]): boolean {
  const positional = Object.values(modifier).some(
    (fields) => fields && typeof fields === 'object' && Object.keys(fields).some((p) => /(^|\.)\$(\.|$)/.test(p)),
  );
  try {
    // The lean query-only context: update operators come from the updater itself, and copying the
    // full expression context on every update dominated the write path.
    const res = updater.updateOne([doc], positional ? filter : {}, modifier, { arrayFilters, cloneMode: "copy" }, FILTER_OPTIONS);
    return res.modifiedCount > 0;
  } catch (err) {
    throw badValue(err);
  }
}
