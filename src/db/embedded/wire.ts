/**
 * MongoDB wire protocol framing: splits the TCP byte stream into messages and encodes replies.
 * Only what drivers use today is understood: OP_MSG (2013) for every command, legacy OP_QUERY
 * (2004) because drivers still send the very first `hello`/`isMaster` that way, answered with
 * OP_REPLY (1). Anything else is reported as a protocol error so the connection can be closed
 * instead of guessed at.
 */
import { deserialize, serialize, type Document } from 'bson';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

export const HEADER_SIZE = 16;
/** Same as the real server's maxMessageSizeBytes; larger frames are rejected before buffering. */
export const MAX_MESSAGE_SIZE = 48_000_000;
export const MAX_BSON_SIZE = 16 * 1024 * 1024;

const FLAG_CHECKSUM_PRESENT = 1 << 0;
const FLAG_MORE_TO_COME = 1 << 1;
const FLAG_EXHAUST_ALLOWED = 1 << 16;
const KNOWN_FLAGS = FLAG_CHECKSUM_PRESENT | FLAG_MORE_TO_COME | FLAG_EXHAUST_ALLOWED;

/** Incoming documents keep Long (promoteLongs false) so 64-bit integers round-trip byte-exact. */
export const DESERIALIZE_OPTIONS = { promoteLongs: false, promoteValues: true, promoteBuffers: false } as const;
const SERIALIZE_OPTIONS = { checkKeys: false, ignoreUndefined: true } as const;

export class ProtocolError extends Error {}

export interface Header {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export type Request =
  | { kind: 'msg'; header: Header; body: Document; moreToCome: boolean }
  | { kind: 'query'; header: Header; collection: string; body: Document };

export function readHeader(buf: Buffer): Header {
  return { length: buf.readInt32LE(0), requestId: buf.readInt32LE(4), responseTo: buf.readInt32LE(8), opCode: buf.readInt32LE(12) };
}

function readBson(buf: Buffer, offset: number, end: number): { doc: Document; next: number } {
  if (offset + 5 > end) throw new ProtocolError('truncated BSON document');
  const size = buf.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new ProtocolError('invalid BSON document length');
  const doc = deserialize(buf.subarray(offset, offset + size), DESERIALIZE_OPTIONS);
  return { doc, next: offset + size };
}

function readCString(buf: Buffer, offset: number, end: number): { value: string; next: number } {
  const zero = buf.indexOf(0, offset);
  if (zero < 0 || zero >= end) throw new ProtocolError('unterminated cstring');
  return { value: buf.toString('utf8', offset, zero), next: zero + 1 };
}

/** Parses one complete frame (header included). Throws ProtocolError on anything malformed. */
export function parseMessage(frame: Buffer): Request {
  const header = readHeader(frame);
  if (header.opCode === OP_MSG) return parseOpMsg(frame, header);
  if (header.opCode === OP_QUERY) return parseOpQuery(frame, header);
  if (header.opCode === OP_COMPRESSED) throw new ProtocolError('compression is not supported (none was negotiated)');
  throw new ProtocolError(`unsupported opCode ${header.opCode}`);
}

function parseOpMsg(frame: Buffer, header: Header): Request {
  if (frame.length < HEADER_SIZE + 5) throw new ProtocolError('OP_MSG too short');
  const flags = frame.readUInt32LE(HEADER_SIZE);
  if ((flags & 0xffff & ~KNOWN_FLAGS) !== 0) throw new ProtocolError(`unknown required OP_MSG flag bits ${flags}`);
  let end = frame.length;
  if (flags & FLAG_CHECKSUM_PRESENT) {
    if (frame.length < HEADER_SIZE + 9) throw new ProtocolError('OP_MSG checksum missing');
    end -= 4;
    const expected = frame.readUInt32LE(end);
    if (crc32c(frame.subarray(0, end)) !== expected) throw new ProtocolError('OP_MSG checksum mismatch');
  }
  let offset = HEADER_SIZE + 4;
  let body: Document | undefined;
  const sequences: Array<{ id: string; docs: Document[] }> = [];
  while (offset < end) {
    const kind = frame[offset++];
    if (kind === 0) {
      if (body) throw new ProtocolError('OP_MSG has more than one body section');
      const r = readBson(frame, offset, end);
      body = r.doc;
      offset = r.next;
    } else if (kind === 1) {
      if (offset + 4 > end) throw new ProtocolError('truncated document sequence');
      const size = frame.readInt32LE(offset);
      const seqEnd = offset + size;
      if (size < 5 || seqEnd > end) throw new ProtocolError('invalid document sequence length');
      const id = readCString(frame, offset + 4, seqEnd);
      const docs: Document[] = [];
      let p = id.next;
      while (p < seqEnd) {
        const r = readBson(frame, p, seqEnd);
        docs.push(r.doc);
        p = r.next;
      }
      sequences.push({ id: id.value, docs });
      offset = seqEnd;
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new ProtocolError('OP_MSG without body section');
  // A document sequence is equivalent to an array field of the same name in the body.
  for (const seq of sequences) body[seq.id] = seq.docs;
  return { kind: 'msg', header, body, moreToCome: (flags & FLAG_MORE_TO_COME) !== 0 };
}

function parseOpQuery(frame: Buffer, header: Header): Request {
  let offset = HEADER_SIZE + 4; // flags
  const ns = readCString(frame, offset, frame.length);
  offset = ns.next + 8; // numberToSkip, numberToReturn
  const { doc } = readBson(frame, offset, frame.length);
  // Drivers may wrap the command as { $query: {...}, $readPreference: ... }.
  const body = doc.$query && typeof doc.$query === 'object' ? (doc.$query as Document) : doc;
  return { kind: 'query', header, collection: ns.value, body };
}

let nextRequestId = 1;

/** One allocation per reply: header + fixed prefix + serialized body. */
function frameWith(opCode: number, responseTo: number, prefixLength: number, doc: Document): Buffer {
  const body = serialize(doc, SERIALIZE_OPTIONS);
  const length = HEADER_SIZE + prefixLength + body.length;
  const frame = Buffer.allocUnsafe(length);
  frame.writeInt32LE(length, 0);
  frame.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  frame.writeInt32LE(responseTo, 8);
  frame.writeInt32LE(opCode, 12);
  frame.fill(0, HEADER_SIZE, HEADER_SIZE + prefixLength);
  frame.set(body, HEADER_SIZE + prefixLength);
  return frame;
}

/** OP_MSG reply: flagBits 0, one kind-0 section. */
export function encodeOpMsg(responseTo: number, doc: Document): Buffer {
  return frameWith(OP_MSG, responseTo, 5, doc);
}

/** OP_REPLY (legacy handshake): responseFlags 0, cursorID 0, startingFrom 0, numberReturned 1. */
export function encodeOpReply(responseTo: number, doc: Document): Buffer {
  const frame = frameWith(OP_REPLY, responseTo, 20, doc);
  frame.writeInt32LE(1, HEADER_SIZE + 16);
  return frame;
}

// CRC-32C (Castagnoli), used by the optional OP_MSG checksum.
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[i] = c >>> 0;
  }
  return table;
})();

export function crc32c(buf: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < buf.length; i++) crc = CRC_TABLE[(crc ^ buf[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
