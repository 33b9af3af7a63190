/**
 * `npm run nlu:eval`: accuracy of the understanding on the held-out evaluation set, per intent
 * (precision, recall), per style and office, the commonest confusions and the must-not lines,
 * next to the same figures for the old keyword matcher.
 */
import { loadEnv } from '../../config/env';
import { DEV_SET, EVAL_SET, evaluate, evaluateKeywordBaseline, loadEvalSet, type Scores } from './evaluate';

const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
const pad = (s: string, n: number) => s.padEnd(n);

function report(title: string, s: Scores, baseline?: Scores): void {
  const out: string[] = [`\n== ${title}: ${s.correct}/${s.lines} = ${pct(s.accuracy)}`];
  out.push(`${pad('intent', 22)}${pad('n', 5)}${pad('precision', 11)}${pad('recall', 9)}${baseline ? 'old recall' : ''}`);
  for (const i of s.perIntent) {
    const old = baseline?.perIntent.find((b) => b.intent === i.intent);
    out.push(`${pad(i.intent, 22)}${pad(String(i.support), 5)}${pad(pct(i.precision), 11)}${pad(pct(i.recall), 9)}${baseline ? (old ? pct(old.recall) : '-') : ''}`);
  }
  out.push('by style:  ' + Object.entries(s.perStyle).map(([k, v]) => `${k} ${pct(v.accuracy)} (${v.lines})`).join(', '));
  out.push('by office: ' + Object.entries(s.perOffice).map(([k, v]) => `${k} ${pct(v.accuracy)} (${v.lines})`).join(', '));
  out.push('confusions (expected → got): ' + s.confusions.slice(0, 12).map((c) => `${c.expected}→${c.got} ×${c.count}`).join(', '));
  out.push(`must-not lines violated: ${s.mustNotViolations.length} of ${s.mustNotLines}`);
  for (const v of s.mustNotViolations.slice(0, 10)) out.push(`  ! "${v.text}" → ${v.got.join('+')}`);
  process.stdout.write(out.join('\n') + '\n');
}

async function main(): Promise<void> {
  const env = loadEnv({ ...process.env, NODE_ENV: 'development' });
  // `--dev`: the development set, for tuning; without it, the held-out evaluation set.
  const lines = loadEvalSet(process.argv.includes('--dev') ? DEV_SET : EVAL_SET);
  const baseline = evaluateKeywordBaseline(lines);
  const scores = await evaluate(env.FLOWS_DIR, lines);
  if (process.argv.includes('--failures')) {
    for (const f of scores.failures) process.stdout.write(`${f.office}\t${f.expected.join('+')}\t${f.got.join('+')}\t${f.text}\n`);
  }
  report('keyword matcher (before)', baseline);
  report('classifier (now)', scores, baseline);
  const recallFloor = Math.min(...scores.perIntent.filter((i) => i.support > 0).map((i) => i.recall));
  process.stdout.write(`\nSUMMARY  now ${pct(scores.accuracy)} (was ${pct(baseline.accuracy)}) · lowest intent recall ${pct(recallFloor)} · must-not violations ${scores.mustNotViolations.length}/${scores.mustNotLines}\n`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
