/**
 * The commands a test's embedded database receives, as "<command> <collection>" ("insert outbox"),
 * in order: for tests that count round trips. Clear it with `commands.length = 0`.
 */
import type { Document } from 'mongodb';
import { startEmbeddedMongo, type EmbeddedMongo } from '../../src/db/embedded';
import { startTestService, type TestService } from './service';

export function recordCommands(mongo: EmbeddedMongo): string[] {
  const commands: string[] = [];
  mongo.observeCommands((_db: string, body: Document) => {
    const name = Object.keys(body)[0];
    commands.push(`${name} ${String(body[name])}`);
  });
  return commands;
}

/**
 * A service on an engine of its own whose commands are recorded, started before the file's tests
 * and stopped after them; `take` receives it (assign it to the file's own variables).
 */
export function useServiceWithCommandLog(take: (started: { t: TestService; commands: string[] }) => void): void {
  let mongo: EmbeddedMongo | undefined;
  let t: TestService | undefined;
  beforeAll(async () => {
    mongo = await startEmbeddedMongo();
    t = await startTestService({ mongo });
    take({ t, commands: recordCommands(mongo) });
  });
  afterAll(async () => {
    mongo?.observeCommands(null);
    await t?.close();
    await mongo?.stop();
  });
}
