/**
 * Which index answers a query, by MongoDB's rules, so the demo and the benchmarks cost what
 * production costs: equality (`v`, `$eq`, `$in`, `null`) on a prefix of an index's fields, then
 * a range (`$gt`, `$gte`, `$lt`, `$lte`) on the next field, and a sort on the fields after the
 * equality prefix (forwards or backwards); `$or` is answered by one index per branch or not at
 * all; a partial index only when the filter implies its filter, a sparse one only when the
 * filter excludes documents without the field. The plan yields candidates; callers still apply
 * the whole filter, so bounds may be wider than the filter, never narrower.
 * `explain` reports the plan in MongoDB's vocabulary (IDHACK, IXSCAN, OR, COLLSCAN).
 */
import type { Document } from 'bson';
import type { Index, KeyRange } from './indexes';
import { compareKeyValues, MAX_KEY, MIN_KEY } from './key-order';
import { canonicalKey, isPlainObject, type Doc } from './values';

interface Bound {
  value: unknown;
  inclusive: boolean;
}

interface FieldBounds {
  /** Point values ($eq/$in/plain), or null when the field is not pinned. */
  points: unknown[] | null;
  low: Bound | null;
  high: Bound | null;
}

export type Plan =
  | { stage: 'COLLSCAN' }
  | { stage: 'IDHACK'; ids: unknown[] }
  | { stage: 'IXSCAN'; index: Index; ranges: KeyRange[]; reverse: boolean; sorted: boolean; bounded: boolean }
  | { stage: 'OR'; branches: Plan[] };

/** At most this many stretches from a cartesian product of `$in` lists. */
const MAX_RANGES = 1000;
const RANGE_OPS = ['$gt', '$gte', '$lt', '$lte'] as const;

function indexable(v: unknown): boolean {
  return v !== undefined && !Array.isArray(v) && !(v instanceof RegExp);
}

/** The conditions a filter puts on `path`, directly and through `$and`. */
function conditionsOn(filter: Document, path: string): unknown[] {
  const out: unknown[] = [];
  if (Object.prototype.hasOwnProperty.call(filter, path)) out.push(filter[path]);
  if (Array.isArray(filter.$and)) for (const clause of filter.$and) if (isPlainObject(clause)) out.push(...conditionsOn(clause, path));
  return out;
}

function isOperatorObject(cond: unknown): cond is Document {
  return isPlainObject(cond) && Object.keys(cond).length > 0 && Object.keys(cond).every((k) => k.startsWith('$'));
}

function fieldBounds(filter: Document, path: string): FieldBounds {
  const bounds: FieldBounds = { points: null, low: null, high: null };
  const pin = (values: unknown[]) => {
    if (!bounds.points || values.length < bounds.points.length) bounds.points = values;
  };
  for (const cond of conditionsOn(filter, path)) {
    if (!isOperatorObject(cond)) {
      if (indexable(cond)) pin([cond]); // a plain value, or exact embedded-document equality
      continue;
    }
    if ('$eq' in cond && indexable(cond.$eq)) pin([cond.$eq]);
    if (Array.isArray(cond.$in) && cond.$in.every(indexable)) pin(cond.$in.slice());
    for (const op of RANGE_OPS) {
      if (!(op in cond) || !indexable(cond[op]) || cond[op] === null) continue;
      const bound = { value: cond[op], inclusive: op.endsWith('e') };
      if (op.startsWith('$g')) bounds.low = tighter(bounds.low, bound, 1);
      else bounds.high = tighter(bounds.high, bound, -1);
    }
  }
  return bounds;
}

function tighter(current: Bound | null, next: Bound, side: 1 | -1): Bound {
  if (!current) return next;
  const c = compareKeyValues(next.value, current.value) * side;
  return c > 0 || (c === 0 && !next.inclusive) ? next : current;
}

/** A partial index serves a query only when every document the query matches is in it. */
function implies(filter: Document, partial: Document): boolean {
  return Object.entries(partial).every(([path, cond]) => {
    const { points } = fieldBounds(filter, path);
    if (isOperatorObject(cond)) {
      if (Array.isArray(cond.$in)) {
        const allowed = new Set(cond.$in.map(canonicalKey));
        return points !== null && points.every((p) => allowed.has(canonicalKey(p)));
      }
      if (cond.$exists === true) return points !== null && points.every((p) => p !== null);
      return false;
    }
    return points !== null && points.length === 1 && canonicalKey(points[0]) === canonicalKey(cond);
  });
}

interface Candidate {
  plan: Extract<Plan, { stage: 'IXSCAN' }>;
  score: number;
  /** How many leading fields the filter pins. */
  equal: number;
}

function planIndex(index: Index, filter: Document, sort: Document | undefined): Candidate | null {
  if (index.special) return null;
  if (index.spec.partialFilterExpression && !implies(filter, index.spec.partialFilterExpression)) return null;
  const perField = index.fields.map((f) => fieldBounds(filter, f));
  let equal = 0;
  while (equal < perField.length && perField[equal].points) equal++;
  const bounds = equal < perField.length && (perField[equal].low || perField[equal].high) ? perField[equal] : null;
  // An array matches {$gt: 5, $lt: 10} when one element is above 5 and another below 10, so on a
  // multikey index the two bounds cannot be intersected: MongoDB keeps one, and so does this.
  const range = bounds && index.multikey && bounds.low && bounds.high ? { ...bounds, high: null } : bounds;
  const bounded = equal > 0 || range !== null;
  // A sparse index lacks documents without the field, which a query bounding nothing may match.
  if (index.spec.sparse && !bounded) return null;
  const order = sortOrder(index, perField, equal, sort);
  if (!bounded && order === null) return null;
  const ranges = keyRanges(index, perField, equal, range);
  if (!ranges) return null;
  const sorted = order === 'any' || (order !== null && ranges.length === 1);
  const plan = { stage: 'IXSCAN' as const, index, ranges, reverse: order === -1, sorted, bounded };
  // MongoDB races candidate plans; this ranks them the way those races usually end.
  return { plan, equal, score: equal * 4 + (range ? 2 : 0) + (sorted ? 1 : 0) };
}

/**
 * 1 or -1 when walking the index forwards or backwards yields `sort` order, 'any' when the
 * filter pins every sort key to one value; null when the index does not give the order.
 */
function sortOrder(index: Index, perField: FieldBounds[], equal: number, sort: Document | undefined): 1 | -1 | 'any' | null {
  if (!sort || Object.keys(sort).length === 0 || index.multikey) return null;
  const keys = Object.entries(sort).filter(([k]) => {
    const i = index.fields.indexOf(k);
    return !(i >= 0 && i < equal && perField[i].points?.length === 1);
  });
  if (keys.length === 0) return 'any';
  let direction: 1 | -1 | null = null;
  for (let j = 0; j < keys.length; j++) {
    const [field, dir] = keys[j];
    const at = equal + j;
    if (index.fields[at] !== field || typeof dir !== 'number') return null;
    const d = Math.sign(dir) * index.directions[at] > 0 ? 1 : -1;
    if (direction !== null && d !== direction) return null;
    direction = d;
  }
  return direction;
}

function keyRanges(index: Index, perField: FieldBounds[], equal: number, range: FieldBounds | null): KeyRange[] | null {
  let prefixes: unknown[][] = [[]];
  for (let i = 0; i < equal; i++) {
    const next: unknown[][] = [];
    for (const p of prefixes) for (const v of perField[i].points!) next.push([...p, v]);
    if (next.length > MAX_RANGES) return null;
    prefixes = next;
  }
  const rest = index.fields.length + 1 - equal; // positions after the prefix, `_id` included
  return prefixes.map((prefix) => {
    if (!range) return { low: [...prefix, ...pad(MIN_KEY, rest)], high: [...prefix, ...pad(MAX_KEY, rest)] };
    // A descending field walks its values from high to low.
    const ascending = index.directions[equal] > 0;
    const first = ascending ? range.low : range.high;
    const last = ascending ? range.high : range.low;
    const low = first ? [first.value, ...pad(first.inclusive ? MIN_KEY : MAX_KEY, rest - 1)] : pad(MIN_KEY, rest);
    const high = last ? [last.value, ...pad(last.inclusive ? MAX_KEY : MIN_KEY, rest - 1)] : pad(MAX_KEY, rest);
    return { low: [...prefix, ...low], high: [...prefix, ...high] };
  });
}

const pad = (s: symbol, n: number) => Array.from({ length: n }, () => s);

/**
 * The plans that could answer `filter` (and `sort`), best guess first: `_id` lookups alone,
 * else each usable index, and for `$or` one plan of indexed branches. None: a collection scan.
 */
export function candidatePlans(indexes: readonly Index[], filter: Document | undefined | null, sort?: Document, pick: BranchPicker = chooseStatically): Plan[] {
  const f = filter ?? {};
  const ids = fieldBounds(f, '_id').points;
  if (ids) return [{ stage: 'IDHACK', ids }];
  const candidates = indexes.map((index) => planIndex(index, f, sort)).filter((c): c is Candidate => c !== null);
  // Every field of a unique index pinned to one value: at most one document, nothing to race.
  const unique = candidates.find((c) => c.plan.index.unique && c.plan.ranges.length === 1 && c.equal === c.plan.index.fields.length);
  if (unique) return [unique.plan];
  const plans: Plan[] = candidates
    .sort((a, b) => b.score - a.score || a.plan.index.size - b.plan.index.size)
    .map((c) => c.plan);
  const or = orPlan(indexes, f, pick);
  if (or) plans.push(or);
  return plans;
}

/** `$or`: each branch, with the rest of the filter, answered by an index of its own; else null. */
function orPlan(indexes: readonly Index[], filter: Document, pick: BranchPicker): Plan | null {
  if (!Array.isArray(filter.$or)) return null;
  const { $or, ...rest } = filter;
  const branches: Plan[] = [];
  for (const branch of $or as Document[]) {
    const merged = { ...rest, $and: [...(Array.isArray(rest.$and) ? rest.$and : []), branch] };
    const plan = pick(candidatePlans(indexes, merged, undefined, pick), merged);
    if (plan.stage === 'COLLSCAN' || (plan.stage === 'IXSCAN' && !plan.bounded)) return null;
    branches.push(plan);
  }
  return { stage: 'OR', branches };
}

/** Chooses the plan for one `$or` branch among its candidates. */
export type BranchPicker = (plans: Plan[], branchFilter: Document) => Plan;

function chooseStatically(plans: Plan[]): Plan {
  return plans.find((p) => p.stage !== 'IXSCAN' || p.bounded) ?? plans[0] ?? { stage: 'COLLSCAN' };
}

/** Reads each candidate plan may make in the trial. */
const TRIAL_READS = 101;

/**
 * The plan to run. With several candidates, each is tried for a few reads and the most
 * productive wins, as MongoDB's multi-planner does: matches per document read, a plan that
 * finishes within the trial first, and a plan that cannot give the sort order producing
 * nothing until it has read everything.
 */
export function choosePlan(plans: Plan[], docs: ReadonlyMap<string, Doc>, filterTest: () => (doc: Doc) => boolean, sort?: Document): Plan {
  if (plans.length === 0) return { stage: 'COLLSCAN' };
  if (plans.length === 1) return plans[0];
  // Compiled only when there is a race to run: most queries have one candidate.
  const matches = filterTest();
  let best = plans[0];
  let bestScore = -1;
  for (const plan of plans) {
    let read = 0;
    let matched = 0;
    let done = true;
    for (const doc of planDocs(plan, docs)) {
      if (read === TRIAL_READS) {
        done = false;
        break;
      }
      read++;
      if (matches(doc)) matched++;
    }
    const productive = done || planIsSorted(plan, sort) ? matched / Math.max(1, read) : 0;
    const score = (done ? 1 : 0) + productive;
    if (score > bestScore) {
      best = plan;
      bestScore = score;
    }
  }
  return best;
}

/** Candidate documents of a plan (each once), in index order when the plan is sorted. */
export function* planDocs(plan: Plan, docs: ReadonlyMap<string, Doc>): Generator<Doc> {
  switch (plan.stage) {
    case 'COLLSCAN':
      yield* docs.values();
      return;
    case 'IDHACK':
      for (const id of plan.ids) {
        const d = docs.get(canonicalKey(id));
        if (d) yield d;
      }
      return;
    case 'IXSCAN':
      yield* plan.index.scan(plan.ranges, plan.reverse);
      return;
    case 'OR': {
      const seen = new Set<Doc>();
      for (const branch of plan.branches) {
        for (const d of planDocs(branch, docs)) {
          if (seen.has(d)) continue;
          seen.add(d);
          yield d;
        }
      }
    }
  }
}

/** Whether the plan already yields documents in the requested sort order. */
export function planIsSorted(plan: Plan, sort: Document | undefined): boolean {
  if (!sort || Object.keys(sort).length === 0) return true;
  return plan.stage === 'IXSCAN' && plan.sorted;
}

/** `queryPlanner.winningPlan` as MongoDB's explain shows it. */
export function describePlan(plan: Plan, sort?: Document): Document {
  const stage = describeStage(plan);
  return sort && Object.keys(sort).length && !planIsSorted(plan, sort) ? { stage: 'SORT', sortPattern: sort, inputStage: stage } : stage;
}

function describeStage(plan: Plan): Document {
  switch (plan.stage) {
    case 'COLLSCAN':
      return { stage: 'COLLSCAN', direction: 'forward' };
    case 'IDHACK':
      return { stage: 'IDHACK' };
    case 'IXSCAN':
      return {
        stage: 'FETCH',
        inputStage: { stage: 'IXSCAN', indexName: plan.index.name, keyPattern: plan.index.spec.key, isMultiKey: plan.index.multikey, direction: plan.reverse ? 'backward' : 'forward', indexBounds: plan.bounded ? 'bounded' : 'full (for the sort)' },
      };
    case 'OR':
      return { stage: 'SUBPLAN', inputStage: { stage: 'OR', inputStages: plan.branches.map(describeStage) } };
  }
}

