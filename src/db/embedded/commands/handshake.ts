/**
 * Connection-level commands the driver and mongoose send while connecting, monitoring and
 * closing. The engine presents itself as a standalone MongoDB 7.0 (maxWireVersion 21, no
 * setName, no topologyVersion so monitoring polls instead of streaming) without auth.
 */
import type { Document } from 'bson';
import os from 'node:os';
import { CommandError, ErrorCodes } from '../errors';
import { MAX_BSON_SIZE, MAX_MESSAGE_SIZE } from '../wire';
import type { CommandContext, Handler } from './types';

const VERSION = '7.0.0';
const startedAt = Date.now();

function hello(_cmd: Document, ctx: CommandContext): Document {
  return {
    helloOk: true,
    ismaster: true,
    isWritablePrimary: true,
    maxBsonObjectSize: MAX_BSON_SIZE,
    maxMessageSizeBytes: MAX_MESSAGE_SIZE,
    maxWriteBatchSize: 100000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: ctx.connectionId,
    minWireVersion: 0,
    maxWireVersion: 21,
    readOnly: false,
    ok: 1,
  };
}

const ok = (): Document => ({ ok: 1 });

export const handshakeCommands: Record<string, Handler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: ok,
  endSessions: ok,
  killSessions: ok,
  killAllSessions: ok,
  refreshSessions: ok,
  logout: ok,
  buildInfo: () => ({
    version: VERSION,
    gitVersion: 'embedded',
    versionArray: [7, 0, 0, 0],
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_SIZE,
    storageEngines: ['memory'],
    modules: [],
    ok: 1,
  }),
  getParameter: (cmd) => {
    const out: Document = { ok: 1 };
    if (cmd.featureCompatibilityVersion !== undefined || cmd.getParameter === '*') out.featureCompatibilityVersion = { version: '7.0' };
    return out;
  },
  getCmdLineOpts: () => ({ argv: ['embedded-mongo'], parsed: {}, ok: 1 }),
  serverStatus: (_cmd, ctx) => ({
    host: `${os.hostname()}:${ctx.port}`,
    version: VERSION,
    process: 'mongod',
    pid: process.pid,
    uptime: Math.floor((Date.now() - startedAt) / 1000),
    uptimeMillis: Date.now() - startedAt,
    localTime: new Date(),
    storageEngine: { name: 'memory', persistent: false },
    ok: 1,
  }),
  hostInfo: () => ({
    system: { currentTime: new Date(), hostname: os.hostname(), numCores: os.cpus().length, memSizeMB: Math.round(os.totalmem() / 1048576) },
    os: { type: os.type(), name: os.platform(), version: os.release() },
    extra: {},
    ok: 1,
  }),
  getLog: (cmd) => (cmd.getLog === '*' ? { names: ['global', 'startupWarnings'], ok: 1 } : { totalLinesWritten: 0, log: [], ok: 1 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  whatsmyuri: (_cmd, ctx) => ({ you: ctx.remoteAddress, ok: 1 }),
  getFreeMonitoringStatus: () => ({ state: 'disabled', ok: 1 }),
  saslStart: () => {
    throw new CommandError(ErrorCodes.AuthenticationFailed, 'Authentication failed: the embedded engine has no users; connect without credentials.');
  },
  saslContinue: () => {
    throw new CommandError(ErrorCodes.AuthenticationFailed, 'Authentication failed.');
  },
  authenticate: () => {
    throw new CommandError(ErrorCodes.AuthenticationFailed, 'Authentication failed.');
  },
  // Transactions are refused up-front by the dispatcher; these only run without txnNumber.
  commitTransaction: () => {
    throw transactionsUnsupported();
  },
  abortTransaction: () => {
    throw transactionsUnsupported();
  },
};

export function transactionsUnsupported(): CommandError {
  return new CommandError(ErrorCodes.IllegalOperation, 'Transaction numbers are only allowed on a replica set member or mongos');
}
