import { evaluate, loadEvalSet } from './src/understanding/eval/evaluate';
import { readFileSync } from 'fs';
import { loadUnderstanding } from './src/understanding/load';
import { FLOW_INTENTS } from './flows';
async function dev() {
  const u = await loadUnderstanding({ flowsDir: 'flows', flowIntents: FLOW_INTENTS, officeUtterances: {}, officeFile: 'x' });
  let ok = 0, n = 0;
  for (const f of ['/tmp/probe/cases.txt', '/tmp/probe/cases2.txt', '/tmp/probe/cases3.txt', '/tmp/nlu_probe/probes.txt']) {
    for (const l of readFileSync(f, 'utf8').split('\n').filter((l) => l.includes('|') && !l.startsWith('#'))) {
      const [exp, text] = l.split('|').map((s) => s.trim());
      const m = await u.understand(text);
      const got = m.topics.length ? m.topics.join(',') : m.intent && ['thanks', 'menu', 'cancel'].includes(m.intent) ? m.intent : 'none';
      n++; if (got === exp) ok++;
    }
  }
  return `${ok}/${n} = ${(100 * ok / n).toFixed(1)}%`;
}
async function main() {
  const d = await dev();
  const s = await evaluate('flows', loadEvalSet());
  console.log('dev', d, 'eval', (s.accuracy * 100).toFixed(1), 'mustNot', s.mustNotViolations.length);
}
main();
