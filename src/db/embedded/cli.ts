/**
 * `npm run db`: runs the embedded engine on its own so mongosh/Compass or a separately started
 * app (MONGODB_URI=...) can use it. Port from EMBEDDED_MONGO_PORT, else 27017 if free, else
 * any free port. Data lives in memory only and is gone when this process stops.
 */
import { startEmbeddedMongo, type EmbeddedMongo } from './index';

async function main(): Promise<void> {
  const requested = process.env.EMBEDDED_MONGO_PORT;
  const host = process.env.EMBEDDED_MONGO_HOST ?? '127.0.0.1';
  let engine: EmbeddedMongo;
  if (requested) {
    const port = Number(requested);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`EMBEDDED_MONGO_PORT is not a valid port: ${requested}`);
    engine = await startEmbeddedMongo({ port, host });
  } else {
    engine = await startEmbeddedMongo({ port: 27017, host }).catch(() => startEmbeddedMongo({ port: 0, host }));
  }
  console.log(`Embedded MongoDB-compatible engine listening at ${engine.uri}`);
  console.log(`  e.g. MONGODB_URI=${engine.uri}dinsos`);
  console.log('*** WARNING: DATA LIVES IN MEMORY ONLY and is lost when this process exits. Use a real MongoDB in production. ***');
  const shutdown = (signal: string): void => {
    console.log(`${signal} received, stopping embedded engine`);
    engine.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('embedded engine failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
