/**
 * TCP side of the engine: accepts connections, cuts the byte stream into frames, runs each
 * command synchronously and writes the reply. Hostile or broken input is contained per
 * connection: an impossible frame length or unknown opCode closes that socket, an unparsable
 * body gets an error reply, and no exception ever escapes a socket handler (an escaped one
 * would take down the host process, which in tests and the demo is the application itself).
 */
import net from 'node:net';
import type { Document } from 'bson';
import { runCommand } from './commands';
import { CursorManager } from './cursors';
import { errorReply } from './errors';
import { Store } from './store';
import { HEADER_SIZE, MAX_MESSAGE_SIZE, OP_MSG, OP_QUERY, encodeOpMsg, encodeOpReply, parseMessage, readHeader } from './wire';

export class WireServer {
  readonly store = new Store();
  readonly cursors = new CursorManager();
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private nextConnectionId = 1;
  private refusingUntil = 0;
  private readonly outageWaiters = new Set<() => void>();
  private port = 0;
  /** Called with every command before it runs: lets a test record what an application sends. */
  onCommand: ((db: string, body: Document) => void) | null = null;

  constructor() {
    this.server = net.createServer((socket) => this.accept(socket));
    this.server.on('error', () => undefined);
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, host, () => {
        this.server.off('error', onError);
        this.port = (this.server.address() as net.AddressInfo).port;
        resolve(this.port);
      });
    });
  }

  /**
   * Drops every connection; new ones are closed on arrival until `ms` have passed. Resolves
   * when connections are accepted again (or the server is closed first).
   */
  outage(ms: number): Promise<void> {
    this.refusingUntil = Date.now() + ms;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.outageWaiters.delete(done);
        resolve();
      }, ms);
      const done = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.outageWaiters.add(done);
    });
  }

  async close(): Promise<void> {
    for (const done of this.outageWaiters) done();
    this.outageWaiters.clear();
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    this.cursors.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    if (Date.now() < this.refusingUntil) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    this.sockets.add(socket);
    const connectionId = this.nextConnectionId++;
    const remoteAddress = `${socket.remoteAddress}:${socket.remotePort}`;
    let chunks: Buffer[] = [];
    let buffered = 0;

    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.sockets.delete(socket);
      chunks = [];
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        chunks.push(chunk);
        buffered += chunk.length;
        while (buffered >= 4) {
          if (chunks[0].length < 4) chunks = [Buffer.concat(chunks, buffered)];
          const length = chunks[0].readInt32LE(0);
          if (length < HEADER_SIZE || length > MAX_MESSAGE_SIZE) {
            socket.destroy();
            return;
          }
          if (buffered < length) return;
          const all = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, buffered);
          const frame = all.subarray(0, length);
          const rest = all.subarray(length);
          chunks = rest.length ? [rest] : [];
          buffered = rest.length;
          if (!this.handleFrame(socket, frame, connectionId, remoteAddress)) {
            socket.destroy();
            return;
          }
          if (socket.destroyed) return;
        }
      } catch {
        socket.destroy();
      }
    });
  }

  /** Returns false when the connection must be closed. */
  private handleFrame(socket: net.Socket, frame: Buffer, connectionId: number, remoteAddress: string): boolean {
    const header = readHeader(frame);
    if (header.opCode !== OP_MSG && header.opCode !== OP_QUERY) return false;
    const encode = header.opCode === OP_MSG ? encodeOpMsg : encodeOpReply;
    let reply: Document;
    let silent = false;
    try {
      const request = parseMessage(frame);
      let db: string;
      if (request.kind === 'query') {
        db = request.collection.split('.', 1)[0] || 'admin';
      } else {
        silent = request.moreToCome;
        db = typeof request.body.$db === 'string' ? request.body.$db : '';
      }
      if (db && this.onCommand) this.onCommand(db, request.body);
      reply = db
        ? runCommand(request.body, { store: this.store, cursors: this.cursors, db, connectionId, remoteAddress, port: this.port })
        : { ok: 0, errmsg: 'OP_MSG requests require a $db argument', code: 40571, codeName: 'Location40571' };
    } catch (err) {
      const base = errorReply(err);
      reply = { ok: 0, errmsg: `invalid message: ${String(base.errmsg)}`, code: 22, codeName: 'InvalidBSON' };
    }
    if (silent) return true;
    let bytes: Buffer;
    try {
      bytes = encode(header.requestId, reply);
    } catch (err) {
      // e.g. an aggregation producing a document above the 16 MB BSON limit
      const message = err instanceof Error ? err.message : String(err);
      bytes = encode(header.requestId, { ok: 0, errmsg: `reply could not be encoded: ${message}`, code: 10334, codeName: 'BSONObjectTooLarge' });
    }
    socket.write(bytes);
    return true;
  }
}
