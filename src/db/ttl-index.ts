/**
 * A TTL index whose lifetime comes from configuration. createIndex alone cannot change it: on a
 * database that already has the index with another expireAfterSeconds it is refused (code 85),
 * and mongoose's autoIndex would only log that. So the index is read back, created when missing
 * and changed in place with collMod when the configured lifetime differs.
 */
import type { Collection, Db, Document } from 'mongodb';

const NAMESPACE_NOT_FOUND = 26;

async function existingIndexes<T extends Document>(collection: Collection<T>): Promise<Document[]> {
  try {
    return await collection.listIndexes().toArray();
  } catch (error) {
    if ((error as { code?: number }).code === NAMESPACE_NOT_FOUND) return [];
    throw error;
  }
}

/** Makes `collection` expire documents `seconds` after the date in `field`; answers what changed. */
export async function ensureTtlIndex(db: Db, collection: string, field: string, seconds: number): Promise<'created' | 'updated' | 'unchanged'> {
  const coll = db.collection(collection);
  const key = { [field]: 1 };
  const current = (await existingIndexes(coll)).find((index) => JSON.stringify(index.key) === JSON.stringify(key));
  if (!current) {
    await coll.createIndex(key, { expireAfterSeconds: seconds });
    return 'created';
  }
  if (current.expireAfterSeconds === seconds) return 'unchanged';
  await db.command({ collMod: collection, index: { keyPattern: key, expireAfterSeconds: seconds } });
  return 'updated';
}

/** The driver's database behind a mongoose connection (open by the time indexes are set). */
export function databaseOf(connection: { db?: Db | null }): Db {
  if (!connection.db) throw new Error('database connection is not open');
  return connection.db;
}
