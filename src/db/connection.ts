/**
 * Database: one mongoose connection for the process. With MONGODB_URI it is the real
 * MongoDB; without it, the embedded in-memory engine (src/db/embedded) is started and the
 * log says loudly that data lives in memory only.
 */
import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';
import { servesHere, startEmbeddedMongo, type EmbeddedMongo } from './embedded';

export interface Database {
  connection: Connection;
  uri: string;
  embedded: EmbeddedMongo | null;
  /** Round-trip to the server; false when it cannot be reached. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function openDatabase(options: { uri?: string; dbName?: string; embeddedPort?: number; logger: Logger }): Promise<Database> {
  const { logger } = options;
  let embedded: EmbeddedMongo | null = null;
  let uri = options.uri;
  if (!uri) {
    embedded = await startEmbeddedMongo({ port: options.embeddedPort });
    uri = `${embedded.uri}${options.dbName ?? 'dinsos'}`;
    logger.warn({ uri }, '*** MONGODB_URI is not set: using the embedded in-memory database. DATA LIVES IN MEMORY ONLY and is lost on exit. ***');
  }
  // A real server that does not answer in 5 s is down; the embedded one runs in this process and
  // is only slow to answer when the CPU is starved (a whole test suite on two cores).
  // That holds for an engine a test started and passed in by URI as much as for one started here.
  const inProcess = embedded !== null || servesHere(uri);
  const connection = mongoose.createConnection(uri, { serverSelectionTimeoutMS: inProcess ? 30_000 : 5000, autoIndex: true });
  await connection.asPromise();
  logger.info({ embedded: Boolean(embedded) }, 'database connected');
  return {
    connection,
    uri,
    embedded,
    async ping() {
      try {
        await connection.db!.admin().command({ ping: 1 }, { timeoutMS: 2000 });
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await connection.close();
      await embedded?.stop();
    },
  };
}
