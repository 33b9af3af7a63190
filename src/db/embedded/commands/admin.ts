/**
 * Namespace and index management: create/drop, listCollections/listDatabases, index commands
 * (mongoose's autoIndex calls createIndexes at model init), rename, and minimal stats.
 */
import { calculateObjectSize, type Document } from 'bson';
import { CommandError, ErrorCodes } from '../errors';
import { compileFilter } from '../matcher';
import { ID_INDEX, type Collection } from '../store';
import { collectionName, optionalDoc, optionalNumber, type CommandContext, type Handler } from './types';

function existing(ctx: CommandContext, name: string): Collection {
  const coll = ctx.store.peek(ctx.db, name);
  if (!coll) throw new CommandError(ErrorCodes.NamespaceNotFound, `ns does not exist: ${ctx.db}.${name}`);
  return coll;
}

function dataSize(coll: Collection): number {
  let size = 0;
  for (const doc of coll.docs.values()) size += calculateObjectSize(doc);
  return size;
}

const create: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'create');
  const { lsid: _l, $db: _d, create: _c, writeConcern: _w, $readPreference: _r, ...options } = cmd;
  ctx.store.db(ctx.db).ensure(name, options);
  return { ok: 1 };
};

const drop: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'drop');
  const db = ctx.store.db(ctx.db);
  const coll = db.get(name);
  // Since 7.0 dropping a missing collection is not an error.
  if (!coll) return { ok: 1 };
  db.collections.delete(name);
  return { nIndexesWas: coll.indexes.length + 1, ns: coll.ns, ok: 1 };
};

const dropDatabase: Handler = (_cmd, ctx) => {
  ctx.store.databases.delete(ctx.db);
  return { dropped: ctx.db, ok: 1 };
};

const listCollections: Handler = (cmd, ctx) => {
  const nameOnly = cmd.nameOnly === true;
  const filter = compileFilter(optionalDoc(cmd.filter, 'filter'));
  const db = ctx.store.databases.get(ctx.db);
  const entries = [...(db?.collections.values() ?? [])]
    .map((c) => ({
      name: c.name,
      type: 'collection',
      options: c.options,
      info: { readOnly: false, uuid: c.uuid },
      idIndex: ID_INDEX,
    }))
    .filter(filter)
    .map((e) => (nameOnly ? { name: e.name, type: e.type } : e));
  const cursor = optionalDoc(cmd.cursor, 'cursor') ?? {};
  return ctx.cursors.start(`${ctx.db}.$cmd.listCollections`, entries, { batchSize: optionalNumber(cursor.batchSize, 'batchSize') });
};

const listDatabases: Handler = (cmd, ctx) => {
  const filter = compileFilter(optionalDoc(cmd.filter, 'filter'));
  const databases = [...ctx.store.databases.values()]
    .filter((db) => db.collections.size > 0) // like mongod: a database exists once it holds a collection
    .map((db) => {
      let size = 0;
      for (const c of db.collections.values()) size += dataSize(c);
      return { name: db.name, sizeOnDisk: size, empty: db.collections.size === 0 };
    })
    .filter(filter);
  if (cmd.nameOnly === true) return { databases: databases.map((d) => ({ name: d.name })), ok: 1 };
  const totalSize = databases.reduce((n, d) => n + d.sizeOnDisk, 0);
  return { databases, totalSize, totalSizeMb: Math.round(totalSize / 1048576), ok: 1 };
};

const createIndexes: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'createIndexes');
  if (!Array.isArray(cmd.indexes) || cmd.indexes.length === 0) {
    throw new CommandError(ErrorCodes.BadValue, 'Must specify at least one index to create');
  }
  const { coll, created: createdCollectionAutomatically } = ctx.store.db(ctx.db).ensure(name);
  const numIndexesBefore = coll.indexes.length + 1;
  let created = 0;
  for (const raw of cmd.indexes as Document[]) if (coll.createIndex(raw).created) created++;
  const reply: Document = { numIndexesBefore, numIndexesAfter: coll.indexes.length + 1, createdCollectionAutomatically };
  if (created === 0) reply.note = 'all indexes already exist';
  reply.ok = 1;
  return reply;
};

const listIndexes: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'listIndexes');
  const coll = existing(ctx, name);
  const cursor = optionalDoc(cmd.cursor, 'cursor') ?? {};
  return ctx.cursors.start(coll.ns, coll.indexSpecs(), { batchSize: optionalNumber(cursor.batchSize, 'batchSize') });
};

const dropIndexes: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'dropIndexes');
  const coll = existing(ctx, name);
  const nIndexesWas = coll.indexes.length + 1;
  const which = cmd.index;
  if (which === '*') coll.indexes.splice(0);
  else if (Array.isArray(which)) which.forEach((w) => coll.dropIndex(w));
  else coll.dropIndex(which);
  return { nIndexesWas, ok: 1 };
};

/**
 * collMod, the part that changes a TTL index's expireAfterSeconds (by keyPattern or name), as
 * mongod answers it; other collection options are accepted and ignored.
 */
const collMod: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'collMod');
  const coll = existing(ctx, name);
  const change = optionalDoc(cmd.index, 'index');
  if (!change) return { ok: 1 };
  const wanted = change.keyPattern === undefined ? null : JSON.stringify(change.keyPattern);
  const index = coll.indexes.find((i) => (wanted === null ? i.name === change.name : JSON.stringify(i.spec.key) === wanted));
  if (!index) throw new CommandError(ErrorCodes.IndexNotFound, `cannot find index ${JSON.stringify(change.keyPattern ?? change.name)} for ns ${coll.ns}`);
  if (change.expireAfterSeconds === undefined) return { ok: 1 };
  const seconds = Number(change.expireAfterSeconds);
  if (!Number.isInteger(seconds) || seconds < 0) throw new CommandError(ErrorCodes.InvalidOptions, 'expireAfterSeconds must be a non-negative integer');
  if (index.spec.expireAfterSeconds === undefined) throw new CommandError(ErrorCodes.InvalidOptions, 'no expireAfterSeconds field to update');
  const old = index.spec.expireAfterSeconds;
  index.spec.expireAfterSeconds = seconds;
  return { expireAfterSeconds_old: old, expireAfterSeconds_new: seconds, ok: 1 };
};

const renameCollection: Handler = (cmd, ctx) => {
  const from = typeof cmd.renameCollection === 'string' ? cmd.renameCollection : '';
  const to = typeof cmd.to === 'string' ? cmd.to : '';
  const split = (ns: string): [string, string] => {
    const dot = ns.indexOf('.');
    if (dot <= 0) throw new CommandError(ErrorCodes.InvalidNamespace, `Invalid namespace specified '${ns}'`);
    return [ns.slice(0, dot), ns.slice(dot + 1)];
  };
  const [fromDb, fromColl] = split(from);
  const [toDb, toColl] = split(to);
  const source = ctx.store.peek(fromDb, fromColl);
  if (!source) throw new CommandError(ErrorCodes.NamespaceNotFound, 'source namespace does not exist');
  const target = ctx.store.db(toDb);
  if (target.get(toColl)) {
    if (cmd.dropTarget !== true) throw new CommandError(ErrorCodes.NamespaceExists, 'target namespace exists');
    target.collections.delete(toColl);
  }
  const { coll } = target.ensure(toColl, source.options);
  for (const spec of source.indexSpecs().slice(1)) coll.createIndex(spec);
  for (const doc of source.docs.values()) coll.insert(doc);
  ctx.store.db(fromDb).collections.delete(fromColl);
  return { ok: 1 };
};

const collStats: Handler = (cmd, ctx) => {
  const name = collectionName(cmd, 'collStats');
  const coll = existing(ctx, name);
  const size = dataSize(coll);
  const count = coll.docs.size;
  const indexSizes: Document = {};
  for (const spec of coll.indexSpecs()) indexSizes[spec.name] = 0;
  return {
    ns: coll.ns,
    count,
    size,
    avgObjSize: count ? Math.round(size / count) : 0,
    storageSize: size,
    nindexes: coll.indexes.length + 1,
    totalIndexSize: 0,
    indexSizes,
    ok: 1,
  };
};

const dbStats: Handler = (_cmd, ctx) => {
  const db = ctx.store.databases.get(ctx.db);
  let objects = 0;
  let size = 0;
  let indexes = 0;
  for (const c of db?.collections.values() ?? []) {
    objects += c.docs.size;
    size += dataSize(c);
    indexes += c.indexes.length + 1;
  }
  return {
    db: ctx.db,
    collections: db?.collections.size ?? 0,
    views: 0,
    objects,
    avgObjSize: objects ? size / objects : 0,
    dataSize: size,
    storageSize: size,
    indexes,
    indexSize: 0,
    ok: 1,
  };
};

export const adminCommands: Record<string, Handler> = {
  create,
  drop,
  dropDatabase,
  listCollections,
  listDatabases,
  createIndexes,
  listIndexes,
  dropIndexes,
  deleteIndexes: dropIndexes,
  collMod,
  renameCollection,
  collStats,
  dbStats,
};
