import { MongoClient } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { ensureTtlIndex } from '../../src/db/ttl-index';
import { loadEnv } from '../../src/config/env';
import { startTestService } from '../support/service';

const DAY = 24 * 3600;

/** expireAfterSeconds of the index on `field`, as the engine lists it. */
async function ttlOf(mongo: EmbeddedMongo, database: string, collection: string, field: string): Promise<unknown> {
  const client = await MongoClient.connect(mongo.uri);
  try {
    const indexes = await client.db(database).collection(collection).listIndexes().toArray();
    return indexes.find((index) => JSON.stringify(index.key) === JSON.stringify({ [field]: 1 }))?.expireAfterSeconds;
  } finally {
    await client.close();
  }
}

describe('retention of chat history and sessions (TTL indexes)', () => {
  let mongo: EmbeddedMongo;
  beforeAll(async () => {
    mongo = await startEmbeddedMongo();
  });
  afterAll(async () => {
    await mongo.stop();
  });

  test('when nothing is set, then chat history is kept 365 days and sessions 90, and bad values are refused', () => {
    expect(loadEnv({})).toMatchObject({ RETENTION_CHAT_DAYS: 365, RETENTION_SESSION_DAYS: 90 });
    expect(() => loadEnv({ RETENTION_CHAT_DAYS: '0' })).toThrow(/RETENTION_CHAT_DAYS must be at least 1/);
    expect(() => loadEnv({ RETENTION_SESSION_DAYS: 'lama' })).toThrow(/RETENTION_SESSION_DAYS must be a number/);
  });

  test('when the configured days change on an existing database, then the service updates the TTL indexes', async () => {
    const databaseName = 'ttl_restart';
    const first = await startTestService({ mongo, databaseName });
    await first.send('6281234567890', 'halo');
    await first.close();
    expect(await ttlOf(mongo, databaseName, 'messages', 'at')).toBe(365 * DAY);
    expect(await ttlOf(mongo, databaseName, 'sessions', 'lastActivityAt')).toBe(90 * DAY);

    const second = await startTestService({ mongo, databaseName, env: { RETENTION_CHAT_DAYS: '30', RETENTION_SESSION_DAYS: '7' } });
    try {
      expect(await ttlOf(mongo, databaseName, 'messages', 'at')).toBe(30 * DAY);
      expect(await ttlOf(mongo, databaseName, 'sessions', 'lastActivityAt')).toBe(7 * DAY);
      expect(second.logs.some((line) => line.msg === 'retention of chat history or sessions changed: TTL index updated')).toBe(true);
    } finally {
      await second.close();
    }
  });

  test('ensureTtlIndex creates, leaves alone, and changes in place with collMod', async () => {
    const client = await MongoClient.connect(mongo.uri);
    try {
      const db = client.db('ttl_unit');
      expect(await ensureTtlIndex(db, 'things', 'at', 10)).toBe('created');
      expect(await ensureTtlIndex(db, 'things', 'at', 10)).toBe('unchanged');
      expect(await ensureTtlIndex(db, 'things', 'at', 20)).toBe('updated');
      expect(await ttlOf(mongo, 'ttl_unit', 'things', 'at')).toBe(20);
      await expect(client.db('ttl_unit').command({ collMod: 'things', index: { keyPattern: { nope: 1 }, expireAfterSeconds: 5 } })).rejects.toMatchObject({ code: 27 });
    } finally {
      await client.close();
    }
  });
});
