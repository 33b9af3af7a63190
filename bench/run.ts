/**
 * `npm run bench`: runs the engine, SLA-scan and memory benchmarks, prints the figures and
 * writes them to bench/results/bench.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { benchEngine } from './engine';
import { benchMemory } from './memory';

async function main() {
  const results: Record<string, unknown> = { at: new Date().toISOString(), node: process.version };
  process.stdout.write('engine: 1,000 chats × 20,000 messages…\n');
  results.engine = await benchEngine();
  process.stdout.write(`${JSON.stringify(results.engine, null, 2)}\n`);
  try {
    const { benchSlaScan } = await import('./sla-scan');
    process.stdout.write('SLA scan…\n');
    results.slaScan = await benchSlaScan();
    process.stdout.write(`${JSON.stringify(results.slaScan, null, 2)}\n`);
  } catch (err) {
    results.slaScan = { skipped: String(err) };
  }
  process.stdout.write('memory: 10,000 live sessions…\n');
  results.memory = await benchMemory();
  process.stdout.write(`${JSON.stringify(results.memory, null, 2)}\n`);
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'results', 'bench.json'), JSON.stringify(results, null, 2));
  process.stdout.write(`written to bench/results/bench.json\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
