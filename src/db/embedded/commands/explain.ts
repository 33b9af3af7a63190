/**
 * The `explain` command: the plan a query would use, in MongoDB's `queryPlanner` shape, so a
 * test can ask the engine the same question it would ask MongoDB ("does this use an index?").
 * Covers find, count, distinct, delete, update, findAndModify and an aggregate's leading $match.
 */
import type { Document } from 'bson';
import { CommandError, ErrorCodes } from '../errors';
import { compileFilter } from '../matcher';
import { describePlan, planDocs } from '../planner';
import { isPlainObject } from '../values';
import { collectionName, optionalDoc, type Handler } from './types';

/** The filter and sort of the explained command. */
function queryOf(cmd: Document): { coll: string; filter?: Document; sort?: Document } {
  const name = Object.keys(cmd)[0];
  switch (name) {
    case 'find':
      return { coll: collectionName(cmd, name), filter: optionalDoc(cmd.filter, 'filter'), sort: optionalDoc(cmd.sort, 'sort') };
    case 'count':
    case 'distinct':
      return { coll: collectionName(cmd, name), filter: optionalDoc(cmd.query, 'query') };
    case 'findAndModify':
    case 'findandmodify':
      return { coll: collectionName(cmd, name), filter: optionalDoc(cmd.query, 'query'), sort: optionalDoc(cmd.sort, 'sort') };
    case 'delete':
    case 'update': {
      const statements = cmd[name === 'delete' ? 'deletes' : 'updates'];
      const first = Array.isArray(statements) && isPlainObject(statements[0]) ? statements[0] : {};
      return { coll: collectionName(cmd, name), filter: optionalDoc(first.q, 'q'), sort: optionalDoc(first.sort, 'sort') };
    }
    case 'aggregate': {
      const first = Array.isArray(cmd.pipeline) ? cmd.pipeline[0] : undefined;
      return { coll: collectionName(cmd, name), filter: isPlainObject(first) && isPlainObject(first.$match) ? first.$match : undefined };
    }
    default:
      throw new CommandError(ErrorCodes.CommandNotSupported, `explain of '${name}' is not supported by the embedded engine`);
  }
}

export const explainCommands: Record<string, Handler> = {
  explain: (cmd, ctx) => {
    const inner = optionalDoc(cmd.explain, 'explain');
    if (!inner) throw new CommandError(ErrorCodes.FailedToParse, 'explain command requires a nested object');
    const { coll, filter, sort } = queryOf(inner);
    const collection = ctx.store.peek(ctx.db, coll);
    const plan = collection?.plan(filter, sort);
    const winningPlan = plan ? describePlan(plan, sort) : { stage: 'EOF' };
    const queryPlanner = { namespace: `${ctx.db}.${coll}`, parsedQuery: filter ?? {}, winningPlan, rejectedPlans: [] };
    if (cmd.verbosity === 'queryPlanner' || !plan || !collection) return { queryPlanner, ok: 1 };
    // executionStats: what running the plan reads, to show an index's bounds are tight.
    const test = compileFilter(filter);
    let totalDocsExamined = 0;
    let nReturned = 0;
    for (const doc of planDocs(plan, collection.docs)) {
      totalDocsExamined++;
      if (test(doc)) nReturned++;
    }
    return { queryPlanner, executionStats: { executionSuccess: true, nReturned, totalDocsExamined }, ok: 1 };
  },
};
