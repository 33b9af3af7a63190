/**
 * `npm run bench`: runs the understanding, engine, scaling, SLA-scan and memory benchmarks, prints the figures and
 * writes them to bench/results/bench.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { benchEngine } from './engine';
import { benchUnderstanding } from './nlu';
import { execFileSync } from 'node:child_process';

/**
 * The heap limits issue 18 suggests for its RSS aim (BENCH_MEMORY_NODE_FLAGS to try others). Not
 * set in the Dockerfile: they shrink V8's headroom, not what the service keeps, and cost GC CPU.
 */
const MEMORY_NODE_FLAGS = (process.env.BENCH_MEMORY_NODE_FLAGS ?? '--max-old-space-size=128').split(' ').filter(Boolean);

async function main() {
  const results: Record<string, unknown> = { at: new Date().toISOString(), node: process.version };
  process.stdout.write('understanding: start-up training and time per message…\n');
  results.understanding = await benchUnderstanding();
  process.stdout.write(`${JSON.stringify(results.understanding, null, 2)}\n`);
  process.stdout.write('engine: 1,000 chats, 20,000 messages in rounds alternating with the baseline, then open loop at fixed rates…\n');
  results.engine = await benchEngine();
  process.stdout.write(`${JSON.stringify(results.engine, null, 2)}\n`);
  process.stdout.write('scaling: per-message time as every collection grows (BENCH_SCALING_SIZES)…\n');
  results.scaling = await (await import('./scaling')).benchScaling();
  process.stdout.write(`${JSON.stringify(results.scaling, null, 2)}\n`);
  try {
    const { benchSlaScan } = await import('./sla-scan');
    process.stdout.write('SLA scan…\n');
    results.slaScan = await benchSlaScan();
    process.stdout.write(`${JSON.stringify(results.slaScan, null, 2)}\n`);
  } catch (err) {
    results.slaScan = { skipped: String(err) };
  }
  process.stdout.write('memory: 10,000 live sessions…\n');
  // A fresh process running compiled JavaScript, as production does (`node dist/...`): neither
  // the heaps of the benchmarks above nor the TypeScript loader's memory count.
  const root = path.join(__dirname, '..');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.bench.json'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/copy-assets.js', '.bench-build'], { cwd: root, stdio: 'inherit' });
  // Twice: with V8's default heap limits, and with MEMORY_NODE_FLAGS.
  const memoryRun = (flags: string[]) => {
    const out = execFileSync(process.execPath, ['--expose-gc', ...flags, '.bench-build/bench/memory.js'], { cwd: root, encoding: 'utf8' });
    return { nodeFlags: flags.join(' '), ...JSON.parse(out.trim().split('\n').pop()!) };
  };
  results.memory = [memoryRun([]), memoryRun(MEMORY_NODE_FLAGS)];
  process.stdout.write(`${JSON.stringify(results.memory, null, 2)}\n`);
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'results', 'bench.json'), JSON.stringify(results, null, 2));
  process.stdout.write(`written to bench/results/bench.json\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
