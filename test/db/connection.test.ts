import mongoose from 'mongoose';
import { MongoClient, MongoServerError } from 'mongodb';
import { startTarget, onRealServer, type DbTarget } from './target';

const DB = 'conformance_connection';

/**
 * The driver re-labels a standalone's code-20 reply as "This MongoDB deployment does not support
 * retryable writes" and keeps the server's error as `errorResponse.originalError`; a real mongod
 * produces exactly the same pair.
 */
function standaloneTxnError(err: unknown): MongoServerError {
  expect(err).toBeInstanceOf(MongoServerError);
  const e = err as MongoServerError & { errorResponse?: { originalError?: MongoServerError } };
  return e.code === 20 ? e : (e.errorResponse?.originalError as MongoServerError);
}

describe('embedded engine: connecting and server commands', () => {
  let target: DbTarget;
  let client: MongoClient;

  beforeAll(async () => {
    target = await startTarget();
    client = await MongoClient.connect(target.uriFor(DB));
    await client.db(DB).dropDatabase();
  });

  afterAll(async () => {
    await client?.close();
    await target?.stop();
  });

  it('when mongoose connects with default options, then it can write and read back', async () => {
    const conn = await mongoose.createConnection(target.uriFor(DB)).asPromise();
    try {
      const Thing = conn.model('Thing', new mongoose.Schema({ label: String }));
      await Thing.create({ label: 'first' });
      const found = await Thing.findOne({ label: 'first' }).lean();
      expect(found?.label).toBe('first');
      expect(conn.readyState).toBe(1);
    } finally {
      await conn.close();
    }
  });

  it('when the global mongoose.connect is used with default options, then models work through it', async () => {
    const m = await mongoose.connect(target.uriFor(DB));
    try {
      const Global = m.model('GlobalThing', new mongoose.Schema({ n: Number }));
      await Global.create({ n: 1 });
      expect(await Global.countDocuments({ n: 1 })).toBe(1);
      expect(m.connection.db?.databaseName).toBe(DB);
    } finally {
      await mongoose.disconnect();
    }
  });

  it('when the driver asks hello, then the server presents itself as a writable standalone', async () => {
    const hello = await client.db('admin').command({ hello: 1 });
    expect(hello.isWritablePrimary).toBe(true);
    expect(hello.setName).toBeUndefined();
    expect(hello.maxWireVersion).toBeGreaterThanOrEqual(21);
    expect(hello.maxBsonObjectSize).toBe(16 * 1024 * 1024);
    expect(hello.logicalSessionTimeoutMinutes).toBe(30);
    expect(hello.localTime).toBeInstanceOf(Date);
    if (!onRealServer) {
      const legacy = await client.db('admin').command({ isMaster: 1 });
      expect(legacy.ismaster).toBe(true);
    }
  });

  it('when ping and buildInfo are sent, then both answer ok', async () => {
    expect((await client.db('admin').command({ ping: 1 })).ok).toBe(1);
    const info = await client.db('admin').command({ buildInfo: 1 });
    expect(typeof info.version).toBe('string');
    if (!onRealServer) expect(info.version).toBe('7.0.0');
    expect((await client.db('admin').command({ connectionStatus: 1 })).ok).toBe(1);
  });

  it('when an unknown command is sent, then it fails with code 59 CommandNotFound', async () => {
    const err = await client.db(DB).command({ definitelyNotACommand: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MongoServerError);
    expect((err as MongoServerError).code).toBe(59);
    expect((err as MongoServerError).codeName).toBe('CommandNotFound');
    expect((err as MongoServerError).message).toContain("no such command: 'definitelyNotACommand'");
  });

  it('when a transaction is started on the standalone, then it is refused with code 20', async () => {
    // A real replica set accepts transactions; this test describes standalone behaviour.
    const hello = await client.db('admin').command({ hello: 1 });
    if (hello.setName) return;
    const session = client.startSession();
    try {
      session.startTransaction();
      const err = await client
        .db(DB)
        .collection('tx')
        .insertOne({ a: 1 }, { session })
        .catch((e: unknown) => e);
      const original = standaloneTxnError(err);
      expect(original.code).toBe(20);
      expect(original.codeName).toBe('IllegalOperation');
      expect(original.message).toBe('Transaction numbers are only allowed on a replica set member or mongos');
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
  });

  it('when mongoose runs a transaction on the standalone, then it fails with code 20', async () => {
    const hello = await client.db('admin').command({ hello: 1 });
    if (hello.setName) return;
    const conn = await mongoose.createConnection(target.uriFor(DB)).asPromise();
    try {
      const Tx = conn.model('Tx', new mongoose.Schema({ a: Number }));
      const err = await conn
        .transaction(async (session) => {
          await Tx.create([{ a: 1 }], { session });
        })
        .catch((e: unknown) => e);
      expect(standaloneTxnError(err).code).toBe(20);
    } finally {
      await conn.close();
    }
  });

  it('when databases are listed, then the test database appears after a write', async () => {
    await client.db(DB).collection('presence').insertOne({ here: true });
    const { databases } = await client.db('admin').admin().listDatabases();
    expect(databases.map((d) => d.name)).toContain(DB);
  });

  it('when collStats and dbStats are requested, then counts are reported', async () => {
    await client.db(DB).collection('stats').insertMany([{ a: 1 }, { a: 2 }]);
    const coll = await client.db(DB).command({ collStats: 'stats' });
    expect(coll.count).toBe(2);
    const db = await client.db(DB).command({ dbStats: 1 });
    expect(db.collections).toBeGreaterThanOrEqual(1);
    expect(db.objects).toBeGreaterThanOrEqual(2);
  });
});
