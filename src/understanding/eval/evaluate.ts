/**
 * Scores the understanding on the held-out evaluation set (test/nlu/eval-set.yaml): what the
 * router would act on for each line, compared with its labels. A line is right when the set of
 * intents acted on equals the labelled set. The old keyword matcher is scored the same way.
 */
import path from 'node:path';
import { z } from 'zod';
import { loadAgencyProfile } from '../../agency/load-profile';
import { readYamlFile } from '../../config/yaml-file';
import { FLOW_INTENTS } from '../../../flows';
import { loadUnderstanding } from '../load';
import type { Meaning, Understanding } from '../understand';
import { keywordWords, loadKeywordBaseline } from './keyword-baseline';

const evalLineSchema = z
  .object({
    text: z.string().min(1),
    office: z.string(),
    intents: z.array(z.string()).min(1),
    style: z.string(),
    mustNot: z.array(z.string()).optional(),
  })
  .strict();
export type EvalLine = z.infer<typeof evalLineSchema>;

export const EVAL_SET = path.join(__dirname, '../../../test/nlu/eval-set.yaml');
/** Lines for tuning thresholds and rules; the evaluation set stays unseen while tuning. */
export const DEV_SET = path.join(__dirname, '../../../test/nlu/dev-set.yaml');

export function loadEvalSet(file = EVAL_SET): EvalLine[] {
  return readYamlFile(file, z.array(evalLineSchema));
}

const CONFIRM_HANDOFF = 'handoff (asked)';

/** What the router acts on for a message outside any flow, as intent ids. */
export function actedOn(m: Meaning): string[] {
  // "makasih, balik ke menu": thanked on the way. A cancel always ends on the menu, asked for or not.
  if (m.command === 'menu') return [...(m.thanked ? ['thanks'] : []), 'menu'];
  if (m.command === 'cancel') return /\bmenu\b/.test(m.words.join(' ')) ? ['cancel', 'menu'] : ['cancel'];
  // Next to other questions a request for a person is confirmed first, not acted on.
  const thanked = m.thanked ? ['thanks'] : [];
  if (m.topics.length > 1) return [...thanked, ...m.topics.map((t) => (t === 'handoff' ? CONFIRM_HANDOFF : t))];
  if (m.topics.length) return [...thanked, ...m.topics];
  if (m.intent === 'thanks' || m.intent === 'menu' || m.intent === 'cancel') return [m.intent];
  if (m.greeting) return ['greeting'];
  if (/\d{16}/.test(m.digitRuns.join(' '))) return ['check'];
  return ['none'];
}

export interface Scores {
  lines: number;
  correct: number;
  accuracy: number;
  perIntent: { intent: string; support: number; precision: number; recall: number }[];
  confusions: { expected: string; got: string; count: number }[];
  perStyle: Record<string, { lines: number; accuracy: number }>;
  perOffice: Record<string, { lines: number; accuracy: number }>;
  /** Must-not lines on which a forbidden intent was acted on. */
  mustNotViolations: { text: string; got: string[] }[];
  mustNotLines: number;
  failures: { text: string; office: string; expected: string[]; got: string[] }[];
}

export function score(lines: EvalLine[], predictions: string[][]): Scores {
  const tally = new Map<string, { tp: number; fp: number; fn: number }>();
  const get = (i: string) => tally.get(i) ?? (tally.set(i, { tp: 0, fp: 0, fn: 0 }), tally.get(i)!);
  const confusions = new Map<string, number>();
  const groups = { style: new Map<string, [number, number]>(), office: new Map<string, [number, number]>() };
  const failures: Scores['failures'] = [];
  const mustNotViolations: Scores['mustNotViolations'] = [];
  let correct = 0;
  lines.forEach((line, k) => {
    const acted = predictions[k];
    // A confirmed request counts as understood; only an unasked handoff breaks a must-not line.
    const got = acted.map((g) => (g === CONFIRM_HANDOFF ? 'handoff' : g));
    const expected = new Set(line.intents);
    const right = got.length === expected.size && got.every((g) => expected.has(g));
    if (right) correct++;
    else failures.push({ text: line.text, office: line.office, expected: line.intents, got });
    for (const i of expected) get(i)[got.includes(i) ? 'tp' : 'fn']++;
    for (const g of got) if (!expected.has(g)) get(g).fp++;
    if (!right && line.intents.length === 1 && got.length === 1) {
      const key = `${line.intents[0]} → ${got[0]}`;
      confusions.set(key, (confusions.get(key) ?? 0) + 1);
    }
    for (const [name, map] of [['style', groups.style], ['office', groups.office]] as const) {
      const g = map.get(line[name]) ?? [0, 0];
      map.set(line[name], [g[0] + 1, g[1] + (right ? 1 : 0)]);
    }
    if (line.mustNot?.some((i) => acted.includes(i))) mustNotViolations.push({ text: line.text, got: acted });
  });
  const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);
  const summarise = (m: Map<string, [number, number]>) => Object.fromEntries([...m].map(([k, [n, ok]]) => [k, { lines: n, accuracy: ratio(ok, n) }]));
  return {
    lines: lines.length,
    correct,
    accuracy: ratio(correct, lines.length),
    perIntent: [...tally]
      .map(([intent, t]) => ({ intent, support: t.tp + t.fn, precision: ratio(t.tp, t.tp + t.fp), recall: ratio(t.tp, t.tp + t.fn) }))
      .sort((a, b) => a.intent.localeCompare(b.intent)),
    confusions: [...confusions].map(([k, count]) => ({ expected: k.split(' → ')[0], got: k.split(' → ')[1], count })).sort((a, b) => b.count - a.count),
    perStyle: summarise(groups.style),
    perOffice: summarise(groups.office),
    mustNotViolations,
    mustNotLines: lines.filter((l) => l.mustNot?.length).length,
    failures,
  };
}

/** The trained understanding of each office named in the set (training takes well under a second each). */
export async function understandingsFor(flowsDir: string, offices: string[]): Promise<Map<string, Understanding>> {
  const out = new Map<string, Understanding>();
  for (const office of offices) {
    const profile = loadAgencyProfile(flowsDir, office);
    out.set(office, await loadUnderstanding({ flowsDir, flowIntents: FLOW_INTENTS, officeUtterances: profile.utterances, officeFile: `${office}.yaml` }));
  }
  return out;
}

export async function evaluate(flowsDir: string, lines: EvalLine[]): Promise<Scores> {
  const byOffice = await understandingsFor(flowsDir, [...new Set(lines.map((l) => l.office))]);
  const predictions: string[][] = [];
  for (const line of lines) predictions.push(actedOn(await byOffice.get(line.office)!.understand(line.text)));
  return score(lines, predictions);
}

/** The old keyword matcher, scored as its router acted: a greeting first, else the one matched intent. */
export function evaluateKeywordBaseline(lines: EvalLine[]): Scores {
  const matcher = loadKeywordBaseline();
  const predictions = lines.map((line) => {
    const text = keywordWords(line.text);
    // The old router greeted (and showed the menu) before looking at anything else.
    if (matcher.greeting(text)) return ['greeting'];
    const intent = matcher.match(text);
    if (intent && intent !== 'yes' && intent !== 'no') return [intent];
    if (/\d{16}/.test(line.text.replace(/[ .-]/g, ''))) return ['check'];
    return ['none'];
  });
  return score(lines, predictions);
}
