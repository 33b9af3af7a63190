/**
 * SLA-scan benchmark: the monitor's query for unanswered tickets nearing or past their
 * deadline, timed at 10k, 100k and 1M tickets. As in a real office, the open backlog stays
 * the same size while closed tickets pile up, so an index keeps the time flat and a scan
 * grows with the total.
 */
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { TicketStore } from '../src/complaints/ticket-store';
import { startEmbeddedMongo } from '../src/db/embedded';

// 1M tickets is opt-in (BENCH_SLA_SIZES=…,1000000): it runs out of heap even at 4 GB here.
const SIZES = (process.env.BENCH_SLA_SIZES ?? '10000,100000').split(',').map(Number);
const OPEN = 500;
const BATCH = 10_000;

function ticket(i: number, open: boolean, base: number) {
  const receivedAt = new Date(base - (i % 5000) * 3_600_000);
  return {
    number: `ADU-BEN-2611-${String(i).padStart(7, '0')}`,
    office: 'banjarmasin', channel: 'whatsapp', topic: 'loket', body: 'x',
    complainant: { name: 'x', phoneHash: null, phoneSealed: null, nikHash: null, nikSealed: null },
    identityComplete: true, confidential: false, attachments: 0, chatHash: `c${i % 997}`, chatSealed: null, fingerprint: null,
    stage: open ? 'cek_administrasi' : 'selesai', history: [], receivedAt,
    responseDueAt: new Date(receivedAt.getTime() + 3 * 86_400_000), provisional: false, pause: null,
    respondedAt: open ? null : new Date(receivedAt.getTime() + 86_400_000), responses: [], replies: [], assignee: null, overdue: false,
    alerts: { reminderSentAt: null, escalatedAt: null }, laporTrackingId: null, ratingRequestedAt: null, rating: null,
    createdAt: receivedAt, updatedAt: receivedAt, rev: 0,
  };
}

export async function benchSlaScan() {
  const mongo = await startEmbeddedMongo();
  const connection = await mongoose.createConnection(`${mongo.uri}bench_sla`).asPromise();
  const store = new TicketStore(connection);
  await Promise.all(Object.values(connection.models).map((m) => m.init()));
  const raw = connection.db!.collection('tickets');
  const base = Date.UTC(2026, 10, 23);
  const results: { tickets: number; open: number; candidates: number; ms: number }[] = [];
  let inserted = 0;
  for (const size of SIZES) {
    while (inserted < size) {
      const n = Math.min(BATCH, size - inserted);
      // Open tickets are the first OPEN ever inserted: the backlog stays constant as the total grows.
      await raw.insertMany(Array.from({ length: n }, (_, k) => ticket(inserted + k, inserted + k < OPEN, base)), { ordered: false });
      inserted += n;
    }
    const before = new Date(base + 86_400_000);
    await store.alertCandidates(before); // warm up
    const runs = 5;
    const t0 = performance.now();
    let candidates = 0;
    for (let r = 0; r < runs; r++) candidates = (await store.alertCandidates(before)).length;
    const ms = (performance.now() - t0) / runs;
    results.push({ tickets: size, open: OPEN, candidates, ms: Number(ms.toFixed(2)) });
    process.stdout.write(`  ${size} tickets: ${ms.toFixed(2)} ms per scan (${candidates} candidates)\n`);
  }
  await connection.close();
  await mongo.stop();
  return results;
}
