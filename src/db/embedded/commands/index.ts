/**
 * Command dispatch: picks the handler by the body's first key, refuses transactions the way a
 * standalone mongod does, and converts any thrown error into an `{ ok: 0 }` reply so that a
 * bad command can never take the server down.
 */
import type { Document } from 'bson';
import { CommandError, ErrorCodes, errorReply } from '../errors';
import { adminCommands } from './admin';
import { aggregateCommands } from './aggregate';
import { crudCommands } from './crud';
import { explainCommands } from './explain';
import { handshakeCommands, transactionsUnsupported } from './handshake';
import type { CommandContext, Handler } from './types';

export type { CommandContext } from './types';

const HANDLERS = new Map<string, Handler>(
  Object.entries({ ...handshakeCommands, ...crudCommands, ...aggregateCommands, ...adminCommands, ...explainCommands }),
);

HANDLERS.set('listCommands', () => {
  const commands: Document = {};
  for (const name of HANDLERS.keys()) commands[name] = { help: '', adminOnly: false, secondaryOk: true };
  return { commands, ok: 1 };
});

export function runCommand(body: Document, ctx: CommandContext): Document {
  try {
    const name = Object.keys(body)[0];
    if (name === undefined) throw new CommandError(ErrorCodes.CommandNotFound, 'no such command: \'\'');
    if (body.txnNumber !== undefined || body.startTransaction === true || body.autocommit === false) throw transactionsUnsupported();
    const handler = HANDLERS.get(name);
    if (!handler) throw new CommandError(ErrorCodes.CommandNotFound, `no such command: '${name}'`);
    return handler(body, ctx);
  } catch (err) {
    return errorReply(err);
  }
}
