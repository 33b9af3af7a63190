/**
 * The process is killed (SIGKILL) in the middle of conversations and restarted on the same
 * database: conversations resume at the same step, a complaint confirmed just before the kill
 * exists exactly once, and replies left in the outbox are sent once after the restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';

const ROOT = path.resolve(__dirname, '../..');
const TSX = require.resolve('tsx/cjs');
const KEY = 'd'.repeat(64);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function start(script: string, env: Record<string, string>, ready: RegExp): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-r', TSX, script], { cwd: ROOT, env: { PATH: process.env.PATH!, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`${script} exited with ${code}:\n${out}`)));
  });
}

async function kill(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

describe('when the service is killed and restarted', () => {
  let db: ChildProcess;
  let dbPort: number;
  let port: number;
  let service: ChildProcess;
  const uri = () => `mongodb://127.0.0.1:${dbPort}/restart_test`;
  const base = () => `http://127.0.0.1:${port}`;
  const startService = () =>
    start('src/main.ts', { NODE_ENV: 'test', PORT: String(port), MONGODB_URI: uri(), SIMULATOR_ENABLED: 'true', DATA_ENCRYPTION_KEY: KEY, LOG_LEVEL: 'info' }, /service listening/);
  const say = async (from: string, text: string): Promise<string> => {
    const res = await fetch(`${base()}/simulator/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from, text }) });
    const body = (await res.json()) as { replies: { text: string }[] };
    return body.replies.map((r) => r.text).join('\n');
  };

  beforeAll(async () => {
    dbPort = await freePort();
    port = await freePort();
    db = await start('src/db/embedded/cli.ts', { EMBEDDED_MONGO_PORT: String(dbPort) }, /mongodb:\/\//);
    service = await startService();
  }, 60_000);

  afterAll(async () => {
    await kill(service, 'SIGTERM');
    await kill(db, 'SIGTERM');
  });

  test('then conversations resume, a confirmed complaint exists once and pending replies go out once', async () => {
    // Chat A is in the middle of a complaint; chat B confirms one just before the kill.
    await say('6281700000001', 'pengaduan');
    await say('6281700000001', '2');
    for (const line of ['pengaduan', '1', 'Antrean di loket terlalu lama', 'selesai', 'Siti', 'lewati', '2']) await say('6281700000002', line);
    const filed = await say('6281700000002', '1');
    const number = /ADU-[A-Z]+-\d{4}-\d{4}/.exec(filed)?.[0];
    expect(number).toBeDefined();
    await kill(service);

    // While it is down, a staff reply waits in the outbox.
    const client = await MongoClient.connect(uri());
    const outboxId = new ObjectId();
    await client.db().collection('outbox').insertOne({
      _id: outboxId, chatKey: 'simulator:6281700000003', channel: 'simulator', chatId: '6281700000003', text: 'Balasan petugas yang tertunda',
      source: 'staff', correlationId: null, staffUserId: null, status: 'pending', attempts: 0, nextAttemptAt: new Date(0), createdAt: new Date(), sentAt: null, error: null,
    });

    service = await startService();
    expect(await say('6281700000001', 'Petugas tidak ramah')).toContain('kami catat');
    const tickets = await client.db().collection('tickets').countDocuments({ number });
    expect(tickets).toBe(1);

    let entry: { status?: string } | null = null as { status?: string } | null;
    for (let i = 0; i < 50 && entry?.status !== 'sent'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      entry = (await client.db().collection('outbox').findOne({ _id: outboxId })) as { status?: string } | null;
    }
    expect(entry?.status).toBe('sent');
    const transcript = (await (await fetch(`${base()}/simulator/chats/6281700000003/messages`)).json()) as { messages: { text: string }[] };
    expect(transcript.messages.filter((m) => m.text === 'Balasan petugas yang tertunda')).toHaveLength(1);
    await client.close();
  }, 90_000);
});
