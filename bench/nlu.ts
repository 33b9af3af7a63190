/**
 * Understanding benchmark: time to train the classifier at start-up (per office, as the service
 * does) and time to understand one message (every evaluation line, repeated), p50/p99.
 */
import { performance } from 'node:perf_hooks';
import { loadAgencyProfile } from '../src/agency/load-profile';
import { FLOW_INTENTS } from '../flows';
import { loadUnderstanding } from '../src/understanding';
import { loadEvalSet } from '../src/understanding/eval/evaluate';

export async function benchUnderstanding(flowsDir = 'flows', rounds = 5) {
  const profile = loadAgencyProfile(flowsDir, 'banjarmasin');
  const t0 = performance.now();
  const understanding = await loadUnderstanding({ flowsDir, flowIntents: FLOW_INTENTS, officeUtterances: profile.utterances, officeFile: 'banjarmasin' });
  const trainMs = performance.now() - t0;
  const lines = loadEvalSet().map((l) => l.text);
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const line of lines) {
      const start = performance.now();
      await understanding.understand(line);
      times.push(performance.now() - start);
    }
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Number(times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(3));
  return { trainMs: Math.round(trainMs), messages: times.length, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
}

if (require.main === module) {
  benchUnderstanding().then((r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`));
}
