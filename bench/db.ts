/**
 * Embedded engine benchmark through mongoose: insertOne rate and findOne-by-unique-field rate
 * at 10k and 100k documents. The point is to show lookups stay flat as the collection grows
 * (index maps, no per-query scan). Writes bench/results/db.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { startEmbeddedMongo } from '../src/db/embedded';

interface Row {
  docs: number;
  insertOnePerSec: number;
  findOneByIndexedFieldPerSec: number;
  findOneHydratedPerSec: number;
}

async function rate(n: number, fn: (i: number) => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn(i);
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  return Math.round(n / secs);
}

async function main(): Promise<void> {
  const engine = await startEmbeddedMongo();
  const conn = await mongoose.createConnection(`${engine.uri}bench`).asPromise();
  const Person = conn.model(
    'Person',
    new mongoose.Schema({ nik: { type: String, unique: true }, name: String, district: String, score: Number }),
  );
  await Person.init();
  const rows: Row[] = [];
  let seeded = 0;
  for (const target of [10_000, 100_000]) {
    while (seeded < target) {
      const batch = [];
      for (let i = 0; i < 1000 && seeded < target; i++, seeded++) {
        batch.push({ nik: `N${seeded}`, name: `Person ${seeded}`, district: `D${seeded % 50}`, score: seeded % 100 });
      }
      await Person.insertMany(batch, { lean: true });
    }
    // warm-up
    for (let i = 0; i < 500; i++) await Person.findOne({ nik: `N${i}` }).lean();
    const findOne = await rate(5000, (i) => Person.findOne({ nik: `N${(i * 7919) % target}` }).lean());
    const hydrated = await rate(3000, (i) => Person.findOne({ nik: `N${(i * 104729) % target}` }));
    const insertOne = await rate(2000, (i) => Person.create({ nik: `X${target}-${i}`, name: 'x', district: 'D0', score: 1 }));
    await Person.deleteMany({ nik: { $regex: /^X/ } });
    rows.push({ docs: target, insertOnePerSec: insertOne, findOneByIndexedFieldPerSec: findOne, findOneHydratedPerSec: hydrated });
  }
  await conn.close();
  await engine.stop();

  console.log('\nEmbedded MongoDB engine via mongoose (ops/s, sequential awaits)');
  console.log('docs      insertOne/s   findOne by unique field, lean/s   same, hydrated/s');
  for (const r of rows) {
    console.log(
      `${String(r.docs).padEnd(9)} ${String(r.insertOnePerSec).padEnd(13)} ${String(r.findOneByIndexedFieldPerSec).padEnd(33)} ${r.findOneHydratedPerSec}`,
    );
  }
  const outDir = path.join(__dirname, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const os = await import('node:os');
  const result = { generatedAt: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadAverage: os.loadavg(), rows };
  fs.writeFileSync(path.join(outDir, 'db.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(`\nwritten ${path.join(outDir, 'db.json')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
