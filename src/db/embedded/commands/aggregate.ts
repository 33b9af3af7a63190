/**
 * The `aggregate` command. Stages run in mingo's Aggregator; the engine only picks the source
 * documents (a leading `$match` goes through the index-aware matcher), resolves `$lookup`
 * collections, implements `$out`, and wraps results in a cursor.
 */
import { Long, type Document } from 'bson';
import { CommandError, ErrorCodes } from '../errors';
import { aggregate as runPipeline } from '../matcher';
import { cloneValue, isPlainObject, type Doc } from '../values';
import { findMatches } from './crud';
import { optionalDoc, optionalNumber, type Handler } from './types';

/** Stages that build new output objects and never write into their input documents. */
const NON_MUTATING = new Set(['$match', '$group', '$sort', '$limit', '$skip', '$count', '$project', '$sortByCount', '$bucket', '$bucketAuto', '$sample']);

export const aggregateCommands: Record<string, Handler> = {
  aggregate: (cmd, ctx) => {
    if (!Array.isArray(cmd.pipeline)) throw new CommandError(ErrorCodes.TypeMismatch, "'pipeline' option must be specified as an array");
    if (cmd.explain) throw new CommandError(ErrorCodes.CommandNotSupported, 'explain is not supported by the embedded engine');
    const cursorOpt = optionalDoc(cmd.cursor, 'cursor');
    if (!cursorOpt) throw new CommandError(ErrorCodes.FailedToParse, "The 'cursor' option is required, except for aggregate with the explain argument");
    let pipeline = (cmd.pipeline as unknown[]).map((stage) => {
      if (!isPlainObject(stage) || Object.keys(stage).length !== 1) {
        throw new CommandError(ErrorCodes.Location40324, 'A pipeline stage specification object must contain exactly one field.');
      }
      return stage;
    });
    const collName = typeof cmd.aggregate === 'string' ? cmd.aggregate : null;
    const database = ctx.store.db(ctx.db);

    let out: string | null = null;
    const last = pipeline[pipeline.length - 1];
    if (last && '$out' in last) {
      const target = last.$out;
      out = typeof target === 'string' ? target : isPlainObject(target) && typeof target.coll === 'string' ? target.coll : null;
      if (!out) throw new CommandError(ErrorCodes.FailedToParse, '$out only supports a string or { db, coll } argument');
      pipeline = pipeline.slice(0, -1);
    }
    if (pipeline.some((s) => '$merge' in s || '$out' in s)) {
      throw new CommandError(ErrorCodes.CommandNotSupported, '$merge is not supported by the embedded engine; $out is supported as the last stage');
    }

    let source: Doc[] = [];
    if (collName) {
      const coll = database.get(collName);
      if (pipeline.length && '$match' in pipeline[0]) {
        source = findMatches(coll, pipeline[0].$match as Document);
        pipeline = pipeline.slice(1);
      } else if (coll) {
        source = [...coll.docs.values()];
      }
    }
    if (!pipeline.every((s) => NON_MUTATING.has(Object.keys(s)[0]))) source = source.map(cloneValue);

    const results = pipeline.length
      ? runPipeline(source, pipeline, (name) => [...(database.get(name)?.docs.values() ?? [])].map(cloneValue))
      : source;

    if (out) {
      const { coll } = database.ensure(out);
      coll.clear();
      for (const doc of results) coll.insert(cloneValue(doc));
      return { cursor: { firstBatch: [], id: Long.ZERO, ns: `${ctx.db}.${collName ?? '$cmd.aggregate'}` }, ok: 1 };
    }
    return ctx.cursors.start(`${ctx.db}.${collName ?? '$cmd.aggregate'}`, results, {
      batchSize: optionalNumber(cursorOpt.batchSize, 'cursor.batchSize'),
    });
  },
};
