/**
 * The commands a test's embedded database receives, as "<command> <collection>" ("insert outbox"),
 * in order: for tests that count round trips. Clear it with `commands.length = 0`.
 */
import type { Document } from 'mongodb';
import type { EmbeddedMongo } from '../../src/db/embedded';

export function recordCommands(mongo: EmbeddedMongo): string[] {
  const commands: string[] = [];
  mongo.observeCommands((_db: string, body: Document) => {
    const name = Object.keys(body)[0];
    commands.push(`${name} ${String(body[name])}`);
  });
  return commands;
}
