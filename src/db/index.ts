/**
 * db — the MongoDB connection (real through MONGODB_URI, or the embedded in-memory engine) and
 * how the application tells an outage from an error.
 */
export { openDatabase, type Database } from './connection';
export { startEmbeddedMongo, type EmbeddedMongo } from './embedded';
export { isTransientDbError, retryWhileUnavailable } from './transient';
