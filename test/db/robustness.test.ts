import net from 'node:net';
import mongoose from 'mongoose';
import { BSON, MongoClient } from 'mongodb';
import { crc32c } from '../../src/db/embedded/wire';
import { describeEngine, startTarget, type DbTarget } from './target';

const DB = 'conformance_robustness';

interface RawReply {
  closed: boolean;
  reply?: BSON.Document;
}

/** Sends raw bytes and waits for either one complete reply frame or the server closing the socket. */
function rawExchange(port: number, bytes: Buffer, opts: { closeAfterWrite?: boolean } = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('server neither answered nor closed within 3 s'));
    }, 3000);
    const finish = (r: RawReply): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    socket.on('connect', () => {
      socket.write(bytes);
      if (opts.closeAfterWrite) setTimeout(() => finish({ closed: false }), 50);
    });
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length >= 4 && buf.length >= buf.readInt32LE(0)) {
        const opCode = buf.readInt32LE(12);
        const bodyOffset = opCode === 2013 ? 21 : 36;
        finish({ closed: false, reply: BSON.deserialize(buf.subarray(bodyOffset, buf.readInt32LE(0))) });
      }
    });
    socket.on('close', () => finish({ closed: true }));
    socket.on('error', () => finish({ closed: true }));
  });
}

function opMsg(body: Buffer, opts: { flags?: number; opCode?: number; checksum?: 'good' | 'bad' } = {}): Buffer {
  const checksumBytes = opts.checksum ? 4 : 0;
  const length = 16 + 4 + 1 + body.length + checksumBytes;
  const frame = Buffer.alloc(length);
  frame.writeInt32LE(length, 0);
  frame.writeInt32LE(7, 4);
  frame.writeInt32LE(0, 8);
  frame.writeInt32LE(opts.opCode ?? 2013, 12);
  frame.writeUInt32LE((opts.flags ?? 0) | (opts.checksum ? 1 : 0), 16);
  frame[20] = 0;
  body.copy(frame, 21);
  if (opts.checksum) {
    const crc = crc32c(frame.subarray(0, length - 4));
    frame.writeUInt32LE(opts.checksum === 'good' ? crc : (crc ^ 0xff) >>> 0, length - 4);
  }
  return frame;
}

describeEngine('embedded engine: malformed input and outages', () => {
  let target: DbTarget;
  let port: number;

  beforeAll(async () => {
    target = await startTarget();
    port = target.engine!.port;
  });

  afterAll(async () => {
    await target?.stop();
  });

  it('when garbage and impossible frames arrive, then that connection is closed and others keep working', async () => {
    expect((await rawExchange(port, Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))).closed).toBe(true);
    expect((await rawExchange(port, Buffer.from([8, 0, 0, 0, 1, 2, 3, 4]))).closed).toBe(true);
    expect((await rawExchange(port, opMsg(Buffer.from(BSON.serialize({ ping: 1, $db: 'admin' })), { opCode: 9999 }))).closed).toBe(true);
    const negative = Buffer.alloc(16);
    negative.writeInt32LE(-5, 0);
    expect((await rawExchange(port, negative)).closed).toBe(true);
    // A frame that never completes: the client gives up, the server must not be affected.
    expect((await rawExchange(port, Buffer.from([200, 0, 0, 0, 1, 2]), { closeAfterWrite: true })).closed).toBe(false);

    const client = await MongoClient.connect(target.uriFor(DB));
    try {
      await client.db(DB).collection('still').insertOne({ ok: true });
      expect(await client.db(DB).collection('still').countDocuments()).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('when an OP_MSG carries truncated or invalid BSON, then an error reply comes back', async () => {
    const truncated = Buffer.from(BSON.serialize({ ping: 1, $db: 'admin' })).subarray(0, 8);
    const r1 = await rawExchange(port, opMsg(truncated));
    expect(r1.reply?.ok).toBe(0);
    const lying = Buffer.from(BSON.serialize({ ping: 1, $db: 'admin' }));
    lying.writeInt32LE(5000, 0);
    expect((await rawExchange(port, opMsg(lying))).reply?.ok).toBe(0);
    const badType = Buffer.from(BSON.serialize({ ping: 1, $db: 'admin' }));
    badType[4] = 0x77; // unknown element type
    expect((await rawExchange(port, opMsg(badType))).reply?.ok).toBe(0);
    const noDb = await rawExchange(port, opMsg(Buffer.from(BSON.serialize({ ping: 1 }))));
    expect(noDb.reply?.ok).toBe(0);
  });

  it('when hundreds of random OP_MSG bodies arrive, then each gets an answer or a close and the server survives', async () => {
    let seed = 42;
    const rand = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const valid = Buffer.from(BSON.serialize({ find: 'x', filter: { a: { $gt: 1 } }, $db: DB }));
    for (let i = 0; i < 150; i++) {
      const body = Buffer.from(valid);
      for (let k = 0; k < 1 + Math.floor(rand() * 6); k++) body[Math.floor(rand() * body.length)] = Math.floor(rand() * 256);
      const r = await rawExchange(port, opMsg(body, { flags: rand() < 0.1 ? 0xffff : 0 }));
      expect(r.closed || r.reply !== undefined).toBe(true);
    }
    expect((await rawExchange(port, opMsg(Buffer.from(BSON.serialize({ ping: 1, $db: 'admin' }))))).reply).toMatchObject({ ok: 1 });
  });

  it('when OP_MSG has the checksum flag, then a valid crc32c is accepted and a wrong one is rejected', async () => {
    const body = Buffer.from(BSON.serialize({ ping: 1, $db: 'admin' }));
    expect((await rawExchange(port, opMsg(body, { checksum: 'good' }))).reply).toMatchObject({ ok: 1 });
    expect((await rawExchange(port, opMsg(body, { checksum: 'bad' }))).reply?.ok).toBe(0);
  });

  it('when an insert carries its documents in a kind-1 document sequence, then they are all stored', async () => {
    const body = Buffer.from(BSON.serialize({ insert: 'seq', $db: DB }));
    const docs = [{ n: 1 }, { n: 2 }, { n: 3 }].map((d) => Buffer.from(BSON.serialize(d)));
    const ident = Buffer.from('documents\0');
    const seqSize = 4 + ident.length + docs.reduce((n, d) => n + d.length, 0);
    const seq = Buffer.alloc(1 + seqSize);
    seq[0] = 1;
    seq.writeInt32LE(seqSize, 1);
    ident.copy(seq, 5);
    let off = 5 + ident.length;
    for (const d of docs) off += d.copy(seq, off);
    const frame = opMsg(body);
    const full = Buffer.concat([frame, seq]);
    full.writeInt32LE(full.length, 0);
    expect((await rawExchange(port, full)).reply).toMatchObject({ n: 3, ok: 1 });
  });

  it('when a legacy OP_QUERY isMaster arrives, then it is answered with OP_REPLY', async () => {
    const query = Buffer.from(BSON.serialize({ isMaster: 1 }));
    const ns = Buffer.from('admin.$cmd\0');
    const length = 16 + 4 + ns.length + 8 + query.length;
    const frame = Buffer.alloc(length);
    frame.writeInt32LE(length, 0);
    frame.writeInt32LE(1, 4);
    frame.writeInt32LE(2004, 12);
    ns.copy(frame, 20);
    frame.writeInt32LE(-1, 20 + ns.length + 4);
    query.copy(frame, 20 + ns.length + 8);
    const { reply } = await rawExchange(port, frame);
    expect(reply).toMatchObject({ ismaster: true, ok: 1, maxWireVersion: 21 });
  });

  it('when an outage is simulated, then the driver fails during it and recovers afterwards with data kept', async () => {
    const client = await MongoClient.connect(target.uriFor(DB), { serverSelectionTimeoutMS: 300, heartbeatFrequencyMS: 500 });
    try {
      await client.db(DB).collection('outage').insertOne({ before: true });
      const outage = target.engine!.simulateOutage(1200);
      const during = await client
        .db(DB)
        .collection('outage')
        .findOne({})
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(during).toBeInstanceOf(Error);
      await outage;
      let after: unknown = null;
      for (let attempt = 0; attempt < 20 && !after; attempt++) {
        after = await client.db(DB).collection('outage').findOne({ before: true }).catch(() => null);
        if (!after) await new Promise((r) => setTimeout(r, 100));
      }
      expect(after).toMatchObject({ before: true });
    } finally {
      await client.close();
    }
  });

  it('when mongoose is connected during an outage, then it reconnects by itself afterwards', async () => {
    const conn = await mongoose.createConnection(target.uriFor(DB), { serverSelectionTimeoutMS: 300, heartbeatFrequencyMS: 500 }).asPromise();
    try {
      const Note = conn.model('Note', new mongoose.Schema({ text: String }));
      await Note.create({ text: 'kept' });
      const outage = target.engine!.simulateOutage(800);
      await expect(Note.findOne({ text: 'kept' }).lean()).rejects.toThrow();
      await outage;
      let found: { text?: string | null } | null = null;
      for (let attempt = 0; attempt < 20 && !found; attempt++) {
        found = await Note.findOne({ text: 'kept' }).lean().catch(() => null);
        if (!found) await new Promise((r) => setTimeout(r, 100));
      }
      expect(found?.text).toBe('kept');
    } finally {
      await conn.close();
    }
  });

  it('when an aggregation result exceeds the 16 MB document limit, then the command fails and the connection survives', async () => {
    const client = await MongoClient.connect(target.uriFor(DB));
    try {
      const big = 'z'.repeat(9 * 1024 * 1024);
      await client.db(DB).collection('huge').insertMany([{ big }, { big }]);
      const err = await client
        .db(DB)
        .collection('huge')
        .aggregate([{ $group: { _id: null, all: { $push: '$big' } } }])
        .toArray()
        .catch((e: { code?: number }) => e);
      expect((err as { code?: number }).code).toBe(10334);
      expect(await client.db(DB).collection('huge').countDocuments()).toBe(2);
      await client.db(DB).collection('huge').drop();
    } finally {
      await client.close();
    }
  });

  it('when stop() is called during an outage and again, then the outage promise settles and nothing breaks', async () => {
    const extra = await startTarget();
    const outage = extra.engine!.simulateOutage(60_000);
    await extra.stop();
    await expect(outage).resolves.toBeUndefined();
    await expect(extra.stop()).resolves.toBeUndefined();
  });
});
